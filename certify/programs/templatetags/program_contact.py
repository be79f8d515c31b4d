"""`{% program_contact as contact %}`: the default program's contact for the error pages;
`{% program_contact remembered=True as contact %}` on the static ones, which must not read the
database (`certify/programs/contact.py`). `{% program_help_url %}`: where every page's footer
sends a person for help (WCAG 3.2.6), without the database."""

from django import template
from django.conf import settings
from django.urls import reverse

from certify.programs import contact

register = template.Library()


@register.simple_tag
def program_contact(*, remembered: bool = False) -> contact.ProgramContact | None:
    return contact.program_contact_remembered() if remembered else contact.program_contact()


@register.simple_tag
def program_help_url() -> str:
    """The default program's questions and answers, which end with whom to write to."""
    return reverse("programs:faq", kwargs={"slug": settings.DEFAULT_PROGRAM})
