"""The error summary of a refused form (the GOV.UK pattern, ADR 0043): each problem once, linked
to the field it is about, which shows the same words beside it."""

from django import forms, template

register = template.Library()

# A browser never fills a file input again: a file chosen on a refused page must be chosen again.
FILE_AGAIN = "Choose the file again: a page that was refused cannot keep it."


def _target(field: forms.BoundField, id_format: str, values: dict[str, object]) -> str:
    if id_format:
        return id_format.format(name=field.name, **values)
    if isinstance(field.field.widget, forms.RadioSelect | forms.CheckboxSelectMultiple):
        return f"{field.auto_id}_0"  # the first choice: a group has no id of its own
    return str(field.auto_id)


@register.simple_tag
def error_links(
    form: forms.BaseForm | None, id_format: str = "", **values: object
) -> list[tuple[str, str]]:
    """(message, "#field-id") for each error of a bound form, in the form's field order; errors
    that belong to no field come first, without a link. `id_format` names the fields' ids where
    a template writes its own inputs ("ev{pk}-{name}" with pk=12); otherwise Django's ids. A
    file that was sent with a refused form, and was not itself the problem, is named too: the
    person must choose it again."""
    if form is None or not form.is_bound or not form.errors:
        return []
    links = [(str(message), "") for message in form.non_field_errors()]
    for field in form:
        if field.errors:
            target = _target(field, id_format, values)
            links.extend((str(message), f"#{target}") for message in field.errors)
        elif isinstance(field.field, forms.FileField) and form.files.get(field.html_name):
            links.append((FILE_AGAIN, f"#{_target(field, id_format, values)}"))
    return links
