"""Forms of provider consent (ADR 0021): naming a course in the plan, inviting a candidate."""

from django import forms

from certify.courses.forms import CourseChoices
from certify.courses.models import Course


class NameCourseForm(CourseChoices):
    course = forms.ModelChoiceField(
        queryset=Course.objects.none(),
        label="The approved course you are taking",
        empty_label="Choose the course",
        help_text="Its provider may then report your completion, and it counts at once.",
        error_messages={"required": "Choose the course you are taking."},
    )

    with_provider = True


class InviteForm(CourseChoices):
    course = forms.ModelChoiceField(
        queryset=Course.objects.none(),
        label="Course",
        empty_label="Choose the course",
        error_messages={"required": "Choose the course you invite them to."},
    )
    who = forms.CharField(
        label="The candidate's e-mail address or candidate number",
        max_length=254,
        help_text="For example sam.lee@example.org or {candidate_number}.",
        error_messages={"required": "Give the candidate's e-mail address or candidate number."},
    )
