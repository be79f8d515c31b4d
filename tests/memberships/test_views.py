from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from certify.accounts.models import Role
from certify.memberships.models import Membership, Organisation
from tests.conftest import count_queries
from tests.factories import MembershipFactory, SponsorFactory, SponsorMemberFactory, UserFactory
from tests.hidden import assert_answers_as_unknown


def next_year() -> str:
    """A membership end date a year after the day the test runs."""
    return (timezone.localdate() + timedelta(days=365)).isoformat()


def test_a_candidate_adds_a_membership(db, client, candidate):
    client.force_login(candidate)
    ala = Organisation.objects.get(code="ALA")
    page = client.get(reverse("memberships:add"), {"organisation": "ALA"}).text
    assert 'for="id_member_number"' in page
    response = client.post(
        reverse("memberships:add"),
        {"organisation": ala.pk, "member_number": "A-998877", "expires_on": next_year()},
        follow=True,
    )
    assert "Your ALA membership is saved" in response.text
    assert "Waiting for confirmation" in response.text
    assert Membership.objects.get(user=candidate).member_number == "A-998877"


@pytest.mark.parametrize(
    ("code", "who"), [("ALA", "Program staff will confirm it."), ("SSD", "The SSD committee will")]
)
def test_the_saved_message_says_who_confirms_in_a_whole_sentence(db, client, candidate, code, who):
    client.force_login(candidate)
    organisation = Organisation.objects.get(code=code)
    response = client.post(
        reverse("memberships:add"),
        {"organisation": organisation.pk, "member_number": "N-1", "expires_on": next_year()},
        follow=True,
    )
    assert f"Your {code} membership is saved. {who}" in response.text
    assert "Scholarship sponsor will" not in response.text


def test_bad_input_is_explained_and_what_was_typed_is_kept(db, client, candidate):
    client.force_login(candidate)
    ala = Organisation.objects.get(code="ALA")
    response = client.post(
        reverse("memberships:add"),
        {"organisation": ala.pk, "member_number": "A-1", "expires_on": "2001-01-01"},
    )
    assert response.status_code == 400
    assert "This date has passed" in response.text
    assert 'value="A-1"' in response.text
    # The page opens at the form's error summary, each problem linked to its field (ADR 0043).
    assert f'action="{reverse("memberships:add")}#membership-errors"' in response.text
    assert 'id="membership-errors"' in response.text
    assert '<a href="#id_expires_on">This date has passed' in response.text
    response = client.post(reverse("memberships:add"), {"organisation": ala.pk})
    assert response.status_code == 400
    assert '<a href="#id_member_number">Enter your member number.</a>' in response.text
    assert f'<option value="{ala.pk}" selected>' in response.text
    response = client.post(
        reverse("memberships:add"),
        {"organisation": ala.pk, "member_number": "A-2", "expires_on": "next year"},
    )
    assert "Enter the date as year-month-day" in response.text
    assert 'value="A-2"' in response.text
    assert not Membership.objects.exists()


def test_a_candidate_changes_their_own_membership(db, client, candidate):
    m = MembershipFactory(user=candidate)
    client.force_login(candidate)
    client.post(
        reverse("memberships:edit", args=[m.pk]),
        {"member_number": "NEW-1", "expires_on": next_year()},
    )
    m.refresh_from_db()
    assert (m.member_number, m.status) == ("NEW-1", "pending")


def test_a_saved_membership_opens_the_list_at_its_main_content(db, client, candidate):
    """The form posts to `#membership-errors`; a browser keeps that fragment across a redirect
    that names none, so the saved list's address would aim at a summary not there (ADR 0043)."""
    client.force_login(candidate)
    ala = Organisation.objects.get(code="ALA")
    added = client.post(
        reverse("memberships:add"),
        {"organisation": ala.pk, "member_number": "A-1", "expires_on": next_year()},
    )
    m = Membership.objects.get(user=candidate)
    changed = client.post(
        reverse("memberships:edit", args=[m.pk]),
        {"member_number": "A-2", "expires_on": next_year()},
    )
    for response in (added, changed):
        assert response.status_code == 302
        assert response["Location"] == reverse("memberships:list") + "#main"


@pytest.mark.parametrize("role", ["anonymous", "candidate", "reviewer", "provider", "sponsor"])
def test_someone_elses_membership_cannot_be_changed(db, client_as, role):
    m = MembershipFactory()
    client = client_as(role)
    response = client.post(
        reverse("memberships:edit", args=[m.pk]),
        {"member_number": "HIJACK", "expires_on": next_year()},
    )
    # another candidate: the 404 of a membership that does not exist; other roles: 403 first
    want = {"anonymous": 302, "candidate": 404}.get(role, 403)
    assert response.status_code == want
    m.refresh_from_db()
    assert m.member_number != "HIJACK"
    if role == "candidate":
        unknown = reverse("memberships:edit", args=[m.pk + 1000])
        assert_answers_as_unknown(client, reverse("memberships:edit", args=[m.pk]), unknown)


@pytest.mark.parametrize("role", ["reviewer", "provider", "sponsor", "program_staff", "no_role"])
def test_only_candidates_record_memberships(db, client_as, role):
    client = client_as(role)
    assert client.get(reverse("memberships:list")).status_code == 403
    ala = Organisation.objects.get(code="ALA")
    response = client.post(
        reverse("memberships:add"),
        {"organisation": ala.pk, "member_number": "A-1", "expires_on": next_year()},
    )
    assert response.status_code == 403
    assert not Membership.objects.exists()


def test_membership_pages_send_anonymous_visitors_to_sign_in(db, client):
    for name in ("memberships:list", "memberships:add", "memberships:queue"):
        response = client.get(reverse(name))
        assert response.status_code == 302
        assert "/accounts/login/" in response.url


