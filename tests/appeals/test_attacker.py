"""An appeal as an attacker tries it (the product: the person who made the first decision cannot
decide the appeal; nobody decides their own case; a GET never writes). What tests elsewhere
already cover is not repeated: other roles refused the list and page (test_appeals.py), the
appellant on staff and conflicted staff (test_appeal_access.py), a replayed send-back
(tests/security/test_replays.py), other attackers' letters (tests/security/
test_other_attackers.py), two decisions at once (tests/security/test_concurrency.py)."""

from django.test import Client
from django.urls import reverse

from certify.accounts.models import Role
from certify.appeals.models import Appeal
from certify.appeals.services import appeal_decide, appeal_submit_grounds
from certify.core.models import AuditEvent
from certify.core.workflow_words import OUT_OF_DATE
from tests.appeals.test_appeal_access import _with_grounds
from tests.appeals.test_appeals import GROUNDS, _failed_portfolio_appeal, _notice, rejected
from tests.factories import UserFactory

__all__ = ["rejected"]  # the fixture

UPHOLD = {"outcome": "uphold", "reason": "The bookshop hours are not library work."}
DECIDED_IT = "You made the decision under appeal, so another staff member must review it."


def _words(text: str) -> str:
    return " ".join(text.split())


def _state(appeal: Appeal) -> tuple:
    appeal = Appeal.objects.get(pk=appeal.pk)
    return (appeal.status, appeal.grounds, appeal.reviewer_id, appeal.outcome_reason)


def test_a_decision_from_a_page_decided_in_another_tab_says_the_page_was_out_of_date(
    client, rejected
):
    appeal = _with_grounds(rejected)
    mine, colleague = (
        UserFactory(roles=[Role.PROGRAM_STAFF]),
        UserFactory(roles=[Role.PROGRAM_STAFF]),
    )
    url = reverse("appeals:review", args=[appeal.pk])
    client.force_login(mine)
    assert 'name="outcome"' in client.get(url).text  # the form, open in this tab
    appeal_decide(appeal=appeal, actor=colleague, uphold=False, reason="The hours count.")
    before = _state(appeal)
    response = client.post(url, UPHOLD)
    assert response.status_code == 302
    assert response.url == f"{url}#main"
    page = _words(client.get(response.url).text)
    assert (
        "This appeal is “Sent back for a new decision” now, so it cannot become “Decision "
        f"upheld”: {OUT_OF_DATE}. Here is its current page."
    ) in page
    assert 'name="outcome"' not in page
    assert _state(appeal) == before


def test_grounds_from_a_page_out_of_date_say_where_the_appeal_is(client, rejected):
    """Grounds given in another tab, then sent again from this one: the decision's page says
    the appeal's status and that the page was behind; the first grounds stand."""
    appeal = _notice(rejected)
    client.force_login(rejected.candidate)
    url = reverse("appeals:grounds", args=[appeal.pk])
    assert client.post(url, {"grounds": GROUNDS}).status_code == 302
    client.get(rejected.get_absolute_url())  # the success message read
    response = client.post(url, {"grounds": GROUNDS + " More, from the old tab."})
    assert response.url == f"{rejected.get_absolute_url()}#main"
    page = _words(client.get(response.url).text)
    assert (
        "This appeal is already “Grounds submitted, waiting for review”: "
        f"{OUT_OF_DATE}. Here is its current page."
    ) in page
    assert Appeal.objects.get(pk=appeal.pk).grounds == GROUNDS


def test_the_first_decider_is_refused_on_the_page_the_api_and_a_replay(client, rejected, staff):
    appeal = _with_grounds(rejected)  # `staff` rejected the application
    url = reverse("appeals:review", args=[appeal.pk])
    api = f"/api/v1/staff/appeals/{appeal.pk}/decision"
    client.force_login(staff)
    page = client.get(url).text
    assert DECIDED_IT in page
    assert 'name="outcome"' not in page
    before = _state(appeal)
    for outcome in ("uphold", "send_back"):  # a hand-made POST, then through the API
        posted = client.post(url, {**UPHOLD, "outcome": outcome})
        assert posted.status_code == 400
        assert "You cannot decide your own case" in posted.text
        through_api = client.post(
            api, {**UPHOLD, "outcome": outcome}, content_type="application/json"
        )
        assert through_api.status_code == 400
        assert "You cannot decide your own case" in through_api.json()["detail"]
    assert _state(appeal) == before
    # a colleague's decision, replayed by the first decider: nothing changes
    colleague = UserFactory(roles=[Role.PROGRAM_STAFF])
    other = Client()
    other.force_login(colleague)
    assert other.post(url, UPHOLD).status_code == 302
    decided = _state(appeal)
    assert decided[2] == colleague.pk
    client.post(url, {**UPHOLD, "outcome": "send_back"})
    client.post(api, {**UPHOLD, "outcome": "send_back"}, content_type="application/json")
    assert _state(appeal) == decided


