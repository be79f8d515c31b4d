"""The staff page of a version shows whom "Assign automatically" would pick (the selector the
service assigns from, `portfolios.automatic_reviewers`), who is next in line and why the others
are left out, and says when a place would stay empty and what staff can do. Pressing it assigns
exactly the reviewers the page showed, or nothing when the picture changed since (a reviewer
reached capacity, a place was filled by hand), with the page saying what changed."""

import re

import pytest
from django.urls import reverse

from certify.accounts.models import Role, RoleAssignment
from certify.core.models import AuditEvent
from certify.portfolios import services
from certify.portfolios.models import ReviewAssignment, ReviewerProfile
from certify.portfolios.services import portfolio_open
from certify.programs.models import Program
from tests import dbsetup
from tests.conftest import count_queries
from tests.factories import UserFactory
from tests.portfolios.conftest import (
    complete,
    enroll,
    make_reviewer,
    make_reviewers,
    plan_portfolio,
)
from tests.portfolios.test_views import submit
from tests.shared import copy_of, shared_in_module


def _submitted(lsscp_snapshot: dbsetup.Snapshot):
    """What `tests/portfolios/test_views.py`'s `submitted` builds (LSSCP replayed as the `lsscp`
    fixture does, Dana's CT portfolio submitted, its two reviewers picked from three), built
    once for the module: its tests change it only in the database (`tests/shared.py`)."""
    dbsetup.snapshot_restore(lsscp_snapshot)
    application = enroll(Program.objects.get(pk=lsscp_snapshot.program_pk))
    planned = plan_portfolio(application)
    portfolio = complete(portfolio_open(planned=planned, actor=application.candidate))
    make_reviewers()
    return submit(portfolio)


submitted_in_module = shared_in_module(_submitted, using=("lsscp_snapshot",))


@pytest.fixture
def submitted(db, submitted_in_module):
    return copy_of(submitted_in_module)


def page_url(submission):
    return reverse("portfolios:staff_submission", args=[submission.pk])


def press_url(submission):
    return reverse("portfolios:staff_assign_automatic", args=[submission.pk])


def free_a_place(submission):
    first = submission.assignments.order_by("id").first()
    ReviewAssignment.objects.filter(pk=first.pk).update(status=ReviewAssignment.Status.WITHDRAWN)
    return first.reviewer


def shown_picks(page: str) -> list[int]:
    return [int(v) for v in re.findall(r'name="picked" value="(\d+)"', page)]


def section(page: str) -> str:
    """The automatic assignment's part of the page, its tags removed."""
    part = page.split('id="automatic"', 1)[1].split("<h2>Add a reviewer</h2>", 1)[0]
    inline = re.sub(r"</?(strong|span)[^>]*>", "", part)
    return " ".join(re.sub(r"<[^>]+>", " ", inline).split())


def reviewers_table(page: str) -> str:
    """The rows of the version's reviewers table, cells joined by " | ", one row a line."""
    part = page.split('aria-label="Reviews of this version"', 1)[1].split("</table>", 1)[0]
    rows = re.findall(r"<tr>(.*?)</tr>", part, flags=re.S)
    cells = [re.findall(r"<td[^>]*>(.*?)</td>", row, flags=re.S) for row in rows]
    return "\n".join(
        " | ".join(" ".join(re.sub(r"<[^>]+>", " ", c).split()) for c in row) for row in cells
    )


def rosa():
    return ReviewerProfile.objects.get(user__full_name="Rosa Rater").user


@pytest.fixture
def one_place(submitted, staff, client):
    """A version with one place open: the withdrawn reviewer and Rosa (none open each) may take
    it, the one with the lower id first; a neighbour of the candidate's library is left out."""
    withdrawn = free_a_place(submitted)
    make_reviewer("Nell Neighbour", employer="Riverside Public Library")
    client.force_login(staff)
    return submitted, withdrawn


