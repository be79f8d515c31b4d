"""`{% program_contact as contact %}`: the default program's contact for the error pages;
`{% program_contact remembered=True as contact %}` on the static ones, which must not read the
database (`certify/programs/contact.py`). `{% site_contact as address %}`: whom to write to
about the site itself (the account pages). `{% program_help_url %}`: where every page's footer
sends a person for help (WCAG 3.2.6): the page's program's FAQ, or the default
program's, without the database."""

from django import template
from django.conf import settings
from django.urls import reverse

from certify.core import site as core_site
from certify.programs import contact
from certify.programs.models import Program

register = template.Library()


@register.simple_tag
def program_contact(*, remembered: bool = False) -> contact.ProgramContact | None:
    return contact.program_contact_remembered() if remembered else contact.program_contact()


@register.simple_tag
def site_contact_email() -> str:
    """The site's own contact address (`SITE_CONTACT_EMAIL`), "" when unset: the error pages
    then name the default program's staff and their address, as before."""
    return core_site.site_contact_email()


@register.simple_tag
def site_contact() -> str:
    """Whom to write to about the site itself, where the site speaks and not a program (the
    account pages: a closed account, a confirmation or reset e-mail that does not come): its own
    address (`SITE_CONTACT_EMAIL`), else the default program's contact address; "" when neither."""
    return contact.site_contact()


@register.simple_tag(takes_context=True)
def program_help_url(context: template.Context) -> str:
    """The questions and answers, which end with whom to write to, of the page's program when it
    has a published one (a second program's candidate gets their program's help), else the
    default program's: the same place in every page's footer either way."""
    program = context.get("program")
    slug = program.slug if isinstance(program, Program) and program.is_published else None
    return reverse("programs:faq", kwargs={"slug": slug or settings.DEFAULT_PROGRAM})
