from decimal import Decimal, InvalidOperation

from django import forms

from certify.core.forms import AmountField
from certify.core.money import ForeignMarkError, amount_digits, currency_name, currency_units
from certify.core.uploads import limits_in_words as in_words
from certify.core.widgets import QuickSelect
from certify.courses import rubric
from certify.courses.models import Course, Provider
from certify.courses.numbers import number_examples_fill
from certify.programs import api as programs_api
from certify.programs.models import CompetencySet

DATE_INVALID = "Enter the date as year-month-day, for example 2026-03-31."


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


def _date_field(label: str, *, required: bool = True, help_text: str = "") -> forms.DateField:
    return forms.DateField(
        label=label,
        required=required,
        help_text=help_text,
        widget=DateInput(),
        error_messages={"invalid": DATE_INVALID, "required": f"Enter the {label.lower()}."},
    )


class CostField(AmountField):
    """A price typed as people write it ("0", "250", "$1,250.50"), kept in whole cents (an int;
    zero is a free course). Asked for in the program's currency (`currency`, its code; empty
    while the program is not known yet), like every amount (`AmountField`)."""

    def clean(self, value):
        text = forms.CharField.clean(self, value)
        if text in (None, ""):
            return None
        try:
            amount = Decimal(amount_digits(text, self.currency))
        except ForeignMarkError as error:
            raise forms.ValidationError(str(error)) from None
        except InvalidOperation:
            units = (
                currency_units(self.currency)
                if self.currency
                else "the program's currency, to the cent"
            )
            raise forms.ValidationError(
                f"Enter the price in {units}, for example 250 or 0 for a free course."
            ) from None
        if amount != amount.quantize(Decimal("0.01")):
            raise forms.ValidationError("Enter the price to the cent: at most two decimals.")
        if amount < 0:
            raise forms.ValidationError("The price cannot be negative.")
        return int(amount * 100)


# --- Providers ---------------------------------------------------------------------------------


class ProviderRegisterForm(forms.ModelForm):
    class Meta:
        model = Provider
        fields = ["name", "kind", "website", "contact_email", "description"]
        labels = {
            "name": "Organization name",
            "kind": "Kind of organization",
            "website": "Website (optional)",
            "contact_email": "Contact e-mail for candidates and staff",
            "description": "About the organization (optional)",
        }
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}
        error_messages = {
            "name": {"required": "Give the organization's name."},
            "kind": {"required": "Choose the kind of organization."},
            "contact_email": {
                "required": "Give a contact e-mail address.",
                "invalid": "Enter a valid e-mail address, like courses@college.edu.",
            },
            "website": {"invalid": "Enter a web address starting with https://"},
        }

    def validate_unique(self):
        pass  # the service says it in the registrant's words


class MemberAddForm(forms.Form):
    email = forms.EmailField(
        label="Your colleague's e-mail address",
        help_text="We e-mail them an invitation. They act for your organization once they "
        "accept it, signed in with this address.",
        error_messages={
            "required": "Give your colleague's e-mail address.",
            "invalid": "Enter a valid e-mail address.",
        },
    )


class ApiKeyForm(forms.Form):
    name = forms.CharField(
        label="What is the key for?",
        max_length=100,
        help_text="For example “Moodle completion export”.",
        error_messages={"required": "Say what the key is for."},
    )
    days = forms.IntegerField(
        label="Valid for (days)",
        min_value=1,
        max_value=730,
        initial=365,
        required=False,
        help_text="From 1 to 730 days (empty: 365). Make a new key before it expires.",
        error_messages={
            "invalid": "Give a whole number of days.",
            "min_value": "A key works for at least 1 day.",
            "max_value": "A key works for at most 730 days (two years).",
        },
    )


# --- Courses -----------------------------------------------------------------------------------

CONTENT = ["competency_set", "title", "description", "format", "assessments", "instructors"]
# The tuition is one of the model's fields (`cost_cents`, declared below as a field in the
# program's currency): listed here so the form shows the course's value when it edits one.
SCHEDULE = ["self_paced", "start_date", "end_date", "cost_cents", "url"]


