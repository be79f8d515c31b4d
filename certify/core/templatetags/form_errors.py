"""`{% error_links form as problems %}` and `{% formset_error_links formset "Line {number}" as
problems %}`: the error summary of a refused form (ADR 0043) for `partials/error_summary.html`.
What they say is `core.error_summary`'s; this library only lets templates call it."""

from django import template

from certify.core.error_summary import FILE_AGAIN, error_links, formset_error_links

__all__ = ["FILE_AGAIN", "error_links", "formset_error_links"]

register = template.Library()
register.simple_tag(error_links)
register.simple_tag(formset_error_links)