def test_the_page_shows_whom_it_would_pick_who_is_next_and_who_is_left_out(client, one_place):
    version, withdrawn = one_place
    page = client.get(page_url(version)).text
    first, second = sorted([withdrawn, rosa()], key=lambda u: u.pk)
    assert shown_picks(page) == [first.pk]
    words = section(page)
    assert "One place is open." in words
    assert f"would assign: {first}: 0 open reviews, takes up to 5." in words
    assert f"Next in line: {second}: 0 open reviews, takes up to 5." in words
    assert (
        "Left out, and why: Nell Neighbour: The reviewer works at a library where the candidate "
        "works or worked." in words
    )
    assert "would stay empty" not in words
    # the same as the API's read, which is the service's
    api = client.get(
        f"/api/v1/staff/portfolios/submissions/{version.pk}/reviewers/automatic"
    ).json()
    assert [r["id"] for r in api["reviewers"] if r["picked"]] == shown_picks(page)


def test_a_version_with_its_two_reviewers_has_no_button(client, submitted, staff):
    client.force_login(staff)
    page = client.get(page_url(submitted)).text
    assert "the automatic assignment has no place to fill" in section(page)
    assert 'name="picked"' not in page


def test_an_empty_place_is_said_with_what_staff_can_do(client, one_place):
    version, withdrawn = one_place
    ReviewerProfile.objects.filter(user=withdrawn).update(active=False)
    ReviewerProfile.objects.filter(user=rosa()).update(capacity=0)
    words = section(client.get(page_url(version)).text)
    assert "One place would stay empty: no reviewer with expertise in" in words
    assert "Add a reviewer by hand (their load is yours to judge), or give one room" in words
    assert "Rosa Rater: Rosa Rater has 0 open reviews, as many as their reviewer profile" in words
    assert "Assign automatically" not in words


def test_pressing_assigns_exactly_whom_the_page_showed(client, one_place, staff):
    version, _ = one_place
    shown = shown_picks(client.get(page_url(version)).text)
    before = set(version.assignments.values_list("pk", flat=True))
    answer = client.post(press_url(version), {"picked": shown}, follow=True)
    (made,) = version.assignments.exclude(pk__in=before)
    assert [made.reviewer_id] == shown
    assert made.assigned_by == staff  # staff decided it: the audit says it was the automatic one
    event = AuditEvent.objects.filter(verb="review.assigned").latest("pk")
    assert event.actor_id == staff.pk
    assert event.data == {"reviewer": made.reviewer_id, "auto": True}
    assert f"Assigned automatically: {made.reviewer} now reviews this portfolio." in answer.text
    assert "the automatic assignment has no place to fill" in section(answer.text)
    # The reviewers table says it was the automatic assignment, and who pressed it; the one
    # assigned at submission is plain "Automatic".
    table = reviewers_table(answer.text)
    assert f"{made.reviewer} | Automatic (pressed by {staff.full_name}) |" in table
    (kept,) = version.assignments.filter(status="assigned").exclude(pk=made.pk)
    assert f"{kept.reviewer} | Automatic |" in table


def test_a_reviewer_added_by_hand_says_by_whom(client, one_place, staff):
    version, _ = one_place
    answer = client.post(page_url(version), {"reviewer": rosa().pk}, follow=True)
    made = version.assignments.get(reviewer=rosa())
    assert not made.automatic
    assert f"Rosa Rater | By {staff.full_name} |" in reviewers_table(answer.text)


def test_a_reviewer_who_reached_capacity_meanwhile_is_not_assigned(client, one_place):
    """The decision: nothing is assigned (not the next in line either, whom staff did not see
    picked); the page says why and shows the new picture, to press again if they agree."""
    version, _ = one_place
    (shown,) = shown_picks(client.get(page_url(version)).text)
    ReviewerProfile.objects.filter(user_id=shown).update(capacity=0)  # meanwhile
    before = version.assignments.count()
    answer = client.post(press_url(version), {"picked": [shown]}, follow=True)
    assert version.assignments.count() == before
    text = answer.text.replace("&#x27;", "'").replace("&quot;", '"')
    name = str(ReviewerProfile.objects.get(user_id=shown).user)
    other = rosa() if name != "Rosa Rater" else version.assignments.order_by("id")[0].reviewer
    assert (
        "Nobody was assigned: whom the automatic assignment picks changed since you opened the "
        f"page. {name} has 0 open reviews, as many as their reviewer profile takes. It now "
        f"picks {other}. Check the page as it stands now, and assign again if you agree."
    ) in text
    assert shown_picks(answer.text) == [other.pk]