class CourseForm(forms.ModelForm):
    cost_cents = CostField(
        label="Tuition",
        help_text="What a candidate pays you; 0 for a free course.",
        error_messages={"required": "Give the tuition; 0 for a free course."},
    )

    class Meta:
        model = Course
        fields = [*CONTENT, *SCHEDULE]
        labels = {
            "competency_set": "Competency set the course is for",
            "title": "Course title",
            "description": "Description",
            "format": "Format",
            "self_paced": "Self-paced: learners start when they like",
            "start_date": "Start date",
            "end_date": "End date (optional)",
            "url": "Web page to enroll (optional)",
            "assessments": "Assessments",
            "instructors": "Instructors",
        }
        help_texts = {
            "assessments": "How learners show what they learned: assignments, projects, exams.",
            "instructors": "Who teaches it, and their qualifications.",
            "start_date": "Of the next cohort. Leave empty for a self-paced course.",
        }
        widgets = {
            "description": forms.Textarea(attrs={"rows": 5}),
            "assessments": forms.Textarea(attrs={"rows": 3}),
            "instructors": forms.Textarea(attrs={"rows": 3}),
            "format": forms.RadioSelect,
            "start_date": DateInput(),
            "end_date": DateInput(),
        }
        error_messages = {
            "competency_set": {"required": "Choose the competency set the course is for."},
            "title": {"required": "Give the course title."},
            "description": {"required": "Describe the course."},
            "format": {"required": "Choose online, in person or hybrid."},
            "assessments": {"required": "Describe the assessments."},
            "instructors": {"required": "Name the instructors and their qualifications."},
            "start_date": {"invalid": DATE_INVALID},
            "end_date": {"invalid": DATE_INVALID},
            "url": {"invalid": "Enter a web address starting with https://"},
        }

    def __init__(self, *args, content_locked: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        # Courses are approved for sets of the published framework versions (ADR 0056).
        self.fields["competency_set"].queryset = (  # type: ignore[attr-defined]
            CompetencySet.objects.filter(framework_version__status="published")
            .select_related("program")
            .order_by("program__name", "order")
        )
        self.fields["format"].choices = Course.Format.choices  # type: ignore[attr-defined]
        self._ask_cost_in_currency()
        if content_locked:
            for name in CONTENT:
                self.fields[name].disabled = True

    def _ask_cost_in_currency(self) -> None:
        """The tuition is in the currency of the course's program: the course's own when it is
        edited, else that of the set chosen, else the one all programs share. While programs
        differ and no set is chosen yet, the help says which program charges in which."""
        sets = self.fields["competency_set"].queryset  # type: ignore[attr-defined]
        currency = ""
        if self.instance.pk and self.instance.program_id:
            currency = self.instance.program.currency
        elif self.is_bound:
            chosen = str(self.data.get(self.add_prefix("competency_set")) or "")
            found = sets.filter(pk=int(chosen)).first() if chosen.isdigit() else None
            currency = found.program.currency if found is not None else ""
        if not currency:
            by_program = dict(sets.values_list("program__short_name", "program__currency"))
            if len(set(by_program.values())) == 1:
                currency = next(iter(by_program.values()))
            elif by_program:
                field = self.fields["cost_cents"]
                field.help_text = (
                    "What a candidate pays you, in the currency of the program the set is for ("
                    + "; ".join(f"{p}: {currency_name(c)}" for p, c in sorted(by_program.items()))
                    + "); 0 for a free course."
                )
        field = self.fields["cost_cents"]
        field.currency = currency  # type: ignore[attr-defined]
        if currency:
            field.label = f"Tuition ({currency_name(currency)})"

    def clean(self):
        data = super().clean() or {}
        if (
            not data.get("self_paced")
            and not data.get("start_date")
            and "start_date" not in (self.errors)
        ):
            self.add_error(
                "start_date", "Give the start date, or check “self-paced” if there is none."
            )
        start, end = data.get("start_date"), data.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", "The course cannot end before it starts.")
        return data

    def service_fields(self) -> dict:
        data = dict(self.cleaned_data)
        return {k: v for k, v in data.items() if not self.fields[k].disabled}


class SyllabusForm(forms.Form):
    syllabus = forms.FileField(
        label="Syllabus",
        help_text=in_words("PDF, Word or OpenDocument, {limits}."),
        error_messages={"required": "Choose the syllabus file to upload."},
    )


class CourseDecisionForm(forms.Form):
    DECISIONS = [("approve", "Approve"), ("return", "Return to the provider with comments")]
    decision = forms.ChoiceField(
        choices=DECISIONS,
        widget=forms.RadioSelect,
        label="Decision",
        error_messages={"required": "Choose approve or return."},
    )
    comments = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        label="Comments for the provider",
        help_text="Required when you return the course.",
    )


