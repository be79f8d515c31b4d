"""After a save that worked, the appeal forms' redirects name their own fragment (ADR 0043): the
grounds post to `#grounds-errors` and staff's review to `#review-errors`, and a browser keeps that
fragment across a redirect whose address names none, so the saved page's address would aim at a
summary that is not there."""

from django.urls import reverse

from certify.accounts.models import Role
from certify.appeals.models import Appeal
from certify.appeals.services import appeal_submit_grounds
from tests.appeals.test_appeals import GROUNDS, _notice, rejected  # noqa: F401 (a fixture)
from tests.factories import UserFactory


def test_grounds_given_open_the_decisions_page_at_its_main_content(client, rejected):  # noqa: F811
    appeal = _notice(rejected)
    client.force_login(rejected.candidate)
    url = reverse("appeals:grounds", args=[appeal.pk])
    response = client.post(url, {"grounds": GROUNDS})
    assert response.status_code == 302
    assert response["Location"] == f"{rejected.get_absolute_url()}#main"
    # A second tab's post, once they are given, lands there too, not at `#grounds-errors`.
    assert client.post(url, {"grounds": GROUNDS})["Location"].endswith("#main")
    appeal.refresh_from_db()
    assert appeal.status == Appeal.Status.GROUNDS_SUBMITTED


def test_a_decided_appeal_opens_the_list_at_its_main_content(client, rejected):  # noqa: F811
    appeal = _notice(rejected)
    appeal_submit_grounds(appeal=appeal, actor=rejected.candidate, grounds=GROUNDS)
    client.force_login(UserFactory(roles=[Role.PROGRAM_STAFF]))  # not the one who decided
    response = client.post(
        reverse("appeals:review", args=[appeal.pk]),
        {"outcome": "uphold", "reason": "The archive does not lend."},
    )
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('appeals:list')}#main"
    appeal.refresh_from_db()
    assert appeal.status == Appeal.Status.UPHELD
