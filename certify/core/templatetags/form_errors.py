"""The error summary of a refused form (the GOV.UK pattern, ADR 0043): each problem once, linked
to the field it is about, which shows the same words beside it."""

from django import forms, template

register = template.Library()


@register.simple_tag
def error_links(
    form: forms.BaseForm | None, id_format: str = "", **values: object
) -> list[tuple[str, str]]:
    """(message, "#field-id") for each error of a bound form, in the form's field order; errors
    that belong to no field come first, without a link. `id_format` names the fields' ids where
    a template writes its own inputs ("ev{pk}-{name}" with pk=12); otherwise Django's ids."""
    if form is None or not form.is_bound:
        return []
    links = [(str(message), "") for message in form.non_field_errors()]
    for field in form:
        if not field.errors:
            continue
        if id_format:
            target = id_format.format(name=field.name, **values)
        elif isinstance(field.field.widget, forms.RadioSelect | forms.CheckboxSelectMultiple):
            target = f"{field.auto_id}_0"  # the first choice: a group has no id of its own
        else:
            target = field.auto_id
        links.extend((str(message), f"#{target}") for message in field.errors)
    return links