class EvaluationForm(forms.Form):
    """One score (1-4) and comment per rubric criterion, and an overall comment."""

    comment = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}), required=False, label="Overall comment"
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for criterion in rubric.CRITERIA:
            self.fields[f"score_{criterion.key}"] = forms.TypedChoiceField(
                choices=rubric.SCORES,
                coerce=int,
                widget=forms.RadioSelect,
                label=criterion.label,
                help_text=criterion.question,
                error_messages={"required": f"Score “{criterion.label}” from 1 to 4."},
            )
            self.fields[f"comment_{criterion.key}"] = forms.CharField(
                widget=forms.Textarea(attrs={"rows": 2}),
                required=False,
                label=f"Comment on {criterion.label.lower()}",
            )

    def criteria(self):
        for criterion in rubric.CRITERIA:
            yield criterion, self[f"score_{criterion.key}"], self[f"comment_{criterion.key}"]

    def scores(self) -> dict[str, tuple[int | None, str]]:
        return {
            c.key: (
                self.cleaned_data.get(f"score_{c.key}"),
                self.cleaned_data.get(f"comment_{c.key}", ""),
            )
            for c in rubric.CRITERIA
        }


# --- Completions -------------------------------------------------------------------------------


class CourseChoices(forms.Form):
    """A form whose `course` choices the view gives (`courses=`), optionally shown with their
    provider's name (`with_provider`)."""

    with_provider = False

    def __init__(self, *args, courses=None, **kwargs):
        super().__init__(*args, **kwargs)
        if courses is not None:
            field = self.fields["course"]
            field.queryset = courses  # type: ignore[attr-defined]
            if self.with_provider:
                field.label_from_instance = lambda c: f"{c.title} ({c.provider.name})"  # type: ignore[attr-defined]
        number_examples_fill(self.fields.values(), courses)


class CompletionRecordForm(CourseChoices):
    course = forms.ModelChoiceField(
        queryset=Course.objects.none(),
        label="The approved course you completed",
        empty_label="Choose the course",
        error_messages={"required": "Choose the course you completed."},
    )
    completed_on = _date_field("Completion date")
    certificate = forms.FileField(
        label="Completion certificate signed by the provider",
        help_text=in_words("A PDF or a picture (PNG, JPEG), {limits}."),
        error_messages={"required": "Upload the completion certificate your provider signed."},
    )

    with_provider = True


class ImportForm(CourseChoices):
    course = forms.ModelChoiceField(
        queryset=Course.objects.none(),
        label="Course",
        empty_label="Choose the course",
        error_messages={"required": "Choose the course the completions are for."},
    )
    file = forms.FileField(
        label="CSV file",
        help_text=(
            "Columns: email or candidate_number, with full_name (as the candidate wrote it) or "
            "both; completed_on (2026-03-31); optionally reference. Rows match only candidates "
            "who named your course in their plan or accepted your invitation. Up to 20,000 rows."
        ),
        error_messages={"required": "Choose the CSV file to upload."},
    )


class CompletionReportForm(CourseChoices):
    """One completion reported by the provider: the service checks the facts as it checks a
    CSV's rows, so every field but the course is free text here."""

    course = forms.ModelChoiceField(
        queryset=Course.objects.none(),
        label="Course",
        empty_label="Choose the course",
        error_messages={"required": "Choose the course the candidate completed."},
    )
    email = forms.CharField(
        required=False,
        max_length=254,
        label="Candidate's e-mail address",
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
    )
    candidate_number = forms.CharField(
        required=False,
        max_length=40,
        label="Candidate number",
        help_text="It looks like {candidate_number}. Give it, the e-mail address, or both.",
    )
    full_name = forms.CharField(
        required=False,
        max_length=200,
        label="Candidate's full name",
        help_text=(
            "As the candidate wrote it. Needed unless you give both the candidate number and "
            "the e-mail address."
        ),
    )
    completed_on = forms.CharField(required=False, label="Completion date", widget=DateInput())
    reference = forms.CharField(required=False, max_length=100, label="Your reference (optional)")


