"""The acceptance stories' world: the real program, the demo people of every role, SSD's funds,
a provider's approved courses and two portfolio reviewers (as `make run` seeds them)."""

import pytest

from certify.accounts.models import User
from certify.loaddata.demo.accounts import DEMO_PASSWORD, demo_accounts_create
from certify.loaddata.demo.courses import demo_courses_create
from certify.loaddata.demo.portfolios import demo_reviewers_create
from certify.loaddata.demo.scholarships import demo_scholarships_create
from tests.acceptance.browser import Browser

STAFF = "staff@example.org"
SPONSOR = "sponsor@example.org"
PROVIDER = "provider@example.org"
REVIEWERS = ("reviewer@example.org", "reviewer2@example.org")
PASSWORD = DEMO_PASSWORD


@pytest.fixture
def world(lsscp):
    demo_accounts_create()
    staff = User.objects.get(email=STAFF)
    demo_reviewers_create(program=lsscp)
    demo_scholarships_create(program=lsscp, sponsor_user=User.objects.get(email=SPONSOR))
    demo_courses_create(program=lsscp, staff=staff)
    return lsscp


@pytest.fixture
def browser(client, django_capture_on_commit_callbacks) -> Browser:
    return Browser(client, django_capture_on_commit_callbacks)
