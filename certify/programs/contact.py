"""Whom a person can write to: the default program's name, certifying body and contact e-mail,
as the error pages show them (`templatetags/program_contact.py`).

The 403, 404 and 429 pages read it from the database (staff change it in the program's
settings). The 500 and 503 pages must render without the database, which may be what failed:
they show the contact this process read last (any read here, or a program page shown, keeps it),
and before any read, the one the program's data file seeded.

Where the site speaks rather than a program (`site_contact`), its own address comes first
(`SITE_CONTACT_EMAIL`); the default program's contact stands in when it is not set.
"""

from dataclasses import dataclass

from django.conf import settings
from django.db import DatabaseError

from certify.core.site import site_contact_email
from certify.programs.models import Program
from certify.programs.services import BUILTIN_PROGRAMS_DIR, builtin_program_data


@dataclass(frozen=True)
class ProgramContact:
    name: str
    certifying_body: str
    email: str


_last_read: list[ProgramContact | None] = []  # one entry once read: None when there is none


def _of(program: Program) -> ProgramContact:
    return ProgramContact(
        name=program.name, certifying_body=program.certifying_body, email=program.contact_email
    )


def program_contact_remember(program: Program) -> None:
    """A page that loaded the default program anyway keeps its contact for the static pages."""
    if program.slug == settings.DEFAULT_PROGRAM:
        _last_read[:] = [_of(program)]


def program_contact() -> ProgramContact | None:
    """The default program's contact, read now (one query); the remembered one when the
    database does not answer."""
    try:
        program = (
            Program.objects.only("slug", "name", "certifying_body", "contact_email")
            .filter(slug=settings.DEFAULT_PROGRAM)
            .first()
        )
    except DatabaseError:
        return program_contact_remembered()
    _last_read[:] = [_of(program) if program is not None else None]
    return _last_read[0]


def program_contact_remembered() -> ProgramContact | None:
    """Without the database: the contact last read in this process, else the data file's."""
    if _last_read:
        return _last_read[0]
    if not (BUILTIN_PROGRAMS_DIR / f"{settings.DEFAULT_PROGRAM}.json").is_file():
        return None
    data = builtin_program_data(settings.DEFAULT_PROGRAM)
    return ProgramContact(
        name=data["name"],
        certifying_body=data["certifying_body"],
        email=data["rules"]["contact_email"],
    )


def site_contact(*, remembered: bool = False) -> str:
    """Whom to write to about the site itself: its own address (`SITE_CONTACT_EMAIL`), else the
    default program's contact address (read now, or `remembered` without the database)."""
    if own := site_contact_email():
        return own
    found = program_contact_remembered() if remembered else program_contact()
    return found.email if found is not None else ""


def program_contact_forget() -> None:
    """For tests: as if this process had read nothing yet."""
    _last_read.clear()
