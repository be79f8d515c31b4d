from django import template
from django.utils.safestring import SafeString, mark_safe

register = template.Library()


@register.filter
def rich(text: str) -> SafeString:
    """Render what someone typed as safe rich text (sanitised HTML or escaped paragraphs)."""
    from certify.portfolios.services import narrative_clean

    return mark_safe(narrative_clean(text or ""))  # noqa: S308  (nh3-sanitised or escaped)
