"""Staff's unmatched completion reports (completions a provider reported that matched no
candidate who gave it consent): a row staff matched names the candidate it was matched to as every
staff list does, "Matched to a candidate: Account closed (candidate LSSCP-C-…)" once they closed
their account, never the closure's placeholder name or address; the numbers are read once per
page, so many closed accounts cost the queries of one (`accounts.api.listed_name`, ADR 0016)."""

import pytest
from django.urls import reverse

from certify.accounts.privacy import CLOSED_NAME, account_close
from certify.courses.models import CourseCompletion, UnmatchedCompletion
from certify.courses.numbers import candidate_number
from tests.conftest import count_queries
from tests.courses.test_views import _more, world  # noqa: F401  (fixture)
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db
URL = reverse("courses:staff_unmatched") + "?status="


def _matched(row: UnmatchedCompletion, completion: CourseCompletion) -> None:
    """As `unmatched_match` leaves the row (the candidate's completion recorded from it)."""
    UnmatchedCompletion.objects.filter(pk=row.pk).update(
        status=UnmatchedCompletion.Status.MATCHED,
        completion=completion,
        resolution_note="Same person: the provider's roster has her new address.",
    )


def _close(completion: CourseCompletion, capture) -> None:
    with capture(execute=True):
        account_close(user=completion.candidate, password=PASSWORD)


def _text(response) -> str:
    assert response.status_code == 200
    return response.content.decode().replace("&#x27;", "'")


def test_a_row_matched_to_a_closed_candidate_names_their_number(
    client,
    world,  # noqa: F811
    django_capture_on_commit_callbacks,
):
    completion = world["completion"]
    _matched(world["unmatched"], completion)
    number = candidate_number(completion.application)
    client.force_login(world["staff"])
    assert f"Matched to a candidate: {completion.candidate.full_name}" in _text(client.get(URL))
    _close(completion, django_capture_on_commit_callbacks)

    text = _text(client.get(URL))

    assert f"Matched to a candidate: Account closed (candidate {number})" in text
    assert CLOSED_NAME not in text
    assert "closed.invalid" not in text


def test_many_rows_matched_to_closed_candidates_cost_the_queries_of_one(
    client,
    world,  # noqa: F811
    django_capture_on_commit_callbacks,
):
    _matched(world["unmatched"], world["completion"])
    _close(world["completion"], django_capture_on_commit_callbacks)
    client.force_login(world["staff"])
    assert client.get(URL).status_code == 200
    few = count_queries(lambda: client.get(URL))
    _more(world)
    rows = UnmatchedCompletion.objects.filter(email__startswith="u").order_by("pk")
    completions = CourseCompletion.objects.filter(candidate__email__startswith="more")
    for row, completion in zip(rows, completions.order_by("pk"), strict=True):
        _matched(row, completion)
        _close(completion, django_capture_on_commit_callbacks)

    text = _text(client.get(URL))

    assert text.count("Matched to a candidate: Account closed (candidate ") == 5
    assert CLOSED_NAME not in text
    assert count_queries(lambda: client.get(URL)) == few
