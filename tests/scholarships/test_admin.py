"""Program settings: staff set up sponsors and their administrators; money is read-only there."""

import pytest

from certify.accounts.models import Role, User
from certify.scholarships.models import Sponsor, SponsorMember
from tests.factories import UserFactory


def test_staff_add_a_sponsor_and_its_administrator_who_gets_the_sponsor_role(client, staff, ssd):
    person = UserFactory(roles=[Role.CANDIDATE])
    client.force_login(staff)
    for url in (
        "/admin/scholarships/sponsor/",
        "/admin/scholarships/fund/",
        "/admin/scholarships/award/",
    ):
        assert client.get(url).status_code == 200, url
    response = client.post(
        "/admin/scholarships/sponsor/add/",
        {
            "slug": "txla-ssrt",
            "name": "Texas Support Staff Round Table",
            "joining_note": "",
            "description": "",
            "contact_email": "",
            "is_active": "on",
            "members-TOTAL_FORMS": "1",
            "members-INITIAL_FORMS": "0",
            "members-MIN_NUM_FORMS": "0",
            "members-MAX_NUM_FORMS": "1000",
            "members-0-user": str(person.pk),
            "members-0-role": "admin",
        },
    )
    assert response.status_code == 302, response.content[:2000]
    sponsor = Sponsor.objects.get(slug="txla-ssrt")
    assert SponsorMember.objects.get(sponsor=sponsor).user == person
    assert Role.SPONSOR in User.objects.get(pk=person.pk).roles
    assert client.get("/admin/scholarships/fund/add/").status_code == 403


@pytest.mark.parametrize("role", ["candidate", "sponsor", "reviewer", "provider"])
def test_the_program_settings_are_for_staff(client_as, ssd, role):
    response = client_as(role).get("/admin/scholarships/sponsor/")
    assert response.status_code in (302, 403)
