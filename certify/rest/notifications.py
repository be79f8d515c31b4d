"""Notifications: marking yours read and choosing which e-mails you get ("account" scope), and
staff sending a failed e-mail again ("staff" scope), through the services the pages call."""

from typing import cast

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, Router, Schema

from certify.accounts.models import User
from certify.notifications import api as notifications
from certify.notifications.models import OutgoingEmail
from certify.rest.auth import token_or_session
from certify.rest.openapi import example
from certify.rest.schemas import InputSchema

router = Router(auth=token_or_session("account"))
staff_router = Router(auth=token_or_session("staff"))


class MarkedOut(Schema):
    marked: int = Field(description="How many were unread; 0 when all were read already.")

    model_config = example({"marked": 3})


@router.post("/read", response=MarkedOut, summary="Mark all my notifications read")
def read_all(request: HttpRequest):
    """Every unread notification of yours is marked read. Repeating it marks none."""
    return {"marked": notifications.notifications_mark_all_read(user=cast(User, request.user))}


class PreferencesIO(InputSchema):
    enabled: dict[str, bool] = Field(
        description="Optional e-mail (event) → whether you get it. Events left out keep their "
        "setting; essential e-mails (receipts, decisions) cannot be switched off (400)."
    )

    model_config = example({"enabled": {"renewal.reminder": False}})


@router.get("/preferences", response=PreferencesIO, summary="Read my e-mail preferences")
def preferences(request: HttpRequest):
    """Each optional e-mail and whether you get it (on unless you switched it off)."""
    return {"enabled": notifications.email_preferences_of(user=cast(User, request.user))}


@router.put("/preferences", response=PreferencesIO, summary="Change my e-mail preferences")
def preferences_set(request: HttpRequest, payload: PreferencesIO):
    """Switch optional e-mails on or off, as the preferences page does. An unknown event, or an
    essential one, is a 400 naming it; nothing is changed then."""
    user = cast(User, request.user)
    notifications.email_preferences_set(user=user, enabled=payload.enabled)
    return {"enabled": notifications.email_preferences_of(user=user)}


class OutgoingEmailOut(Schema):
    id: int
    to: str
    subject: str
    status: str
    attempts: int

    model_config = example(
        {
            "id": 31,
            "to": "dana@example.org",
            "subject": "Your application was received",
            "status": "queued",
            "attempts": 0,
        }
    )


@staff_router.post(
    "/{email_id}/retry", response=OutgoingEmailOut, summary="Send a failed e-mail again (staff)"
)
def outbox_retry(request: HttpRequest, email_id: int):
    """The e-mail is queued again and sent at once, as the outbox page's "Try again". One that
    was sent already is a 400; asking again while it waits only queues it again (it is sent
    once)."""
    if not request.user.has_perm("notifications.retry_email"):
        raise PermissionDenied
    email = get_object_or_404(OutgoingEmail, pk=email_id)
    return notifications.email_retry(email=email, actor=cast(User, request.user))
