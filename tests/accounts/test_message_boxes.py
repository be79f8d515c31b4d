"""The base template's messages: an error is said in an alert (`role="alert"`, read out at once),
every other message in a status box (`role="status"`, read when the reader is idle). Before, an
error waited in the status box like a "Saved"."""

from django.contrib.auth.models import AnonymousUser
from django.contrib.messages import constants
from django.contrib.messages.storage.base import Message
from django.template.loader import render_to_string
from django.test import RequestFactory
from lxml import html


def _boxes(messages: list[Message]) -> dict[str, list[str]]:
    request = RequestFactory().get("/")
    request.user = AnonymousUser()
    tree = html.fromstring(render_to_string("base.html", {"messages": messages}, request))
    (box,) = tree.find_class("messages")
    return {
        role: [p.text_content().strip() for p in box.xpath(f".//*[@role='{role}']//p")]
        for role in ("alert", "status")
    }


def test_an_error_is_an_alert_and_the_rest_stay_status(db):
    boxes = _boxes(
        [
            Message(constants.SUCCESS, "Saved."),
            Message(constants.ERROR, "This invitation has expired."),
            Message(constants.WARNING, "Your draft is older than a week."),
            Message(constants.INFO, "We sent you an e-mail."),
        ]
    )
    assert boxes == {
        "alert": ["This invitation has expired."],
        "status": ["Saved.", "Your draft is older than a week.", "We sent you an e-mail."],
    }


def test_no_messages_no_boxes(db):
    request = RequestFactory().get("/")
    request.user = AnonymousUser()
    page = render_to_string("base.html", {"messages": []}, request)
    assert 'role="alert"' not in page
    assert 'class="messages"' not in page
