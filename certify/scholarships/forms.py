from datetime import date

from django import forms
from django.utils import timezone

from certify.core.forms import AmountField
from certify.core.money import Money
from certify.memberships.models import Organisation
from certify.programs.models import Program
from certify.scholarships.models import AwardPayment, Fund, Purpose, SponsorMember
from certify.scholarships.selectors import default_program
from certify.scholarships.services.applications import STATEMENT_MAX
from certify.scholarships.states import US_STATES

DATE_ERRORS = {"invalid": "Enter the date as year-month-day, for example 2027-03-01."}


class ApplyForm(forms.Form):
    purpose = forms.ChoiceField(
        label="What should the award pay?",
        widget=forms.RadioSelect,
        error_messages={"required": "Choose what the award would pay."},
    )
    statement = forms.CharField(
        label="Your statement",
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=f"Up to {STATEMENT_MAX:,} characters: why you are applying, and how the "
        "award would help you toward certification.",
        error_messages={
            "required": "Write a short statement: why you are applying and how it helps."
        },
        strip=True,
    )
    class_details = forms.CharField(
        label="The class (if the award is for a class)",
        max_length=300,
        required=False,
        help_text="Its title, who teaches it and when, e.g. “Cataloging basics, Lakeland "
        "Community College, spring term”.",
    )
    state_of_employment = forms.ChoiceField(
        label="State where you work",
        required=False,
        choices=[("", "Choose a state"), *US_STATES.items()],
    )
    years_experience = forms.IntegerField(
        label="Years of library experience",
        required=False,
        min_value=0,
        max_value=80,
        error_messages={
            "invalid": "Enter a whole number of years, for example 3.",
            "min_value": "Enter 0 or more years.",
            "max_value": "Enter your years of library experience (at most 80).",
        },
    )

    def __init__(self, *args, fund: Fund, **kwargs):
        super().__init__(*args, **kwargs)
        purposes = fund.purposes
        self.fields["purpose"].choices = [(p.value, p.label) for p in purposes]  # type: ignore[attr-defined]
        if len(purposes) == 1:
            self.fields["purpose"].required = False
            self.fields["purpose"].widget = forms.HiddenInput()
            self.fields["purpose"].initial = purposes[0].value
        if Purpose.CLASS not in purposes:
            del self.fields["class_details"]
        words = fund.experience_words
        if not fund.state_list:
            del self.fields["state_of_employment"]
        else:
            self.fields[
                "state_of_employment"
            ].help_text = (
                f"This fund is open to {words.staff} employed in {', '.join(fund.state_list)}."
            )
        if not fund.min_years_experience:
            del self.fields["years_experience"]
        else:
            years = self.fields["years_experience"]
            years.label = f"Years of {words.experience}"
            years.error_messages = {
                **years.error_messages,
                "max_value": f"Enter your years of {words.experience} (at most 80).",
            }
            self.fields[
                "years_experience"
            ].help_text = f"This fund needs at least {fund.min_years_experience} years."


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label="Decision",
        choices=[("award", "Award"), ("decline", "Do not award")],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose whether to award it."},
    )
    reason = forms.CharField(
        label="Reason",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="The applicant reads it. Needed when you do not award.",
    )


class DrawForm(forms.Form):
    places = forms.IntegerField(
        label="Awards to draw",
        min_value=1,
        error_messages={
            "required": "Enter how many awards to draw.",
            "invalid": "Enter a whole number, for example 5.",
            "min_value": "Draw at least one award.",
        },
    )


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label="Reason",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="The recipient reads it.",
        error_messages={"required": "Say why the award is withdrawn: the recipient reads this."},
    )


