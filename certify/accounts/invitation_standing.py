"""The invited person's lists (their invitations page, their home page's card) say which
invitations no longer stand, in `why_not_standing`'s words, checking every row at once: one
query a kind of organisation (`ColleagueKind.managing`), however many rows there are."""

from collections import defaultdict
from collections.abc import Iterable
from datetime import datetime

from certify.accounts.invitations import kind_of, sender_gone_words, why_closed, why_not_standing
from certify.accounts.models import ColleagueInvitation


def invitations_standing(
    invitations: Iterable[ColleagueInvitation], now: datetime | None = None
) -> list[ColleagueInvitation]:
    """The invitations, each with `not_standing`: why accepting it would be refused (the words
    of `why_not_standing`), "" while it stands; and `noun`, what its kind of organisation is
    called ("course provider"), so a list says what the organisation is."""
    rows = list(invitations)
    words = {invitation.pk: why_closed(invitation, now) for invitation in rows}
    asked: dict[str, set[tuple[int, int]]] = defaultdict(set)
    for invitation in rows:
        if not words[invitation.pk] and invitation.invited_by_id is not None:
            asked[invitation.kind].add((invitation.invited_by_id, invitation.organisation_id))
    managing: dict[str, set[tuple[int, int]]] = {}
    for name, pairs in asked.items():
        check = kind_of(name).managing
        if check is not None:
            managing[name] = check(pairs)
    for invitation in rows:
        pair = (invitation.invited_by_id, invitation.organisation_id)
        if words[invitation.pk]:
            pass
        elif invitation.kind not in managing:  # a kind without the batch check: one by one
            words[invitation.pk] = why_not_standing(invitation, now)
        elif pair not in managing[invitation.kind]:
            words[invitation.pk] = sender_gone_words(invitation)
        setattr(invitation, "not_standing", words[invitation.pk])  # noqa: B010
        setattr(invitation, "noun", kind_of(invitation.kind).noun)  # noqa: B010
    return rows
