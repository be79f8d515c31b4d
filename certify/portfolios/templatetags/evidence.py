from django import template

from certify.portfolios.blind import title_for
from certify.portfolios.models import EvidenceItem

register = template.Library()


@register.simple_tag(takes_context=True)
def evidence_title(context: template.Context, item: EvidenceItem) -> str:
    """The item's title for whoever reads the page: the candidate's own only where the view says
    `show_titles` (the candidate, staff); anyone else, a reviewer, reads "Evidence 3 (PDF)"."""
    return title_for(
        item,
        show_titles=bool(context.get("show_titles")),
        numbers=context.get("evidence_numbers") or {},
    )
