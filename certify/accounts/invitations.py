"""Colleague invitations: how someone comes to act for an organisation (ADR 0025).

The organisation's own app (courses for providers, scholarships for sponsors) registers a
`ColleagueKind` saying who may invite for one of its organisations and what accepting gives;
accounts keeps the invitations, their links, the e-mail and the answer, and imports no app.

Sending never looks at whether the address has an account: the inviter sees the same answer,
and the invitation waits for whoever can sign in with that address verified. Links carry a
256-bit random token of which only the SHA-256 hash is stored (like API keys: nothing to
brute-force); a link works while its invitation is pending and not past `expires_at`.
"""

import hashlib
import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import QuerySet, Subquery
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from certify.accounts.addresses import proven_addresses_of
from certify.accounts.invitation_workflow import LINK_PURPOSE, has_verified_address
from certify.accounts.models import ColleagueInvitation, User
from certify.core.errors import DomainError
from certify.core.links import link_ends
from certify.core.locking import row_lock
from certify.core.services import audit_record
from certify.core.workflow import SYSTEM, LinkHolder, transition

Status = ColleagueInvitation.Status


# --- The kinds of organisation, registered by their apps ---------------------------------------


@dataclass(frozen=True)
class ColleagueKind:
    """One kind of organisation people are invited to act for.

    name: stored on the invitation (`provider`, `sponsor`);
    noun: what people call it ("course provider");
    does: what its people do, for the e-mail ("submit courses and report completions");
    manages(actor, organisation_id): whether `actor` may invite to it and withdraw invitations;
    join(invitation, user): attach `user` as the accepted invitation says, through the app's own
    service (in the accepting transaction; it raises `DomainError` to refuse);
    page(organisation_id): the URL of the organisation's colleague page;
    roles: the organisation's own roles an invitation may offer (value → label), if it has any;
    seated(actor, organisation_id): whether `actor` has a seat at it, whatever their role (its
    people know of its invitations: refused one with 403, not the 404 an outsider gets);
    vetted(organisation_id): whether program staff stand behind the organisation's name (an
    approved provider, a sponsor staff set up); the e-mail names only a vetted organisation,
    since otherwise the name is the inviter's own text (ADR 0029);
    managing(pairs): of (person id, organisation id) pairs, those where the person `manages` the
    organisation now, in one query (the invited person's lists check every row at once).
    """

    name: str
    noun: str
    does: str
    manages: Callable[[Any, int], bool]
    join: Callable[[ColleagueInvitation, User], None]
    page: Callable[[int], str]
    roles: dict[str, str] = field(default_factory=dict)
    seated: Callable[[Any, int], bool] = lambda _actor, _organisation_id: False
    vetted: Callable[[int], bool] = lambda _organisation_id: True
    managing: Callable[[set[tuple[int, int]]], set[tuple[int, int]]] | None = None


_kinds: dict[str, ColleagueKind] = {}


def colleague_kind(kind: ColleagueKind) -> ColleagueKind:
    """Register a kind of organisation (from the app's `AppConfig.ready`)."""
    _kinds[kind.name] = kind
    return kind


def kind_of(name: str) -> ColleagueKind:
    try:
        return _kinds[name]
    except KeyError:
        raise DomainError(f"“{name}” is not a kind of organization one is invited to.") from None


def invitation_days() -> int:
    return int(getattr(settings, "COLLEAGUE_INVITATION_DAYS", 14))


# --- Links -------------------------------------------------------------------------------------