class UnmatchedForm(forms.Form):
    ACTIONS = [("match", "Match to a candidate"), ("dismiss", "Dismiss")]
    action = forms.ChoiceField(choices=ACTIONS, error_messages={"required": "Choose an action."})
    candidate = forms.CharField(
        required=False, max_length=254, label="Candidate's e-mail or candidate number"
    )
    note = forms.CharField(required=False, max_length=2000, label="Reason")


# --- The catalogue -----------------------------------------------------------------------------


class CatalogueFilterForm(forms.Form):
    q = forms.CharField(required=False, label="Search", max_length=200)
    set = forms.ChoiceField(required=False, label="Competency set", widget=QuickSelect)
    format = forms.ChoiceField(
        required=False,
        label="Format",
        choices=[("", "Any format"), *Course.Format.choices],
        widget=QuickSelect,
    )
    provider = forms.TypedChoiceField(
        required=False, label="Provider", coerce=int, empty_value=None, widget=QuickSelect
    )
    max_cost = CostField(required=False, label="Costs at most (USD)")
    starts_from = _date_field("Starts on or after", required=False)
    starts_until = _date_field("Starts on or before", required=False)

    def __init__(self, *args, sets=(), providers=(), currency="USD", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["max_cost"].label = f"Costs at most ({currency})"  # the program's currency
        self.fields["max_cost"].currency = currency  # type: ignore[attr-defined]
        self.fields["set"].choices = [("", "Any set"), *[(s.code, s.name) for s in sets]]  # type: ignore[attr-defined]
        # `providers`: (id, name) pairs (`selectors.catalogue_providers`).
        self.fields["provider"].choices = [("", "Any provider"), *providers]  # type: ignore[attr-defined]


# --- Recognised programmes ---------------------------------------------------------------------


class ProgrammeForm(forms.Form):
    college = forms.CharField(
        max_length=200, label="College", error_messages={"required": "Give the college's name."}
    )
    name = forms.CharField(
        max_length=200,
        label="Program",
        help_text="For example “Library Technical Assistant, AAS”.",
        error_messages={"required": "Give the program's name."},
    )
    reference = forms.CharField(max_length=100, required=False, label="Agreement number")
    starts_on = _date_field("Covers graduations from")
    ends_on = _date_field(
        "Covers graduations until", required=False, help_text="Leave empty while it runs."
    )
    sets = forms.ModelMultipleChoiceField(
        queryset=CompetencySet.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        label="Competency sets it covers",
        error_messages={"required": "Choose the competency sets the program covers."},
    )
    notes = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), required=False)

    def __init__(self, *args, program=None, **kwargs):
        super().__init__(*args, **kwargs)
        if program is not None:
            self.fields["sets"].queryset = programs_api.competency_sets_of(  # type: ignore[attr-defined]
                program_id=program.pk
            )

    def clean(self):
        data = super().clean() or {}
        if data.get("starts_on") and data.get("ends_on") and data["ends_on"] < data["starts_on"]:
            self.add_error("ends_on", "The agreement cannot end before it starts.")
        return data


class ClaimForm(forms.Form):
    programme = forms.ModelChoiceField(
        queryset=Course.objects.none(),
        label="Your program",
        empty_label="Choose the program",
        error_messages={"required": "Choose the program you graduated from."},
    )
    graduated_on = _date_field("Graduation date")
    proof = forms.FileField(
        label="Proof of graduation",
        help_text=in_words("A transcript or the diploma: PDF or a picture, {limits}."),
        error_messages={"required": "Upload proof of graduation: a transcript or the diploma."},
    )

    def __init__(self, *args, programmes=None, **kwargs):
        super().__init__(*args, **kwargs)
        if programmes is not None:
            self.fields["programme"].queryset = programmes  # type: ignore[attr-defined]


class DecisionForm(forms.Form):
    DECISIONS = [("confirm", "Confirm"), ("reject", "Do not confirm")]
    decision = forms.ChoiceField(
        choices=DECISIONS, error_messages={"required": "Choose confirm or do not confirm."}
    )
    reason = forms.CharField(required=False, max_length=2000, label="Reason (if not confirmed)")
