from django import forms


class NoteForm(forms.Form):
    body = forms.CharField(
        label="Add an internal note",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Only program staff see notes: never the candidate, reviewers or anyone else. "
        "A note is kept as written, with your name and the time. A person's data download "
        "includes the notes about them.",
        error_messages={"required": "Write the note first: it is empty."},
    )


class AssignForm(forms.Form):
    assignee = forms.IntegerField(required=False, label="Assigned to")


class SavedFilterForm(forms.Form):
    name = forms.CharField(
        label="Save this filter as",
        max_length=80,
        error_messages={"required": "Give the filter a name."},
    )
    queue = forms.CharField(widget=forms.HiddenInput)
    query = forms.CharField(required=False, widget=forms.HiddenInput)
