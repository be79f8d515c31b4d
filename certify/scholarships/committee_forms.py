"""Forms of the committee workspace: the rubric, a member's scores, a conflict (ADR 0050)."""

from django import forms

from certify.scholarships.models import RubricCriterion, Scorecard
from certify.scholarships.services.committee import COMMENT_MAX, MAX_CRITERIA, MAX_POINTS


class CriterionForm(forms.Form):
    name = forms.CharField(label="Criterion", max_length=120, required=False)
    max_points = forms.IntegerField(
        label="Most points",
        required=False,
        min_value=1,
        max_value=MAX_POINTS,
        error_messages={
            "invalid": "Enter a whole number of points, for example 10.",
            "min_value": "Give at least 1 point.",
            "max_value": f"Give at most {MAX_POINTS} points.",
        },
    )
    description = forms.CharField(
        label="What the committee looks for (optional)", max_length=300, required=False
    )


RubricFormSet = forms.formset_factory(CriterionForm, extra=2, max_num=MAX_CRITERIA)


def rubric_initial(criteria: list[RubricCriterion]) -> list[dict]:
    return [
        {"name": c.name, "max_points": c.max_points, "description": c.description} for c in criteria
    ]


class ScorecardForm(forms.Form):
    """One points field and one comment field per criterion of the fund's rubric."""

    def __init__(
        self, *args, criteria: list[RubricCriterion], card: Scorecard | None = None, **kwargs
    ):
        super().__init__(*args, **kwargs)
        self.criteria = criteria
        given = {s.criterion_id: s for s in card.scores.all()} if card else {}
        for c in criteria:
            self.fields[f"points_{c.pk}"] = forms.IntegerField(
                label=f"{c.name}: points (0 to {c.max_points})",
                min_value=0,
                max_value=c.max_points,
                help_text=c.description,
                initial=given[c.pk].points if c.pk in given else None,
                error_messages={
                    "required": f"Score “{c.name}” from 0 to {c.max_points}.",
                    "invalid": f"Enter a whole number from 0 to {c.max_points}.",
                    "min_value": f"“{c.name}” is scored from 0 to {c.max_points}.",
                    "max_value": f"“{c.name}” is scored from 0 to {c.max_points}.",
                },
            )
            self.fields[f"comment_{c.pk}"] = forms.CharField(
                label=f"{c.name}: comment (optional)",
                required=False,
                max_length=COMMENT_MAX,
                widget=forms.Textarea(attrs={"rows": 2}),
                initial=given[c.pk].comment if c.pk in given else "",
            )

    def rows(self) -> list[tuple[RubricCriterion, forms.BoundField, forms.BoundField]]:
        return [(c, self[f"points_{c.pk}"], self[f"comment_{c.pk}"]) for c in self.criteria]

    def scores(self) -> dict[int, tuple[int | None, str]]:
        data = self.cleaned_data
        return {
            c.pk: (data.get(f"points_{c.pk}"), data.get(f"comment_{c.pk}") or "")
            for c in self.criteria
        }


class ConflictForm(forms.Form):
    reason = forms.CharField(
        label="What is the conflict?",
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="For example “my sister” or “I supervise them”. Kept in the record; the "
        "applicant does not see it.",
        error_messages={"required": "Say what the conflict is (kept in the record)."},
    )
