"""`render_around`: a page around kept UTF-8 content, byte for byte what rendering it would give."""

import re

import pytest
from django.http import HttpResponse
from django.shortcuts import render
from django.test import RequestFactory
from django.utils.safestring import mark_safe

from certify.core.kept import render_around
from tests.factories import UserFactory


def _unmasked(page: bytes) -> bytes:
    """The page with its CSRF tokens (a fresh mask each) written alike."""
    return re.sub(rb'(name="csrfmiddlewaretoken" value=")[^"]+', rb"\1TOKEN", page)


@pytest.fixture
def request_(db):
    request = RequestFactory().get("/staff/applications/")
    request.user = UserFactory()
    request.session = {}
    request._messages = []
    return request


def test_the_page_is_what_rendering_the_content_gives(request_):
    # Not ASCII, with a brace, an ampersand and something that looks like a template tag.
    content = "<p>Café “review” {{ x }} &amp; ✓</p>\n<table><td>Zoë</td></table>"
    template = "applications/queue.html"
    expected = render(request_, template, {"content": mark_safe(content)})  # noqa: S308
    served = render_around(request_, template, {}, content.encode())
    assert isinstance(served, HttpResponse)
    assert served.status_code == expected.status_code == 200
    assert _unmasked(served.content) == _unmasked(expected.content)
    assert served.content.count(content.encode()) == 1


def test_a_template_without_the_content_is_refused(request_):
    with pytest.raises(ValueError, match="content"):
        render_around(request_, "core/audit.html", {}, b"<p>kept</p>")