def test_a_place_filled_by_hand_meanwhile_is_not_filled_again(client, one_place, staff):
    version, _ = one_place
    (shown,) = shown_picks(client.get(page_url(version)).text)
    services.reviewer_assign(submission=version, reviewer=rosa(), actor=staff)
    before = version.assignments.count()
    answer = client.post(press_url(version), {"picked": [shown]}, follow=True)
    assert version.assignments.count() == before
    assert "Nobody was assigned: this version has its two reviewers now" in answer.text


def test_pressing_twice_assigns_once(client, one_place):
    version, _ = one_place
    shown = shown_picks(client.get(page_url(version)).text)
    client.post(press_url(version), {"picked": shown})
    count = version.assignments.count()
    answer = client.post(press_url(version), {"picked": shown}, follow=True)
    assert version.assignments.count() == count
    assert "Nobody was assigned" in answer.text


def test_a_reviewer_added_to_the_pool_meanwhile_is_said(client, submitted, staff):
    """Nobody could be picked when the page was read; now someone can: pressing with nothing
    seen (a stale form) assigns nobody and names who it picks now."""
    free_a_place(submitted)
    ReviewerProfile.objects.update(active=False)
    client.force_login(staff)
    assert shown_picks(client.get(page_url(submitted)).text) == []
    newcomer = make_reviewer("Nora Newcomer")
    answer = client.post(press_url(submitted), {}, follow=True)
    assert not submitted.assignments.filter(reviewer=newcomer).exists()
    assert "It now picks Nora Newcomer." in answer.text


@pytest.mark.parametrize("role", ["candidate", "reviewer", "provider", "sponsor"])
def test_other_roles_are_refused(client_as, one_place, role):
    version, withdrawn = one_place
    before = version.assignments.count()
    client = client_as(role)
    assert client.get(page_url(version)).status_code == 403
    assert client.post(press_url(version), {"picked": [withdrawn.pk]}).status_code == 403
    assert version.assignments.count() == before


def test_the_assigned_reviewer_is_refused(client, one_place):
    version, _ = one_place
    reviewer = version.assignments.exclude(status="withdrawn").get().reviewer
    client.force_login(reviewer)
    before = version.assignments.count()
    assert client.post(press_url(version), {"picked": [rosa().pk]}).status_code == 403
    assert version.assignments.count() == before


def test_the_candidate_who_is_also_staff_is_refused(client, one_place):
    version, withdrawn = one_place
    candidate = version.portfolio.planned_set.application.candidate
    RoleAssignment.objects.create(user=candidate, role=Role.PROGRAM_STAFF)
    client.force_login(candidate)
    before = version.assignments.count()
    assert client.post(press_url(version), {"picked": [withdrawn.pk]}).status_code == 403
    assert version.assignments.count() == before
    assert client.get(page_url(version)).status_code == 403


def test_a_get_is_not_an_assignment(client, one_place):
    version, _ = one_place
    before = version.assignments.count()
    assert client.get(press_url(version)).status_code == 405
    assert version.assignments.count() == before


def test_the_page_reads_a_fixed_number_of_queries(client, one_place):
    version, _ = one_place
    client.get(page_url(version))  # the session and the caches warm
    few = count_queries(lambda: client.get(page_url(version)))
    for n in range(6):
        make_reviewer(f"Extra Reviewer {n}", employer=f"Library {n}")
    for n in range(3):
        make_reviewer(f"Full Reviewer {n}", capacity=0)  # left out: at capacity
    make_reviewer("Another Neighbour", employer="Riverside Public Library")
    UserFactory(full_name="No Profile", roles=[Role.REVIEWER])
    page = client.get(page_url(version)).text
    assert section(page).count("Full Reviewer") == 3 * 2  # left out: the name, the reason
    assert count_queries(lambda: client.get(page_url(version))) == few
