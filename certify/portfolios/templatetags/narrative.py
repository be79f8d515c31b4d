from django import template
from django.utils.safestring import SafeString, mark_safe

register = template.Library()


@register.filter
def rich(text: str) -> SafeString:
    """Render what someone typed as safe rich text (sanitised HTML or escaped paragraphs)."""
    from certify.portfolios.services import narrative_clean

    return mark_safe(narrative_clean(text or ""))  # noqa: S308  (nh3-sanitised or escaped)


@register.filter
def draft_version(text: str) -> str:
    """The saved text's version, which a draft kept in the browser was based on (ADR 0037)."""
    from certify.core.drafts import text_version

    return text_version(text or "")