def _hash(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def invitation_url(raw: str) -> str:
    return settings.SITE_URL + reverse("accounts:invitation_link", kwargs={"token": raw})


def colleague_invitation_from_token(raw: str) -> ColleagueInvitation:
    """The invitation a link was made for, whatever its status; a `DomainError` for a link that
    was never made (mistyped, cut short)."""
    found = (
        ColleagueInvitation.objects.select_related("invited_by")
        .filter(token_hash=_hash((raw or "").strip()))
        .first()
    )
    if found is None:
        raise DomainError(
            "This invitation link is not valid. Check that you copied all of it, or ask for a "
            "new invitation."
        )
    return found


def is_open(invitation: ColleagueInvitation, now: datetime | None = None) -> bool:
    return invitation.status == Status.PENDING and invitation.expires_at > (now or timezone.now())


def why_closed(invitation: ColleagueInvitation, now: datetime | None = None) -> str:
    """Why the invitation cannot be answered any more, in words; "" while it can."""
    if is_open(invitation, now):
        return ""
    who = str(invitation.invited_by) if invitation.invited_by else "whoever invited you"
    name = invitation.organisation_name
    if invitation.status == Status.ACCEPTED:
        return (
            f"This invitation was already accepted: it works once. Open {name} from your home page."
        )
    if invitation.status == Status.DECLINED:
        return (
            f"This invitation was declined. If you changed your mind, ask {who} to invite you "
            "again."
        )
    if invitation.status == Status.WITHDRAWN:
        return (
            f"{name} withdrew this invitation. If you still expect to act for {name}, ask "
            f"{who} to send you a new one."
        )
    day = date_format(invitation.expires_on, "DATE_FORMAT")  # a day, the site's (`expires_on`)
    return f"This invitation expired on {day}. Ask {who} to send a new one."


def why_not_standing(invitation: ColleagueInvitation, now: datetime | None = None) -> str:
    """Why accepting the invitation would be refused whoever opens it, in words; "" while it
    stands: `why_closed`, or its sender no longer manages the organisation's colleagues (an
    invitation is only as good as its sender's place there). Shown before anyone acts: on the
    link's page, the invited person's list and in the API."""
    closed = why_closed(invitation, now)
    if closed:
        return closed
    inviter = invitation.invited_by
    if inviter is not None and kind_of(invitation.kind).manages(
        inviter, invitation.organisation_id
    ):
        return ""
    return sender_gone_words(invitation)


def sender_gone_words(invitation: ColleagueInvitation) -> str:
    """What the invited person reads when the sender no longer manages the organisation."""
    name = invitation.organisation_name
    return (
        f"This invitation no longer stands: the person who invited you no longer manages "
        f"{name}'s colleagues. Ask someone at {name} to send you a new invitation."
    )


# --- Sending -----------------------------------------------------------------------------------


def _clean_email(email: str) -> str:
    email = (email or "").strip().lower()
    if not email:
        raise DomainError("Enter your colleague's e-mail address.", field="email")
    try:
        validate_email(email)
    except ValidationError:
        raise DomainError(
            "Enter an e-mail address, like name@example.org.", field="email"
        ) from None
    return email


@transaction.atomic
def colleague_invite(
    *,
    kind: str,
    organisation_id: int,
    organisation_name: str,
    email: str,
    actor: User,
    role: str = "",
) -> tuple[ColleagueInvitation, str]:
    """Invite the owner of `email` to act for the organisation; returns the invitation and its
    link (e-mailed; never stored). Whether the address has an account is never looked at: the
    answer is the same. A pending invitation to the same address is replaced (its link stops
    working): "send it again" is the same action."""
    spec = kind_of(kind)
    if not spec.manages(actor, organisation_id):
        raise DomainError(f"You cannot invite colleagues to {organisation_name}.")
    email = _clean_email(email)
    if spec.roles and role not in spec.roles:
        raise DomainError(f"Choose one of: {', '.join(spec.roles.values())}.", field="role")
    from certify.notifications.api import relay_check

    relay_check(sender=actor, to=email, field="email")  # before anything is saved (ADR 0029)
    if not spec.roles:
        role = ""
    earlier = ColleagueInvitation.objects.select_for_update().filter(
        kind=kind, organisation_id=organisation_id, email=email, status=Status.PENDING
    )
    for old in earlier:
        old.answered_at, old.answered_by = timezone.now(), actor
        transition(
            old,
            "withdraw",
            actor=actor,
            reason="A new invitation was sent to the same address.",
            update_fields=["answered_at", "answered_by"],
        )
    raw = secrets.token_urlsafe(32)
    invitation = ColleagueInvitation.objects.create(
        kind=kind,
        organisation_id=organisation_id,
        organisation_name=organisation_name[:200],
        role=role,
        email=email,
        token_hash=_hash(raw),
        invited_by=actor,
        expires_at=link_ends(invitation_days(), timezone.get_default_timezone()),
    )
    audit_record(
        actor=actor,
        verb="colleague_invitation.sent",
        target=invitation,
        data={"kind": kind, "organisation": organisation_id, "email": email, "role": role},
    )
    url = invitation_url(raw)
    _email(invitation=invitation, spec=spec, url=url)
    return invitation, url


def _email(*, invitation: ColleagueInvitation, spec: ColleagueKind, url: str) -> None:
    """The invitation e-mail: names and facts Certify holds (the inviter's account name, a
    vetted organisation's name, the role offered), never text the inviter typed (ADR 0029)."""
    from certify.notifications.api import relay_send

    inviter = invitation.invited_by
    if inviter is None:
        raise DomainError("Only a person can send an invitation.")
    relay_send(
        sender=inviter,
        to=invitation.email,
        field="email",
        event="colleague.invited",
        context={
            # An organisation (a course provider, a sponsor) is on the site, not one program's:
            # the site signs the invitation (`SITE_NAME`), never the default program.
            "program": None,
            "inviter": str(inviter),
            "organisation_name": invitation.organisation_name,
            "organisation_vetted": spec.vetted(invitation.organisation_id),
            "noun": spec.noun,
            "does": spec.does,
            "role": spec.roles.get(invitation.role, ""),
            "email": invitation.email,
            "expires": invitation.expires_on,  # a day, the site's (`expires_on`)
            "link_url": url,
            "action": "Answer the invitation",
            "site_url": settings.SITE_URL,
        },
    )


def invitation_sent_message(invitation: ColleagueInvitation) -> str:
    """What the inviter reads after sending: the same words whether or not the address has an
    account (nothing in sending looks)."""
    day = date_format(invitation.expires_on, "DATE_FORMAT")  # a day, the site's (`expires_on`)
    return (
        f"We sent an invitation to {invitation.email}. If the address is right, its owner can "
        f"accept it until {day}, signed in with that address (they can create an account with "
        f"it if they have none). Nothing changes until they accept."
    )


# --- Answering ---------------------------------------------------------------------------------


def _require_open(invitation: ColleagueInvitation) -> None:
    reason = why_closed(invitation)
    if reason:
        raise DomainError(reason)


def _require_address(invitation: ColleagueInvitation, actor: User) -> None:
    if not has_verified_address(actor, invitation.email):
        raise DomainError(
            f"This invitation was sent to {invitation.email}, and you are signed in as "
            f"{actor.email}. Sign in with {invitation.email}, or add it to your e-mail "
            "addresses and verify it, then open the link again."
        )


@transaction.atomic
def colleague_invitation_accept(*, invitation: ColleagueInvitation, actor: User) -> None:
    """The invited person accepts: the organisation's app attaches them (membership, role) as
    the invitation says. Refused when the invitation is no longer open, when the person is not
    signed in with the invited address verified, or when the inviter no longer runs it."""
    invitation = row_lock(invitation, "invited_by")
    _require_open(invitation)
    _require_address(invitation, actor)
    gone = why_not_standing(invitation)  # its sender no longer manages the organisation
    if gone:
        raise DomainError(gone)
    spec = kind_of(invitation.kind)
    invitation.answered_at, invitation.answered_by = timezone.now(), actor
    transition(invitation, "accept", actor=actor, update_fields=["answered_at", "answered_by"])
    spec.join(invitation, actor)


@transaction.atomic
def colleague_invitation_decline(
    *, invitation: ColleagueInvitation, actor: User | None, token: str = ""
) -> None:
    """The invited person (signed in with the address) or the holder of the link declines.
    One that no longer stands (its sender no longer manages the organisation) is refused in
    `why_not_standing`'s words and changes nothing, as accepting it is: there is nothing left
    to say no to, and the page and the API said so before."""
    invitation = row_lock(invitation, "invited_by")
    _require_open(invitation)
    who: Any
    if actor is not None and has_verified_address(actor, invitation.email):
        who = actor
    elif token and _hash(token) == invitation.token_hash:
        who = LinkHolder(LINK_PURPOSE, invitation.pk)
    else:
        raise DomainError("Only the person invited can decline this invitation.")
    gone = why_not_standing(invitation)  # its sender no longer manages the organisation
    if gone:
        raise DomainError(gone)
    invitation.answered_at = timezone.now()
    invitation.answered_by = who if isinstance(who, User) else None
    transition(invitation, "decline", actor=who, update_fields=["answered_at", "answered_by"])


@transaction.atomic
def colleague_invitation_withdraw(*, invitation: ColleagueInvitation, actor: User) -> None:
    """Someone who manages the organisation's colleagues withdraws a pending invitation."""
    invitation = row_lock(invitation)
    if invitation.status != Status.PENDING:
        raise DomainError(why_closed(invitation))
    invitation.answered_at, invitation.answered_by = timezone.now(), actor
    transition(invitation, "withdraw", actor=actor, update_fields=["answered_at", "answered_by"])


@transaction.atomic
def invitations_stop_after_password_change(*, user: User, reason: str) -> int:
    """Withdraw every pending colleague invitation `user` sent that could still be accepted:
    their password changed, perhaps because someone else had it and invited a colleague with it,
    as their tokens, provider keys and webhook endpoints stop (ADR 0023). One the inviter no
    longer manages is refused at acceptance already and is left as it is."""
    withdrawn = 0
    pending = ColleagueInvitation.objects.select_for_update().filter(
        invited_by=user, status=Status.PENDING
    )
    for invitation in pending.order_by("pk"):
        if not kind_of(invitation.kind).manages(user, invitation.organisation_id):
            continue
        invitation.answered_at, invitation.answered_by = timezone.now(), user
        transition(
            invitation,
            "withdraw",
            actor=user,
            reason=reason.replace("The password", "The password of the person who sent it"),
            update_fields=["answered_at", "answered_by"],
        )
        withdrawn += 1
    return withdrawn


def invitations_stop_on_password_change(
    sender: object, user: User, reason: str, **kwargs: object
) -> str | None:
    """`passwords.password_changed_signal`: the sentence of the person's e-mail."""
    withdrawn = invitations_stop_after_password_change(user=user, reason=reason)
    if not withdrawn:
        return None
    if withdrawn == 1:
        return "The colleague invitation you sent was withdrawn; send it again if it was yours."
    return (
        f"The {withdrawn} colleague invitations you sent were withdrawn; send them again if "
        "they were yours."
    )


def colleague_invitations_expire(*, now: datetime | None = None) -> int:
    """Mark pending invitations past their day as expired (daily job). Safe to run twice."""
    now = now or timezone.now()
    done = 0
    due = ColleagueInvitation.objects.filter(status=Status.PENDING, expires_at__lte=now)
    for pk in due.order_by("id").values_list("pk", flat=True):
        with transaction.atomic():
            invitation = ColleagueInvitation.objects.select_for_update().get(pk=pk)
            if invitation.status == Status.PENDING:
                transition(invitation, "expire", actor=SYSTEM, update_fields=[])
                done += 1
    return done


# --- Reading -----------------------------------------------------------------------------------


def colleague_invitations_pending(
    *, kind: str, organisation_id: int
) -> QuerySet[ColleagueInvitation]:
    """The organisation's invitations still waiting for an answer (expired ones left out)."""
    return (
        ColleagueInvitation.objects.filter(
            kind=kind,
            organisation_id=organisation_id,
            status=Status.PENDING,
            expires_at__gt=timezone.now(),
        )
        .select_related("invited_by")
        .order_by("email")
    )


def colleague_invitations_for(*, user: User) -> QuerySet[ColleagueInvitation]:
    """Pending invitations to any of `user`'s verified e-mail addresses."""
    addresses = proven_addresses_of(user)
    return (
        ColleagueInvitation.objects.filter(
            email__in=Subquery(addresses),
            status=Status.PENDING,
            expires_at__gt=timezone.now(),
        )
        .select_related("invited_by")
        .order_by("-created_at", "-id")
    )


def colleague_invitation_for_user_get(*, user: User, pk: int) -> ColleagueInvitation:
    """One of `colleague_invitations_for(user)`; raises `ColleagueInvitation.DoesNotExist`."""
    return colleague_invitations_for(user=user).get(pk=pk)


def colleague_invitation_require_manager(*, invitation: ColleagueInvitation, user: Any) -> None:
    """Refuse unless `user` manages the invitation's organisation: 403 to those who know of it
    (the organisation's other people, program staff, the invited person), and to anyone else
    the 404 an unknown invitation gets, so its id is not confirmed to another organisation
    (docs/security.md)."""
    kind = kind_of(invitation.kind)
    if kind.manages(user, invitation.organisation_id):
        return
    knows = (
        kind.seated(user, invitation.organisation_id)
        or user.has_perm("accounts.view_people")  # program staff
        or has_verified_address(user, invitation.email)
    )
    if knows:
        raise PermissionDenied
    raise Http404("No such invitation.")


def colleague_invitation_sent_to_get(*, user: User, pk: int) -> ColleagueInvitation:
    """An invitation sent to one of `user`'s verified addresses, whatever its status (the
    invited person may learn why it no longer stands); `ColleagueInvitation.DoesNotExist` for
    any other, as for an unknown id."""
    addresses = proven_addresses_of(user)
    return ColleagueInvitation.objects.select_related("invited_by").get(
        pk=pk, email__in=Subquery(addresses)
    )


def colleague_invitation_find(*, pk: int) -> ColleagueInvitation | None:
    return ColleagueInvitation.objects.select_related("invited_by").filter(pk=pk).first()
