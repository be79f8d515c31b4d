"""Forms of the framework screens (ADR 0056): they parse; `programs.frameworks` decides."""

from django import forms

from certify.programs.models import CompetencySet


class DraftStartForm(forms.Form):
    label = forms.CharField(
        max_length=100,
        required=False,
        label="Name of the new version (optional)",
        help_text="What people will call it, for example “2012 revision”.",
    )


class SetForm(forms.Form):
    code = forms.CharField(
        max_length=20,
        help_text="A short code, unique in this version, for example FLS.",
    )
    name = forms.CharField(max_length=200)
    kind = forms.ChoiceField(
        label="Required or elective",
        choices=CompetencySet.Kind.choices,
        widget=forms.RadioSelect,
    )
    routes = forms.ChoiceField(
        label="Ways a candidate may show this set",
        choices=CompetencySet.Routes.choices,
        initial=CompetencySet.Routes.BOTH,
        widget=forms.RadioSelect,
        help_text="A recognized college program that covers the set counts either way.",
    )
    order = forms.IntegerField(
        min_value=0,
        max_value=999,
        required=False,
        help_text="Sets are listed by this number. Empty: after the last set.",
    )
    summary = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False)

    @classmethod
    def for_set(cls, cset: CompetencySet) -> "SetForm":
        return cls(
            prefix="set",
            initial={
                "code": cset.code,
                "name": cset.name,
                "kind": cset.kind,
                "routes": cset.routes,
                "order": cset.order,
                "summary": cset.summary,
            },
        )


class CompetencyForm(forms.Form):
    code = forms.CharField(max_length=30, help_text="Unique in this set, for example FLS-01.")
    statement = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="What the candidate shows they can do, in one or two sentences.",
    )
    portfolio_suggestion = forms.CharField(
        label="Suggested portfolio assignment (optional)",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )
    order = forms.IntegerField(
        min_value=0,
        max_value=999,
        required=False,
        help_text="Competencies are listed by this number. Empty: after the last one.",
    )


class CaseImportForm(forms.Form):
    file = forms.FileField(
        label="CASE file (JSON)",
        help_text="A 1EdTech CASE 1.0 CFPackage. The draft becomes exactly the file's "
        "framework: sets and competencies it does not hold are removed from the draft.",
    )


class MappingForm(forms.Form):
    """One choice per set of the old version: the new set it counts as, or none."""

    NONE = "none"

    def __init__(self, *args: object, rows: list, new_sets: list, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        choices = [(str(s.pk), f"{s.code}: {s.name}") for s in new_sets]
        choices.append((self.NONE, "None: it counts as no set of the new version"))
        self.rows = rows
        for row in rows:
            self.fields[f"set_{row.old.pk}"] = forms.ChoiceField(
                label=f"{row.old.code}: {row.old.name} counts as",
                choices=choices,
                initial=str(row.new.pk) if row.new else self.NONE,
            )

    def mapping(self) -> dict[int, int | None]:
        return {
            row.old.pk: (
                None
                if self.cleaned_data[f"set_{row.old.pk}"] == self.NONE
                else int(self.cleaned_data[f"set_{row.old.pk}"])
            )
            for row in self.rows
        }
