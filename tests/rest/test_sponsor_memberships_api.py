"""`GET /sponsor/memberships`: a sponsor's token lists the memberships it confirms (SSD's for the
sponsor linked to SSD), as its people see them on the queue page, with the page's status filter.
Before, the queue was only at `GET /staff/memberships`, whose scope a sponsor's token cannot
hold, so a sponsor's software could decide a membership but not find the ones waiting."""

import pytest

from certify.accounts.models import Role
from certify.accounts.tokens import token_create, token_scope_choices
from certify.memberships.models import Membership, Organisation
from certify.scholarships.models import SponsorMember
from tests.conftest import count_queries
from tests.factories import (
    MembershipFactory,
    ProviderFactory,
    SponsorFactory,
    SponsorMemberFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db
API = "/api/v1/sponsor/memberships"


@pytest.fixture
def ssd():
    return Organisation.objects.get(code="SSD")


@pytest.fixture
def ala():
    return Organisation.objects.get(code="ALA")


@pytest.fixture
def runs_ssd(ssd):
    """An administrator of the sponsor linked to SSD."""
    return SponsorMemberFactory(sponsor=SponsorFactory(organisation=ssd)).user


def _bearer(user, scopes=None) -> dict[str, str]:
    """A token with `scopes`, or every scope the person's roles allow."""
    scopes = scopes or [value for value, _ in token_scope_choices(user)]
    secret = token_create(user=user, name="queue", scopes=scopes).secret
    return {"Authorization": f"Bearer {secret}"}


def _names(response) -> list[str]:
    assert response.status_code == 200, response.content
    return [row["person_name"] for row in response.json()["items"]]


def test_a_sponsors_token_lists_the_memberships_it_confirms(client, ssd, ala, runs_ssd):
    MembershipFactory(organisation=ssd, status="pending", user=UserFactory(full_name="Sid Ssd"))
    MembershipFactory(organisation=ssd, status="confirmed", user=UserFactory(full_name="Con Ssd"))
    MembershipFactory(organisation=ala, status="pending", user=UserFactory(full_name="Ada Ala"))
    headers = _bearer(runs_ssd, ["scholarships"])
    assert _names(client.get(API, headers=headers)) == ["Sid Ssd"]  # pending, as the page
    assert _names(client.get(API, {"status": "confirmed"}, headers=headers)) == ["Con Ssd"]
    assert sorted(_names(client.get(API, {"status": "all"}, headers=headers))) == [
        "Con Ssd",
        "Sid Ssd",
    ]
    assert _names(client.get(API, {"status": "nonsense"}, headers=headers)) == ["Sid Ssd"]
    row = client.get(API, headers=headers).json()["items"][0]
    assert row["organisation"] == "SSD"
    assert row["invoice_outcome"] == "nothing_to_change"  # no invoice waits on it
    assert row["invoice_words"]
    assert {"count", "items"} <= set(client.get(API, headers=headers).json())


def test_what_it_lists_the_token_may_decide(client, ssd, runs_ssd):
    """The same rows the sponsor's decision door takes: the listed one is confirmed."""
    waiting = MembershipFactory(organisation=ssd, status="pending")
    headers = _bearer(runs_ssd, ["scholarships"])
    [row] = client.get(API, headers=headers).json()["items"]
    decided = client.post(
        f"{API}/{row['id']}/decision",
        {"decision": "confirm"},
        content_type="application/json",
        headers=headers,
    )
    assert decided.status_code == 200, decided.content
    waiting.refresh_from_db()
    assert waiting.status == Membership.Status.CONFIRMED
    assert client.get(API, headers=headers).json()["items"] == []


def test_someone_who_is_also_staff_lists_only_the_sponsors_at_this_door(client, ssd, ala):
    both = SponsorMemberFactory(
        sponsor=SponsorFactory(organisation=ssd),
        user=UserFactory(roles=[Role.SPONSOR, Role.PROGRAM_STAFF]),
    ).user
    MembershipFactory(organisation=ssd, status="pending", user=UserFactory(full_name="Sid Ssd"))
    MembershipFactory(organisation=ala, status="pending", user=UserFactory(full_name="Ada Ala"))
    assert _names(client.get(API, headers=_bearer(both, ["scholarships"]))) == ["Sid Ssd"]


def test_a_token_lists_only_while_its_person_runs_the_sponsor(client, ssd, runs_ssd):
    """Removed from the sponsor, the same token lists nothing: it carries what the person may
    do now, not what they could when it was made. A sponsor of no SSD link lists nothing."""
    MembershipFactory(organisation=ssd, status="pending")
    headers = _bearer(runs_ssd, ["scholarships"])
    assert len(client.get(API, headers=headers).json()["items"]) == 1
    SponsorMember.objects.filter(user=runs_ssd).delete()
    assert client.get(API, headers=headers).json()["items"] == []
    other = SponsorMemberFactory(sponsor=SponsorFactory()).user  # a sponsor not linked to SSD
    assert client.get(API, headers=_bearer(other)).json()["items"] == []


@pytest.mark.parametrize(
    "roles",
    [[Role.CANDIDATE], [Role.REVIEWER], [Role.PROGRAM_STAFF], [Role.CANDIDATE, Role.REVIEWER]],
    ids=["candidate", "reviewer", "program staff", "candidate and reviewer"],
)
def test_every_other_roles_token_is_refused(client, ssd, roles):
    MembershipFactory(organisation=ssd, status="pending")
    response = client.get(API, headers=_bearer(UserFactory(roles=roles)))
    assert response.status_code == 403, response.content
    assert response["Content-Type"] == "application/problem+json"


def test_a_providers_token_and_key_are_refused(client, ssd):
    from certify.courses import services as course_services

    keeper = UserFactory(roles=[Role.PROVIDER])
    _, key = course_services.api_key_create(
        provider=ProviderFactory(staff=[keeper]), actor=keeper, name="LMS"
    )
    assert client.get(API, headers={"X-API-Key": key}).status_code in {401, 403}
    assert client.get(API, headers=_bearer(keeper)).status_code == 403


def test_a_sponsors_token_of_another_scope_and_no_token_are_refused(client, runs_ssd):
    assert client.get(API, headers=_bearer(runs_ssd, ["certificates"])).status_code == 403
    assert client.get(API).status_code == 401


def test_the_queue_reads_in_a_flat_number_of_queries(client, ssd, ala, runs_ssd):
    headers = _bearer(runs_ssd, ["scholarships"])
    MembershipFactory(organisation=ssd, status="pending")
    client.get(API, headers=headers)  # the token's first use stamps it (`last_used_at`)
    few = count_queries(lambda: client.get(API, {"status": "all"}, headers=headers))
    for status in ("pending", "confirmed", "rejected", "pending", "pending"):
        MembershipFactory(organisation=ssd, status=status)
        MembershipFactory(organisation=ala, status=status)
    many = client.get(API, {"status": "all"}, headers=headers)
    assert len(many.json()["items"]) == 6
    assert count_queries(lambda: client.get(API, {"status": "all"}, headers=headers)) == few
