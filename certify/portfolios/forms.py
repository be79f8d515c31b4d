from django import forms

from certify.accounts.models import User
from certify.casework.api import ASSIGNED_CHOICES
from certify.portfolios.verdicts import Rating
from certify.programs.api import program_list


class EvidenceForm(forms.Form):
    KINDS = [
        ("file", "Upload a file"),
        ("link", "Add a link"),
        ("attestation", "Ask a supervisor to attest"),
    ]
    kind = forms.ChoiceField(
        choices=KINDS, widget=forms.RadioSelect, initial="file", label="Kind of evidence"
    )
    title = forms.CharField(max_length=200, required=False, label="Title")
    description = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}), required=False, label="What it shows"
    )
    file = forms.FileField(required=False, label="File")
    url = forms.URLField(required=False, label="Web address", assume_scheme="https")
    attester_name = forms.CharField(max_length=200, required=False, label="Supervisor's name")
    attester_email = forms.EmailField(required=False, label="Supervisor's e-mail")
    attester_organization = forms.CharField(
        max_length=200, required=False, label="Supervisor's organization"
    )

    def __init__(self, *args, workplace: str = "organization", **kwargs) -> None:
        """`workplace`: the program's workplace noun ("library"), for the supervisor's."""
        super().__init__(*args, **kwargs)
        self.fields["attester_organization"].label = f"Supervisor's {workplace}"


class RatingForm(forms.Form):
    rating = forms.ChoiceField(choices=Rating.choices, widget=forms.RadioSelect, required=False)
    comment = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), required=False)


class CompleteForm(forms.Form):
    comment = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        label="Overall feedback for the candidate",
    )
    refer_to_course = forms.BooleanField(
        required=False, label="Suggest an approved course for this set"
    )


class AssignForm(forms.Form):
    """Staff's choice of a reviewer. Any person is taken here and the service's rule
    (`services.reviewer_refusals`) says why one may not review (a deactivated account, the
    reviewer role ended, a conflict…), beside the field; the page lists only whom it accepts."""

    reviewer = forms.ModelChoiceField(
        queryset=User.objects.none(),
        label="Reviewer",
        error_messages={
            "required": "Choose a reviewer.",
            "invalid_choice": "Choose a reviewer from the list.",
        },
    )
    replacing = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reviewer"].queryset = User.objects.all()  # type: ignore[attr-defined]


class AttestForm(forms.Form):
    answer = forms.ChoiceField(
        choices=[("give", "I can attest to this"), ("decline", "I cannot attest to this")],
        widget=forms.RadioSelect,
        label="Your answer",
    )
    text = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 6}),
        required=False,
        label="What you saw the candidate do",
    )
    organization = forms.CharField(
        max_length=200,
        required=False,
        label="Your organization",
        help_text="The reviewers see it, with the domain of your e-mail address.",
        widget=forms.TextInput(attrs={"aria-describedby": "org-help"}),
    )

    def __init__(self, *args, workplace: str = "organization", **kwargs) -> None:
        """`workplace`: the program's workplace noun ("library"), for the attester's."""
        super().__init__(*args, **kwargs)
        self.fields["organization"].label = f"Your {workplace}"


class StaffSubmissionFilterForm(forms.Form):
    needs_reviewers = forms.BooleanField(required=False, label="Waiting for reviewers only")
    assigned = forms.ChoiceField(required=False, label="Assigned to", choices=ASSIGNED_CHOICES)
    program = forms.ChoiceField(required=False, label="Program")

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        programs = program_list(published_only=False).values_list("slug", "short_name")
        self.fields["program"].choices = [("", "Every program"), *programs]  # type: ignore[attr-defined]
