"""Opening an account again (an administrator checking "Active" on an inactive account, ADR
0006 and 0007): one audited service, and words that tell staff what the closure or the
deactivation ended and what opening it brings back.

Nothing that ended is restored: ended appeals stay ended (the decisions they appealed stand),
ended reviews stay withdrawn, reviews given back stay with whoever took them. What waited on the
account waits again: the candidate's submitted version is listed under "Waiting for reviewers".
Each app says this of its own rows (`reopened_words`), since accounts knows none of them."""

from collections.abc import Callable
from typing import Any

from allauth.account.models import EmailAddress
from django.db import transaction
from django.http import HttpRequest

from certify.accounts.addresses import has_proven_address
from certify.accounts.models import User
from certify.accounts.privacy import closure_erased
from certify.accounts.services import active_write
from certify.core.models import AuditEvent

Words = Callable[[User], list[str]]
_WORDS: list[Words] = []

CLOSED_BY_OWNER = (
    "Its owner closed this account: their name, e-mail address and password were erased and "
    "are not restored, so nobody can sign in to it until a superuser gives it an e-mail address "
    "its owner reads and they set a password."
)
# What the admin's change page of such an account says, above its e-mail field.
HOW_BACK_IN = (
    "Its owner closed this account: it holds no name, no e-mail address anyone reads and no "
    "password, and nothing is sent to its placeholder address. To let the person back in, a "
    "superuser types the person's name and an e-mail address they read here and saves: "
    "Certify sends that address a link to confirm it. Once the person has confirmed it, send "
    "them a password reset e-mail (the action on the list of people); they choose a password "
    "with its link and sign in."
)
NEEDS_NAME = "Type the person's own name: the closure's placeholder is not a name."
NEEDS_ADDRESS = "Type an e-mail address the person reads: the closure's placeholder reaches nobody."
NOT_CONFIRMED = "its owner has not confirmed its new e-mail address yet"
PLACEHOLDER = "it has no e-mail address since its owner closed it"
NOTHING_ENDED = "Nothing this account had open was ended, so nothing needs to be restored."


def reopened_words(words: Words) -> Words:
    """Register `words(user) -> list[str]`: what of the app's rows stays ended, and what staff
    can do, for the person whose account was just opened again."""
    _WORDS.append(words)
    return words


@transaction.atomic
def account_reactivate(*, user: User, actor: Any, reason: str = "") -> bool:
    """Open an inactive account again (the admin's "Active" box checked): sign-in works again,
    audited `account.reactivated` and the event `account.reactivated` published. Nothing that
    ended with the account is reopened. False when it was active already (nothing published)."""
    return active_write(user=user, actor=actor, reason=reason, active=True)


def reactivation_words(user: User) -> list[str]:
    """What staff read once the account is open again: what stays ended, and what they can do."""
    said = [CLOSED_BY_OWNER] if closure_erased(user) else []
    for words in _WORDS:
        said.extend(words(user))
    return said or [NOTHING_ENDED]


def closed_address_replace(*, request: HttpRequest, user: User) -> None:
    """A superuser gave an account its owner had closed a new address (the admin's e-mail
    field): it becomes the account's only address, unconfirmed, and a link to confirm it is
    sent there. Sign-in needs a confirmed address, so whoever does not read it gets nothing."""
    EmailAddress.objects.filter(user=user).delete()
    address = EmailAddress.objects.create(user=user, email=user.email, primary=True, verified=False)
    address.send_confirmation(request)


def reset_refusal(user: User) -> str:
    """Why a password reset e-mail is not sent to this account ("" when it is): it still holds
    the closure's placeholder, or it was closed once and its new address is not confirmed (a
    superuser typed it; a reset link must reach only the person)."""
    if closure_erased(user):
        return PLACEHOLDER
    closed_once = AuditEvent.objects.filter(
        verb="account.closed", target_type="accounts.user", target_id=str(user.pk)
    ).exists()
    if closed_once and not has_proven_address(user, user.email):
        return NOT_CONFIRMED
    return ""