def test_a_reviewer_of_the_verdict_on_staff_is_shown_no_decision_form(client, lsscp, staff):
    """A portfolio's verdict has no single decider (`decided_by` is empty): its reviewers made
    it, and a reviewer who is also staff reads the appeal without the form that would refuse
    them."""
    reviewed_it = UserFactory(roles=[Role.PROGRAM_STAFF, Role.REVIEWER])
    appeal = _failed_portfolio_appeal(lsscp, [reviewed_it])
    client.force_login(reviewed_it)
    page = client.get(reverse("appeals:review", args=[appeal.pk])).text
    assert DECIDED_IT in page
    assert 'name="outcome"' not in page
    client.force_login(staff)
    assert 'name="outcome"' in client.get(reverse("appeals:review", args=[appeal.pk])).text


def test_the_appellant_decides_nothing_and_another_candidate_reads_and_adds_nothing(
    client, rejected
):
    appeal = _with_grounds(rejected)
    url = reverse("appeals:review", args=[appeal.pk])
    api = f"/api/v1/staff/appeals/{appeal.pk}/decision"
    before = _state(appeal)
    client.force_login(rejected.candidate)
    assert client.post(url, {**UPHOLD, "outcome": "send_back"}).status_code == 403
    answer = client.post(api, {**UPHOLD, "outcome": "send_back"}, content_type="application/json")
    assert answer.status_code == 403
    stranger = UserFactory(roles=[Role.CANDIDATE])
    client.force_login(stranger)
    for response in (
        client.get(url),
        client.get(reverse("appeals:grounds", args=[appeal.pk])),
        client.get(rejected.get_absolute_url()),
        client.post(reverse("appeals:grounds", args=[appeal.pk]), {"grounds": GROUNDS * 2}),
        client.post(
            f"/api/v1/appeals/{appeal.pk}/grounds",
            {"grounds": GROUNDS * 2},
            content_type="application/json",
        ),
    ):
        assert response.status_code in (403, 404)
        assert GROUNDS not in response.content.decode()
    assert _state(appeal) == before


def test_no_get_of_an_appeal_page_writes(client, rejected, staff):
    """Every appeal page read by everyone who may read it, and a GET of the notice's POST-only
    address: no appeal, no change, no audit row."""
    confirm = reverse("applications:appeal_notice_confirm", args=[rejected.pk])
    notice = reverse("applications:appeal_notice", args=[rejected.pk])
    client.force_login(rejected.candidate)
    audited = AuditEvent.objects.count()
    assert client.get(confirm).status_code == 200
    assert client.get(notice).status_code == 405
    assert not Appeal.objects.exists()
    appeal = _notice(rejected)
    audited = AuditEvent.objects.count()
    before = _state(appeal)
    pages = [reverse("appeals:grounds", args=[appeal.pk]), rejected.get_absolute_url(), notice]
    for path in pages:
        client.get(path)
    appeal_submit_grounds(appeal=appeal, actor=rejected.candidate, grounds=GROUNDS)
    audited, before = AuditEvent.objects.count(), _state(appeal)
    for person in (staff, UserFactory(roles=[Role.PROGRAM_STAFF])):
        client.force_login(person)
        for path in (reverse("appeals:list"), reverse("appeals:review", args=[appeal.pk])):
            assert client.get(path).status_code == 200
            assert client.get(path, UPHOLD).status_code == 200  # a decision in a query string
    assert (AuditEvent.objects.count(), _state(appeal)) == (audited, before)
