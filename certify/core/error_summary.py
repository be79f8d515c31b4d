"""The error summary of a refused form (the GOV.UK pattern, ADR 0043): each problem once, linked
to the field it is about, which shows the same words beside it. Templates call these through the
`form_errors` tag library (`{% error_links form as problems %}`); a view that builds its own
summary from a form's (renewals' decision) imports them from here."""

from django import forms

# A browser never fills a file input again: a file chosen on a refused page must be chosen again.
FILE_AGAIN = "Choose the file again: a page that was refused cannot keep it."


def _target(field: forms.BoundField, id_format: str, values: dict[str, object]) -> str:
    if id_format:
        return id_format.format(name=field.name, **values)
    if isinstance(field.field.widget, forms.RadioSelect | forms.CheckboxSelectMultiple):
        return f"{field.auto_id}_0"  # the first choice: a group has no id of its own
    return str(field.auto_id)


def _generic(field: forms.BoundField) -> set[str]:
    """The words Django gives a field of this kind and its validators ("Enter a number."), which
    do not say which field they are about; a form's own words ("Enter the name of the library.")
    do."""
    defaults = {
        str(message)
        for cls in type(field.field).__mro__
        for message in getattr(cls, "default_error_messages", {}).values()
    }
    return defaults | {str(getattr(v, "message", "")) for v in field.field.validators}


def _messages(field: forms.BoundField) -> list[str]:
    """The field's errors as the summary lists them: Django's generic words, read away from the
    field, are prefixed with its label ("Hours per week: Enter a number.")."""
    generic = _generic(field)
    label = str(field.label or "").rstrip(":")
    said = []
    for error in field.form.errors.as_data()[field.name]:
        for message in error:  # a ValidationError iterates its rendered messages
            text = str(message)
            said.append(f"{label}: {text}" if label and str(error.message) in generic else text)
    return said


def error_links(
    form: forms.BaseForm | None, id_format: str = "", **values: object
) -> list[tuple[str, str]]:
    """(message, "#field-id") for each error of a bound form, in the form's field order; errors
    that belong to no field come first, without a link. `id_format` names the fields' ids where
    a template writes its own inputs ("ev{pk}-{name}" with pk=12); otherwise Django's ids. A
    file that was sent with a refused form, and was not itself the problem, is named too: the
    person must choose it again. Django's generic words name the field's label first: the
    summary is read away from the field."""
    if form is None or not form.is_bound or not form.errors:
        return []
    links = [(str(message), "") for message in form.non_field_errors()]
    for field in form:
        if field.errors:
            target = _target(field, id_format, values)
            links.extend((message, f"#{target}") for message in _messages(field))
        elif isinstance(field.field, forms.FileField) and form.files.get(field.html_name):
            links.append((FILE_AGAIN, f"#{_target(field, id_format, values)}"))
    return links


def formset_error_links(
    formset: forms.BaseFormSet | None, line: str = "Line {number}"
) -> list[tuple[str, str]]:
    """The summary of a refused formset (several lines of one form, like a rubric's criteria):
    the formset's own errors first, without a link, then each line's, named by `line` ("Criterion
    {number}: Give at least 1 point.") and linked to its field. Beside the field the same words
    stand without the name: the line's own heading says it there."""
    if formset is None or not formset.is_bound:
        return []
    links = [(str(message), "") for message in formset.non_form_errors()]
    for number, form in enumerate(formset.forms, start=1):
        name = line.format(number=number)
        links.extend((f"{name}: {message}", href) for message, href in error_links(form))
    return links
