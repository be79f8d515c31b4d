"""A person's own data: download it all (a zip), and close the account.

Each area of the site contributes a *part*: what it exports (JSON-ready rows), which files go
with it, and what closing an account removes. Parts register with `privacy_part` (a
`PrivacyPart`); accounts' own are in `privacy_parts.py`, and every other app registers its part
from its own `privacy` module (every installed app's `privacy` module is imported before the
first export or closure, as Django's admin does with `admin` modules), e.g.::

    # certify/scholarships/privacy.py
    from certify.accounts.api import privacy_part, rows

    @privacy_part("scholarships", erase=_erase_scholarships)
    def _scholarships(user):
        return {"awards": rows(Award.objects.filter(recipient=user))}

See docs/decisions/0016-privacy.md for what is kept after closure and why.
"""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from allauth.account.models import EmailAddress
from django.contrib.auth.hashers import check_password
from django.core import serializers
from django.core.files import File
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.module_loading import autodiscover_modules

from certify.accounts.models import EndedRole, Role, User
from certify.accounts.person_locks import person_rows_lock
from certify.core.errors import DomainError
from certify.core.services import audit_record

ExportFn = Callable[[User], dict[str, Any] | list[dict[str, Any]]]  # JSON-ready
FilesFn = Callable[[User], Iterable[tuple[str, File]]]
EraseFn = Callable[[User], None]

# Roles whose holders have duties to others (decisions, reviews, courses, funds): they ask
# program staff to take the role away before they close their account.
ROLES_THAT_BLOCK_CLOSURE = (Role.PROGRAM_STAFF, Role.REVIEWER, Role.PROVIDER, Role.SPONSOR)


@dataclass(frozen=True)
class PrivacyPart:
    """One area's share of a person's data: `export(user)` gives its JSON-ready rows (the file
    `<name>.json` in the download), `files(user)` the stored files that go with them, and
    `erase(user)` removes or blanks what closing the account takes away (None: all is kept)."""

    name: str
    export: ExportFn
    files: FilesFn | None = None
    erase: EraseFn | None = None


_PARTS: dict[str, PrivacyPart] = {}
_discovered = False


def privacy_part(
    name: str, *, files: FilesFn | None = None, erase: EraseFn | None = None
) -> Callable[[ExportFn], ExportFn]:
    """Register an export function (and optionally its files and its eraser) under `name`."""

    def register(export: ExportFn) -> ExportFn:
        _PARTS[name] = PrivacyPart(name=name, export=export, files=files, erase=erase)
        return export

    return register


def privacy_parts() -> list[PrivacyPart]:
    global _discovered
    if not _discovered:
        import certify.accounts.privacy_parts  # noqa: F401  (registers the built-in parts)

        autodiscover_modules("privacy")  # each app's part, from its own module
        _discovered = True
    return [_PARTS[name] for name in sorted(_PARTS)]


def rows(queryset: Iterable[models.Model], *, exclude: tuple[str, ...] = ()) -> list[dict]:
    """Model rows as plain dicts (`id` plus every field), for JSON."""
    result = []
    for item in serializers.serialize("python", queryset):
        fields = {k: v for k, v in item["fields"].items() if k not in exclude}
        result.append({"id": item["pk"], **fields})
    return result


# --- The download ------------------------------------------------------------------------------


def data_export_build(*, user: User) -> bytes:
    """A zip of everything we hold about `user`: one JSON file per area, and their files.

    Built on request: one person's data is small (a few files of at most 25 MB each), so the
    download is made while they wait rather than by a background task (see the ADR).
    """
    buffer = io.BytesIO()
    now = timezone.localtime()  # the site's zone, named
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        contents = []
        for part in privacy_parts():
            data = part.export(user)
            archive.writestr(f"{part.name}.json", json.dumps(data, cls=DjangoJSONEncoder, indent=2))
            contents.append(f"{part.name}.json")
            for name, stored in part.files(user) if part.files else ():
                path = f"files/{part.name}/{name}"
                try:
                    with stored.open("rb") as handle:
                        archive.writestr(path, handle.read())
                except FileNotFoundError:
                    continue
                contents.append(path)
        archive.writestr(
            "README.txt",
            f"Everything Certify holds about you, as of {date_format(now, 'DATETIME_FORMAT')}.\n\n"
            + "\n".join(contents)
            + "\n",
        )
    audit_record(actor=user, verb="privacy.exported", target=user)
    return buffer.getvalue()


# --- Closing the account -----------------------------------------------------------------------


def closure_obstacles(*, user: User) -> list[str]:
    """Why this account cannot be closed by its owner now ([] when it can)."""
    held = [Role(r).label.lower() for r in ROLES_THAT_BLOCK_CLOSURE if user.has_role(r)]
    if user.is_superuser or user.is_staff:
        held.insert(0, "administrator")
    if held:
        return [
            f"You hold the role of {', '.join(held)}: others rely on your decisions and work. "
            "Ask program staff to remove the role, then close your account."
        ]
    return []


# The closure's placeholders (`account_close`): how the rest of Certify tells an owner's
# closure from an administrator's deactivation, both of which leave the account inactive.
CLOSED_NAME = "Closed account"
_CLOSED_DOMAIN = "@closed.invalid"


def placeholder_address(address: str) -> bool:
    """Whether `address` is a closure's placeholder, which reaches nobody: nothing is sent to
    it (account e-mails skip it) and no one may be given it."""
    return address.strip().lower().endswith(_CLOSED_DOMAIN)


