"""The funds that pay a program's fees, as its costs page lists them (`programs.api.
cost_help_register`, registered in `apps.py`): each stated from the fund's own figures, so that
a change on the fund's page is what the program's page says (the sponsor's values are never
written out in the program's prose)."""

from django.conf import settings
from django.db.models import Q
from django.urls import reverse

from certify.programs.api import CostHelp, money_text, number_words, program_today
from certify.programs.models import Program
from certify.scholarships.models import Fund, Purpose

TOWARD = {
    Purpose.ENROLLMENT: "the enrollment fee",
    Purpose.CLASS: "a class toward certification",
    Purpose.RENEWAL: "renewing the certificate",
}


def fund_figures(fund: Fund) -> str:
    """ "$1,000.00 in all: five awards of $200.00 toward the enrollment fee. One award per
    person in any 18 months, counting all SSD scholarships together." """
    awards = fund.max_awards
    toward = " or ".join(TOWARD[p] for p in fund.purposes)
    text = (
        f"{money_text(fund.budget_cents, fund.currency)} in all: {number_words(awards)} "
        f"award{'' if awards == 1 else 's'} of {money_text(fund.award_cents, fund.currency)}"
        f"{f' toward {toward}' if toward else ''}."
    )
    if fund.cooldown_months:
        sponsor = fund.sponsor
        name = sponsor.organisation.code if sponsor.organisation else sponsor.name
        months = fund.cooldown_months
        text += (
            f" One award per person in any {months} month{'' if months == 1 else 's'}"
            f", counting all {name} scholarships together."
        )
    return text


def fund_help(program: Program) -> list[CostHelp]:
    """The active funds of active sponsors that pay `program`'s fees (a fund naming no program
    pays the default program's) and are not closed on the program's today."""
    of_program = Q(program=program)
    if program.slug == settings.DEFAULT_PROGRAM:
        of_program |= Q(program__isnull=True)
    today = program_today(program)
    funds = (
        Fund.objects.filter(of_program, is_active=True, sponsor__is_active=True)
        .filter(Q(closes_on__isnull=True) | Q(closes_on__gte=today))
        .select_related("sponsor", "sponsor__organisation")
        .order_by("sponsor__name", "opens_on", "name")
    )
    url = reverse("scholarships:index")
    return [CostHelp(title=fund.name, text=fund_figures(fund), url=url) for fund in funds]
