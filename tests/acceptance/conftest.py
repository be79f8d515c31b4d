"""The acceptance stories' world: the real program, the demo people of every role, SSD's funds,
a provider's approved courses and two portfolio reviewers (as `make run` seeds them), built once
per module (tests/shared.py): each story runs in its own savepoint, so what it does is undone
before the next, and a module whose stories build their own world (at a moment of their own)
does not ask for this one."""

from collections.abc import Iterator

import pytest
from django.core import mail

from certify.accounts.models import User
from certify.loaddata.demo.accounts import DEMO_PASSWORD, demo_accounts_create
from certify.loaddata.demo.courses import demo_courses_create
from certify.loaddata.demo.portfolios import demo_reviewers_create
from certify.loaddata.demo.scholarships import demo_scholarships_create
from certify.programs.models import Program
from tests import dbsetup
from tests.acceptance.browser import Browser
from tests.money_words import short_amounts
from tests.shared import copy_of, shared_in_module

STAFF = "staff@example.org"
SPONSOR = "sponsor@example.org"
PROVIDER = "provider@example.org"
REVIEWERS = ("reviewer@example.org", "reviewer2@example.org")
PASSWORD = DEMO_PASSWORD


def _world(lsscp_snapshot: dbsetup.Snapshot) -> Program:
    dbsetup.snapshot_restore(lsscp_snapshot)  # as the `lsscp` fixture
    lsscp = Program.objects.get(pk=lsscp_snapshot.program_pk)
    demo_accounts_create()
    staff = User.objects.get(email=STAFF)
    demo_reviewers_create(program=lsscp)
    demo_scholarships_create(program=lsscp, sponsor_user=User.objects.get(email=SPONSOR))
    demo_courses_create(program=lsscp, staff=staff)
    return lsscp


world_in_module = shared_in_module(_world, using=("lsscp_snapshot",))


@pytest.fixture
def world(db, world_in_module) -> Program:
    """LSSCP with the demo world; a story asking for it does not ask for `lsscp` too."""
    return copy_of(world_in_module)


@pytest.fixture
def browser(client, django_capture_on_commit_callbacks) -> Iterator[Browser]:
    yield Browser(client, django_capture_on_commit_callbacks)
    # What the story's e-mails said: every amount with its cents, subjects included.
    for message in mail.outbox:
        bodies = [message.body] + [str(body) for body, _ in getattr(message, "alternatives", [])]
        short = short_amounts(" ".join([message.subject, *bodies]))
        assert not short, f"e-mail {message.subject!r} shows {short} without cents"
