"""`{% form_token 'purpose' %}`: the hidden one-time token of a create-form answered by a page
(`core.once`, ADR 0043), for a page that writes several such forms (one per certificate)."""

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString

from certify.core.once import FIELD, once_issue

register = template.Library()


@register.simple_tag
def form_token(purpose: str) -> SafeString:
    return format_html('<input type="hidden" name="{}" value="{}">', FIELD, once_issue(purpose))
