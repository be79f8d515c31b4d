"""`{% program_contact as contact %}`: the default program's contact for the error pages;
`{% program_contact remembered=True as contact %}` on the static ones, which must not read the
database (`certify/programs/contact.py`)."""

from django import template

from certify.programs import contact

register = template.Library()


@register.simple_tag
def program_contact(*, remembered: bool = False) -> contact.ProgramContact | None:
    return contact.program_contact_remembered() if remembered else contact.program_contact()