class GiveBackForm(ReasonForm):
    """The recipient giving her own award back: her words go to the sponsor, not to herself."""

    def __init__(self, *args, sponsor: str, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["reason"]
        field.label = "Why are you giving the award back?"
        field.help_text = f"{sponsor} reads it."
        field.error_messages["required"] = f"Say why you are giving it back: {sponsor} reads this."


class AwardPaymentForm(forms.Form):
    payee = forms.ChoiceField(
        label="Paid to",
        choices=AwardPayment.Payee.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose who was paid: the candidate or the class provider."},
    )
    payee_name = forms.CharField(
        label="Name of the payee",
        max_length=200,
        required=False,
        help_text="The class provider's name; leave empty when the candidate was paid.",
    )
    reference = forms.CharField(
        label="Check number or transfer reference",
        max_length=100,
        error_messages={"required": "Enter the check number or transfer reference."},
    )
    paid_on = forms.DateField(
        label="Paid on",
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"required": "Enter the date it was paid.", **DATE_ERRORS},
    )

    def __init__(self, *args, today: date | None = None, **kwargs):
        """`today`: the fund's day (its program's), the latest day the payment may be dated."""
        super().__init__(*args, **kwargs)
        self.fields["paid_on"].initial = today or timezone.localdate()


class FundForm(forms.Form):
    name = forms.CharField(
        label="Name", max_length=200, error_messages={"required": "Give the fund a name."}
    )
    description = forms.CharField(
        label="Description", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    purposes = forms.MultipleChoiceField(
        label="It pays toward",
        choices=Purpose.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Choose at least one thing the fund pays for."},
    )
    program = forms.ModelChoiceField(
        label="Program",
        queryset=Program.objects.none(),
        required=False,
        empty_label="The site's default program",
        help_text="The program whose fees the fund pays toward.",
    )
    budget = AmountField(label="Budget", error_messages={"required": "Enter the fund's budget."})
    award = AmountField(
        label="Amount of one award",
        error_messages={"required": "Enter the amount of one award."},
    )
    max_awards = forms.IntegerField(
        label="Largest number of awards",
        min_value=1,
        help_text="The fund makes no more awards than this, even with money left.",
        error_messages={
            "required": "Enter how many awards it makes at most.",
            "min_value": "Allow at least one award.",
            "invalid": "Enter a whole number, for example 5.",
        },
    )
    opens_on = forms.DateField(
        label="Applications open on",
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"required": "Enter the day applications open.", **DATE_ERRORS},
    )
    closes_on = forms.DateField(
        label="Applications close on (optional)",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text="The last day to apply; leave empty to keep it open.",
        error_messages=DATE_ERRORS,
    )
    decisions_by = forms.DateField(
        label="Decisions announced by (optional)",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text="Shown on the fund's page and to applicants: “Decisions by …”.",
        error_messages=DATE_ERRORS,
    )
    method = forms.ChoiceField(
        label="How awards are decided", choices=Fund.Method.choices, widget=forms.RadioSelect
    )
    chair = forms.ModelChoiceField(
        label="Committee chair (optional)",
        queryset=SponsorMember.objects.none(),
        required=False,
        empty_label="No chair: any of your people decides",
        help_text="Members score each application on the rubric; the chair confirms the awards.",
    )
    required_organisations = forms.ModelMultipleChoiceField(
        label="Memberships applicants need",
        queryset=Organisation.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="A confirmed, current membership of each one checked.",
    )
    cooldown_months = forms.IntegerField(
        label="One award per person in (months)",
        min_value=0,
        max_value=120,
        help_text="One rule for all your funds: changing it here changes it for each of them; "
        "0 for no limit.",
        error_messages={"invalid": "Enter a whole number of months, for example 18."},
    )
    states = forms.CharField(
        label="Open to people employed in (optional)",
        max_length=200,
        required=False,
        help_text="Two-letter state codes separated by commas, e.g. “OK, TX”; empty for anywhere.",
    )
    min_years_experience = forms.IntegerField(
        label="Years of library experience needed",
        min_value=0,
        max_value=50,
        error_messages={"invalid": "Enter a whole number of years, for example 2."},
    )
    award_valid_months = forms.IntegerField(
        label="An unused award returns to the fund after (months)",
        min_value=1,
        max_value=60,
        error_messages={"invalid": "Enter a whole number of months, for example 12."},
    )
    is_active = forms.BooleanField(
        label="Open: shown to candidates",
        required=False,
        help_text="Uncheck to close the fund: candidates no longer see it or apply to it; "
        "its awards and reports stay.",
    )

    def __init__(self, *args, currency: str = "USD", sponsor_id: int | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["chair"].queryset = (  # type: ignore[attr-defined]
            SponsorMember.objects.filter(sponsor_id=sponsor_id or 0)
            .select_related("user")
            .order_by("user__full_name", "user__email")
        )
        self.fields["chair"].label_from_instance = lambda m: m.user.full_name or m.user.email  # type: ignore[attr-defined]
        self.fields["program"].queryset = Program.objects.order_by("name")  # type: ignore[attr-defined]
        if default := default_program():
            # Named, not "the site's default": a volunteer need not know what the default is.
            self.fields["program"].empty_label = f"{default.name} (the default)"  # type: ignore[attr-defined]
        self.fields["required_organisations"].queryset = Organisation.objects.filter(  # type: ignore[attr-defined]
            is_active=True
        ).order_by("code")
        for name in ("budget", "award"):
            self.fields[name].currency = currency  # type: ignore[attr-defined]
            self.fields[name].help_text = f"In {currency}, for example 1000 or 200."

    @staticmethod
    def initial_for(fund: Fund) -> dict:
        return {
            "name": fund.name,
            "description": fund.description,
            "purposes": [p.value for p in fund.purposes],
            "program": fund.program_id,
            "budget": Money(fund.budget_cents, fund.currency),
            "award": Money(fund.award_cents, fund.currency),
            "max_awards": fund.max_awards,
            "opens_on": fund.opens_on,
            "closes_on": fund.closes_on,
            "decisions_by": fund.decisions_by,
            "chair": SponsorMember.objects.filter(sponsor_id=fund.sponsor_id, user_id=fund.chair_id)
            .values_list("pk", flat=True)
            .first()
            if fund.chair_id
            else None,
            "method": fund.method,
            "required_organisations": list(fund.required_organisations.all()),
            "cooldown_months": fund.cooldown_months,
            "states": ", ".join(fund.state_list),
            "min_years_experience": fund.min_years_experience,
            "award_valid_months": fund.award_valid_months,
            "is_active": fund.is_active,
        }

    def service_fields(self) -> dict:
        data = dict(self.cleaned_data)
        purposes = set(data.pop("purposes"))
        return {
            "name": data["name"],
            "description": data["description"],
            "program": data["program"],
            "pays_enrollment": Purpose.ENROLLMENT in purposes,
            "pays_class": Purpose.CLASS in purposes,
            "pays_renewal": Purpose.RENEWAL in purposes,
            "budget_cents": data["budget"].cents,
            "award_cents": data["award"].cents,
            "max_awards": data["max_awards"],
            "opens_on": data["opens_on"],
            "closes_on": data["closes_on"],
            "decisions_by": data["decisions_by"],
            "chair": data["chair"].user if data["chair"] else None,
            "method": data["method"],
            "cooldown_months": data["cooldown_months"],
            "states": data["states"],
            "min_years_experience": data["min_years_experience"],
            "award_valid_months": data["award_valid_months"],
            "is_active": data["is_active"],
        }


class MemberForm(forms.Form):
    email = forms.EmailField(
        label="Their e-mail address",
        error_messages={
            "required": "Enter the person's e-mail address.",
            "invalid": "Enter an e-mail address, like name@example.org.",
        },
    )
    role = forms.ChoiceField(
        label="Role",
        choices=SponsorMember.Role.choices,
        initial=SponsorMember.Role.COMMITTEE,
        widget=forms.RadioSelect,
    )


class StatusFilterForm(forms.Form):
    status = forms.ChoiceField(label="Status", required=False)

    def __init__(self, *args, choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [("", "All"), *choices]  # type: ignore[attr-defined]
