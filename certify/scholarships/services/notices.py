"""What the scholarship services tell applicants (in the app and by e-mail, after commit)."""

from certify.notifications.api import notify
from certify.scholarships.models import Award, Purpose, ScholarshipApplication
from certify.scholarships.selectors import fund_program


def how_it_is_used(award: Award, *, to_recipient: bool = True) -> str:
    """One sentence on where the award's money goes, for the e-mail and the pages: written to
    the recipient, or (`to_recipient=False`) to the committee reading their application."""
    if award.invoice_id and award.invoice is not None:
        return (
            f"It is credited on invoice {award.invoice.code}; "
            f"{award.invoice.amount_due.with_cents()} is left to pay on it."
        )
    if award.purpose == Purpose.CLASS:
        return (
            f"{award.fund.sponsor.name} pays it toward the class, to the candidate or to the "
            "class provider, once the candidate has enrolled."
        )
    if award.purpose == Purpose.RENEWAL:
        if not to_recipient:
            return (
                "It will be credited on the recipient's renewal invoice as soon as they have one."
            )
        return "It will be credited on your renewal invoice as soon as you have one."
    return award.note


def tell_decision(
    *, application: ScholarshipApplication, award: Award | None = None, reason: str = ""
) -> None:
    notify(
        recipient=application.applicant,
        event="scholarship.decided",
        context={
            "program": fund_program(application.fund),  # the e-mail's sign-off: not LSSCP's
            "awarded": award is not None,
            "fund_name": application.fund.name,
            "sponsor": application.fund.sponsor.name,
            "amount": award.amount.with_cents() if award else "",
            "purpose": Purpose(application.purpose).label.lower(),
            "how_used": how_it_is_used(award) if award else "",
            "reason": reason,
        },
        link=application.get_absolute_url(),
    )


def tell_award_ended(*, award: Award) -> None:
    notify(
        recipient=award.recipient,
        event="scholarship.award_ended",
        context={
            "program": fund_program(award.fund),
            "fund_name": award.fund.name,
            "sponsor": award.fund.sponsor.name,
            "amount": award.amount.with_cents(),
            "expired": award.status == Award.Status.EXPIRED,
            "reason": award.end_reason,
        },
        link=award.application.get_absolute_url(),
    )