def closure_erased(user: User) -> bool:
    """Whether the owner's closure erased this account's address (it holds the placeholder),
    whether or not the account was opened again since."""
    return placeholder_address(user.email)


def closed_by_owner(user: User) -> bool:
    """Whether the person closed their own account (not deactivated by an administrator)."""
    return not user.is_active and closure_erased(user)


def case_person(person: User, *, reference: str = "") -> str:
    """The person a staff page's case is of, in its heading: their name; once they closed their
    account, "account closed" and the candidate number staff find them by (`reference`), never
    the closure's placeholder name (nor once it is opened again still holding it); a deactivated
    account's name says it is not active."""
    if closure_erased(person):
        return "account closed" + (f", candidate {reference}" if reference else "")
    if not person.is_active:
        return f"{person} (account deactivated)"
    return str(person)


# A closed account's former role, as the history of a case it acted on names it ("by a portfolio
# reviewer whose account is closed"): its roles were ended before it could be closed.
_ROLE_NOUN = {
    Role.PROGRAM_STAFF: "a member of the program staff",
    Role.REVIEWER: "a portfolio reviewer",
    Role.PROVIDER: "a course provider's staff member",
    Role.SPONSOR: "a scholarship sponsor's staff member",
}


def actor_named(actor: User | None, *, candidate: Any = None) -> str:
    """Who did something, as a staff page's history says it ("by <this>"): the person's name
    while their account keeps it; once its owner closed it (or it was opened again still
    holding the closure's placeholder), words staff understand, never the placeholder name:
    "the candidate (account closed)" when they are the case's `candidate` (a user or an id),
    else the role they held last, "a portfolio reviewer whose account is closed" ("a person
    whose account is closed" when they held none). "" for no one."""
    if actor is None:
        return ""
    if not closure_erased(actor):
        return str(actor)
    if candidate is not None and actor.pk == getattr(candidate, "pk", candidate):
        return "the candidate (account closed)"
    held = getattr(actor, _KEPT_ROLE, None)  # `actors_attach` read it with the history's others
    if held is None:
        held = (
            EndedRole.objects.filter(user_id=actor.pk, role__in=list(_ROLE_NOUN))
            .values_list("role", flat=True)
            .first()
        )
    return f"{_ROLE_NOUN[Role(held)] if held else 'a person'} whose account is closed"


_KEPT_ROLE = "_last_role_ended"  # the role `actors_attach` keeps on a closed actor ("" for none)


def actors_attach(actors: Iterable[Any]) -> None:
    """Read the role each closed account among `actors` held last (None entries are skipped) in
    one query, and keep it on the person for `actor_named`: a history of many closed actors then
    costs what one of them does (none when no actor in it is closed), as `references_attach`
    does for a list's names."""
    closed = [a for a in actors if a is not None and closure_erased(a)]
    if not closed:
        return
    last: dict[int, str] = {}
    ended = EndedRole.objects.filter(
        user_id__in={a.pk for a in closed}, role__in=list(_ROLE_NOUN)
    ).order_by("user_id", "-ended_at", "-id")
    for user_id, role in ended.values_list("user_id", "role"):
        last.setdefault(user_id, role)
    for actor in closed:
        setattr(actor, _KEPT_ROLE, last.get(actor.pk, ""))


def case_title(noun: str, person: User, *, reference: str = "") -> str:
    """A staff page's title for a person's case ("Application", "Review", "Plan"): "<noun> of
    <name>"; once they closed their account "Application (account closed), candidate
    LSSCP-C-7K3Q9M2X", as an ended appeal's title (`appeals.titles`), also while an account
    opened again still holds the closure's placeholder."""
    if closure_erased(person):
        return f"{noun} (account closed)" + (f", candidate {reference}" if reference else "")
    return f"{noun} of {case_person(person)}"


@transaction.atomic
def account_close(*, user: User, password: str) -> User:
    """Close `user`'s own account: sign-in ends, personal data goes, records stay truthful.

    The person confirms with their password. Certificates keep the holder's name as printed
    and signed at issue, so verification still tells the truth; invoices and payments are kept
    as financial records; the audit trail is kept (and cannot be changed).
    """
    if not user.is_active:
        raise DomainError("This account is already closed.")
    if not check_password(password, user.password):
        raise DomainError("That is not your password.", field="password")
    obstacles = closure_obstacles(user=user)
    if obstacles:
        raise DomainError(obstacles[0])
    # Other apps' rows first (a candidate's versions, portfolios, reviewers' profiles: ADR
    # 0007's order), then the person's own row: the erasing and the new name below write their
    # reviewers' data versions.
    person_rows_lock(user.pk)
    user = User.objects.select_for_update().get(pk=user.pk)
    for part in privacy_parts():
        if part.erase:
            part.erase(user)
    # The addresses go last: every part erases what was sent to the person's confirmed ones.
    EmailAddress.objects.filter(user=user).delete()
    user.full_name = CLOSED_NAME
    user.preferred_name = ""
    user.email = f"closed-{user.pk}{_CLOSED_DOMAIN}"
    user.set_unusable_password()  # also ends every session: the session hash changes
    user.is_active = False
    user.save()
    audit_record(actor=user, verb="account.closed", target=user, data={"user": user.pk})
    return user
