"""`{% grounds_closed appeal as closed %}`: why an appeal's grounds can no longer be given ("" while
they can), for the grounds form's pages (`appeals/partials/grounds_form.html`)."""

from django import template

from certify.appeals.models import Appeal
from certify.appeals.services import grounds_closed as _grounds_closed

register = template.Library()


@register.simple_tag
def grounds_closed(appeal: Appeal) -> str:
    return _grounds_closed(appeal)
