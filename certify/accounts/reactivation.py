"""Opening an account again (an administrator checking "Active" on an inactive account, ADR
0006 and 0007): one audited service, and words that tell staff what the closure or the
deactivation ended and what opening it brings back.

Nothing that ended is restored: ended appeals stay ended (the decisions they appealed stand),
ended reviews stay withdrawn, reviews given back stay with whoever took them. What waited on the
account waits again: the candidate's submitted version is listed under "Waiting for reviewers".
Each app says this of its own rows (`reopened_words`), since accounts knows none of them."""

from collections.abc import Callable
from typing import Any

from django.db import transaction

from certify.accounts.models import User
from certify.accounts.privacy import closure_erased
from certify.accounts.services import active_write

Words = Callable[[User], list[str]]
_WORDS: list[Words] = []

CLOSED_BY_OWNER = (
    "Its owner closed this account: their name, e-mail address and password were erased and "
    "are not restored, so nobody can sign in to it until a superuser gives it an e-mail address "
    "its owner reads and they set a password."
)
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
