from django import template

from certify.portfolios.blind import title_for
from certify.portfolios.models import EvidenceItem

register = template.Library()

# What the reviewer's viewer shows in the page (pdf.js draws a PDF; a picture is an <img>); every
# other type is downloaded, never shown inline (`review_views.evidence_view`).
VIEWER_KINDS = {
    "application/pdf": "pdf",
    "image/png": "image",
    "image/jpeg": "image",
    "image/gif": "image",
    "image/webp": "image",
}


@register.simple_tag(takes_context=True)
def evidence_title(context: template.Context, item: EvidenceItem) -> str:
    """The item's title for whoever reads the page: the candidate's own only where the view says
    `show_titles` (the candidate, staff); anyone else, a reviewer, reads "Evidence 3 (PDF)"."""
    return title_for(
        item,
        show_titles=bool(context.get("show_titles")),
        numbers=context.get("evidence_numbers") or {},
    )


@register.filter
def viewer_kind(item: EvidenceItem) -> str:
    """'pdf' or 'image' when the viewer shows this file in the page; '' when it is downloaded."""
    if item.kind != EvidenceItem.Kind.FILE:
        return ""
    return VIEWER_KINDS.get(item.content_type, "")
