"""A notice whose e-mail was held (the account had confirmed no address then: ADR 0025) on a
390 px and a 320 px phone, with axe-core: the person's notifications page says it was not
e-mailed and links to their e-mail addresses page; staff's outbox lists it as held with the
reason and no "Send again" button (`phone_problems`)."""

from collections.abc import Callable

import pytest
from allauth.account.models import EmailAddress
from django.test import TestCase
from playwright.sync_api import Page

from certify.accounts.models import User
from certify.notifications.models import OutgoingEmail
from certify.notifications.services import notify

from .test_phone_walks import PHONE, walk_problems

pytestmark = pytest.mark.django_db(transaction=True)
CANDIDATE = "candidate@example.org"


def _held_notice() -> None:
    """Made while the demo candidate's address was not confirmed; confirmed since."""
    candidate = User.objects.get(email=CANDIDATE)
    EmailAddress.objects.filter(user=candidate).update(verified=False)
    with TestCase.captureOnCommitCallbacks(execute=True):
        notify(recipient=candidate, event="application.received", link="/account/")
    EmailAddress.objects.filter(user=candidate).update(verified=True)
    assert OutgoingEmail.objects.filter(status=OutgoingEmail.Status.HELD).count() == 1


def test_a_held_notice_reads_on_a_phone(
    open_page: Callable[..., Page], sign_in, site_url, console_errors
):
    _held_notice()
    page = open_page(**PHONE)
    sign_in(page, CANDIDATE)
    page.goto("/notifications/")
    link = page.get_by_role("link", name="send a new link from your e-mail addresses page")
    assert link.count() == 1
    page = open_page(**PHONE)
    sign_in(page, "staff@example.org")
    page.goto("/notifications/outbox/?status=held")
    assert page.get_by_text("has not confirmed candidate@example.org").count() == 1
    assert page.get_by_role("button", name="Send again").count() == 0
    found = walk_problems(
        open_page,
        sign_in,
        {
            CANDIDATE: ["/notifications/"],
            "staff@example.org": ["/notifications/outbox/?status=held"],
        },
    )
    assert found == {}, "\n".join(f"{k}: {v}" for k, v in found.items())
    assert console_errors == []
