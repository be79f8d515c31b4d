"""The staff membership queue page names people as the staff lists and the queue's API do (ADR
0016): a reopened account still holding the closure's placeholder is "Account closed (candidate
LSSCP-C-…)" (or "Account closed" for one who never applied), never the placeholder name or
address; a person with no name is their e-mail address, never an empty cell; the numbers of all
the closed accounts on a page are read in one query."""

import re

import pytest
from django.urls import reverse

from certify.accounts.privacy import CLOSED_NAME
from tests.conftest import count_queries
from tests.memberships.test_closed_person_names_api import _closed, _member

pytestmark = pytest.mark.django_db
PAGE = reverse("memberships:queue") + "?status=all"
PERSON = re.compile(r'<td data-label="Person">(.*?)</td>', re.DOTALL)
LEGEND = re.compile(r"Decision on (.*?)'s ALA membership")


def _people(client) -> tuple[list[str], list[str]]:
    page = client.get(PAGE).text
    return PERSON.findall(page), LEGEND.findall(page)


def test_a_closed_account_is_named_by_its_number_and_a_nameless_one_by_its_address(client, staff):
    applied, number = _member(full_name="Dana Okafor", email="dana@example.org")
    never, _ = _member(applied=False)
    _member(applied=False, full_name="", email="nameless@example.org")
    _closed(applied.user)
    _closed(never.user)
    client.force_login(staff)

    cells, legends = _people(client)

    assert sorted(cells) == sorted(
        [f"Account closed (candidate {number})", "Account closed", "nameless@example.org"]
    )
    assert sorted(legends) == sorted(cells)
    page = client.get(PAGE).text
    assert CLOSED_NAME not in page
    assert "closed.invalid" not in page


def test_an_open_account_shows_its_name_and_address(client, staff):
    _member(full_name="Lee Park", email="lee@example.org")
    client.force_login(staff)
    cells, legends = _people(client)
    assert cells == ['Lee Park<br><span class="helptext">lee@example.org</span>']
    assert legends == ["Lee Park"]


def test_many_closed_accounts_cost_what_one_does(client, staff):
    client.force_login(staff)
    _closed(_member()[0].user)
    client.get(PAGE)  # the first request's one-off reads
    one = count_queries(lambda: client.get(PAGE))
    for _ in range(3):
        _closed(_member()[0].user)
    assert len(_people(client)[0]) == 4
    assert count_queries(lambda: client.get(PAGE)) == one