@pytest.mark.parametrize("role", ["candidate", "reviewer", "provider", "no_role"])
def test_the_queue_is_refused_to_everyone_but_staff_and_sponsors(db, client_as, role):
    m = MembershipFactory(status="pending")
    client = client_as(role)
    assert client.get(reverse("memberships:queue")).status_code == 403
    assert (
        client.post(reverse("memberships:decide", args=[m.pk]), {"decision": "confirm"})
    ).status_code == 403
    m.refresh_from_db()
    assert m.status == "pending"


def test_staff_see_ala_and_the_sponsor_sees_ssd(db, client):
    ssd = Organisation.objects.get(code="SSD")
    MembershipFactory(status="pending", user=UserFactory(full_name="Ada Ala"))
    MembershipFactory(status="pending", organisation=ssd, user=UserFactory(full_name="Sid Ssd"))
    client.force_login(UserFactory(roles=[Role.PROGRAM_STAFF]))
    page = client.get(reverse("memberships:queue")).text
    assert "Ada Ala" in page
    assert "Sid Ssd" not in page
    client.force_login(SponsorMemberFactory(sponsor=SponsorFactory(organisation=ssd)).user)
    page = client.get(reverse("memberships:queue")).text
    assert "Sid Ssd" in page
    assert "Ada Ala" not in page
    client.force_login(UserFactory(roles=[Role.SPONSOR]))  # runs no sponsor linked to SSD
    assert "Sid Ssd" not in client.get(reverse("memberships:queue")).text


def test_a_sponsor_cannot_decide_an_ala_membership(db, client):
    """A sponsor who does not decide ALA memberships gets the 404 an unknown membership gets."""
    m = MembershipFactory(status="pending")
    client.force_login(UserFactory(roles=[Role.SPONSOR]))
    url, unknown = (reverse("memberships:decide", args=[pk]) for pk in (m.pk, m.pk + 1000))
    assert_answers_as_unknown(client, url, unknown, "post")
    m.refresh_from_db()
    assert m.status == "pending"


def test_staff_confirm_and_reject_from_the_queue(db, client, staff):
    one, two = MembershipFactory(status="pending"), MembershipFactory(status="pending")
    client.force_login(staff)
    response = client.post(
        reverse("memberships:decide", args=[one.pk]), {"decision": "confirm"}, follow=True
    )
    assert "is confirmed" in response.text
    response = client.post(reverse("memberships:decide", args=[two.pk]), {"decision": "reject"})
    assert response.status_code == 400
    assert "Say why the membership is not confirmed." in response.text
    client.post(
        reverse("memberships:decide", args=[two.pk]),
        {"decision": "reject", "reason": "Lapsed in 2025"},
    )
    one.refresh_from_db()
    two.refresh_from_db()
    assert (one.status, two.status, two.reason) == ("confirmed", "rejected", "Lapsed in 2025")


def test_a_decision_covers_the_number_and_date_the_decider_saw(db, client, staff, candidate):
    """The queue's form carries the member number and date it showed: when the member changed
    them since (a number that was never checked), the decision is refused with what is there
    now, and nothing changes. The same through the API, when the caller says what it saw."""
    m = MembershipFactory(user=candidate, status="pending", member_number="A-123")
    client.force_login(staff)
    queue = client.get(reverse("memberships:queue")).text
    assert 'name="member_number_seen" value="A-123"' in queue
    seen = {"member_number_seen": "A-123", "expires_on_seen": m.expires_on.isoformat()}
    later = timezone.localdate() + timedelta(days=900)
    client.force_login(candidate)
    client.post(
        reverse("memberships:edit", args=[m.pk]),
        {"member_number": "Z-999", "expires_on": later.isoformat()},
    )
    client.force_login(staff)
    response = client.post(
        reverse("memberships:decide", args=[m.pk]), {"decision": "confirm", **seen}
    )
    assert response.status_code == 400
    assert "changed since you opened it" in response.text
    assert "now Z-999" in response.text
    assert 'name="member_number_seen" value="Z-999"' in response.text  # the page shows it now
    m.refresh_from_db()
    assert (m.status, m.confirmed_by) == ("pending", None)
    api = client.post(
        f"/api/v1/staff/memberships/{m.pk}/decision",
        {"decision": "confirm", **seen},
        content_type="application/json",
    )
    assert api.status_code == 400
    assert "changed since you opened it" in api.json()["detail"]
    m.refresh_from_db()
    assert m.status == "pending"
    fresh = {"member_number_seen": "Z-999", "expires_on_seen": later.isoformat()}
    client.post(reverse("memberships:decide", args=[m.pk]), {"decision": "confirm", **fresh})
    m.refresh_from_db()
    assert (m.status, m.member_number) == ("confirmed", "Z-999")


def test_membership_list_query_count_does_not_grow(db, client, candidate):
    client.force_login(candidate)
    MembershipFactory(user=candidate)
    few = count_queries(lambda: client.get(reverse("memberships:list")))
    MembershipFactory(user=candidate, organisation=Organisation.objects.get(code="SSD"))
    for code in ("X1", "X2", "X3"):
        MembershipFactory(user=candidate, organisation__code=code)
    assert count_queries(lambda: client.get(reverse("memberships:list"))) == few


def test_queue_query_count_does_not_grow(db, client, staff):
    client.force_login(staff)
    MembershipFactory(status="pending")
    few = count_queries(lambda: client.get(reverse("memberships:queue")))
    for _ in range(10):
        MembershipFactory(status="pending")
    assert count_queries(lambda: client.get(reverse("memberships:queue"))) == few
