"""Telling many people one thing at once (`notify_each`), in a fixed number of queries whatever
their number; `services.notify` is the case of one. Each notice is e-mailed only to an address
its account confirmed (`recipients.notice_addresses`); one with none is kept in the app, its
e-mail held in the outbox with the reason (ADR 0025, "Notices go only to a confirmed address").
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction

from certify.accounts.models import User
from certify.notifications import services
from certify.notifications.composing import (
    email_render,
    event_spec,
    in_app_summary,
    notice_context,
    signing_program,
)
from certify.notifications.models import EmailPreference, Notification, OutgoingEmail
from certify.notifications.recipients import HELD_REASON, notice_addresses


@dataclass(frozen=True)
class Told:
    """One person to tell: with a `dedupe_key` never told twice; `address` is the confirmed
    address the notice is about (the one a certificate was shared with), preferred when the
    account confirmed it."""

    recipient: User
    dedupe_key: str | None = None
    address: str = ""


def notify_each(
    *, told: list[Told], event: str, context: dict[str, Any] | None = None, link: str = ""
) -> list[Notification]:
    """Tell each of `told` about `event`, as `notify` tells one: the same notice and e-mail,
    in the app and, unless they opted out, by e-mail to their confirmed address. Its queries do
    not grow with the people told: the keys already used, the opt-outs and the addresses are
    read once for all, the notices and e-mails written in one statement each. Returns the
    notices made (none for a key already used). Should another run make one of the notices at
    the same moment, each is then made on its own, and the one already made is skipped."""
    spec = event_spec(event)
    keys = [t.dedupe_key for t in told if t.dedupe_key]
    used = set(
        Notification.objects.filter(dedupe_key__in=keys).values_list("dedupe_key", flat=True)
        if keys
        else ()
    )
    todo = [t for t in told if not (t.dedupe_key and t.dedupe_key in used)]
    if not todo:
        return []
    off = (
        set()
        if spec.essential
        else set(
            EmailPreference.objects.filter(
                user__in=[t.recipient.pk for t in todo], event=event, enabled=False
            ).values_list("user_id", flat=True)
        )
    )
    wanted = [t.recipient for t in todo if t.recipient.pk not in off]
    addresses = notice_addresses(
        wanted, preferred={t.recipient.pk: t.address for t in todo if t.address}
    )
    context = {**(context or {})}
    context["program"] = signing_program(context)  # once for all: who signs
    rendered = []
    for item in todo:
        recipient = item.recipient
        address = addresses.get(recipient.pk, "")
        full = notice_context(
            recipient=recipient, spec=spec, link=link, extra=context, address=address
        )
        subject, text, html = email_render(event=event, context=full)
        emailed = recipient.pk not in off
        notice = Notification(
            recipient=recipient,
            event=event,
            title=subject,
            body=in_app_summary(text),
            link=link,
            dedupe_key=item.dedupe_key,
            not_emailed=emailed and not address,
        )
        rendered.append((notice, emailed, address, subject, text, html))
    try:
        with transaction.atomic():
            made = Notification.objects.bulk_create([r[0] for r in rendered])
    except IntegrityError:  # another run made one of them just now
        if len(todo) == 1:
            raise  # `notify` answers None: the same notice was made concurrently
        return [  # one at a time, skipping the one made
            n
            for t in todo
            if (
                n := services.notify(
                    recipient=t.recipient,
                    event=event,
                    context=context,
                    link=link,
                    dedupe_key=t.dedupe_key,
                    address=t.address,
                )
            )
            is not None
        ]
    emails = [
        email_row(notification=notice, to=address, subject=subject, text=text, html=html)
        for notice, emailed, address, subject, text, html in rendered
        if emailed
    ]
    for email in OutgoingEmail.objects.bulk_create(emails):
        if email.status == OutgoingEmail.Status.QUEUED:
            services.email_enqueue_on_commit(email_id=email.pk)
    return made


def email_row(
    *, notification: Notification, to: str, subject: str, text: str, html: str
) -> OutgoingEmail:
    """A notice's e-mail, not saved (`services.outbox_row`): queued to `to`, a confirmed
    address, or, when there is none, held (never sent) with the reason staff see in the outbox,
    addressed to the account's main address so they see whose it was."""
    shown = to or notification.recipient.email
    return services.outbox_row(
        notification=notification,
        to=shown,
        subject=subject,
        text=text,
        html=html,
        held_reason="" if to else HELD_REASON.format(address=shown),
    )
