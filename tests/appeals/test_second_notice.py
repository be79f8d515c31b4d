"""A decision is appealed once (ADR 0006, ADR 0022): after an appeal upheld it or sent it back, a
second notice against that same decision is refused in the candidate's words, through the pages
and the API alike (one service); a later decision is appealed in its own window. Two notices at
once: one is taken, the other refused, even when the first is decided in between."""

import threading
import time

import pytest
from django.contrib.messages import get_messages
from django.db import connection
from django.urls import reverse

from certify.accounts.models import Role
from certify.appeals.models import Appeal
from certify.appeals.services import (
    APPEALED_ALREADY,
    SENT_BACK_BEFORE,
    UPHELD_BEFORE,
    appeal_decide,
    appeal_submit_grounds,
)
from certify.applications.appeals import application_appeal
from certify.core.errors import DomainError
from tests.appeals.test_appeals import GROUNDS, _notice, rejected  # noqa: F401  (a fixture)
from tests.factories import UserFactory


def _decided(application, *, uphold: bool) -> Appeal:
    appeal = _notice(application)
    appeal_submit_grounds(appeal=appeal, actor=application.candidate, grounds=GROUNDS)
    reviewer = UserFactory(roles=[Role.PROGRAM_STAFF])
    return appeal_decide(appeal=appeal, actor=reviewer, uphold=uphold, reason="Looked again.")


def test_an_upheld_decision_cannot_be_appealed_again_through_the_api_or_the_pages(
    rejected,  # noqa: F811
    client,
):
    first = _decided(rejected, uphold=True)
    with pytest.raises(DomainError) as refused:
        application_appeal(application=rejected, actor=rejected.candidate)
    assert refused.value.message == UPHELD_BEFORE
    client.force_login(rejected.candidate)
    api = client.post(f"/api/v1/appeals/applications/{rejected.pk}")
    assert api.status_code == 400
    assert api.json()["detail"] == UPHELD_BEFORE
    page = client.post(reverse("applications:appeal_notice", args=[rejected.pk]))
    assert page.status_code == 302
    assert [m.message for m in get_messages(page.wsgi_request)] == [UPHELD_BEFORE]
    assert list(Appeal.objects.filter(subject_id=rejected.pk)) == [first]


def test_a_decision_sent_back_is_not_appealed_again_only_the_new_one(rejected):  # noqa: F811
    first = _decided(rejected, uphold=False)
    with pytest.raises(DomainError) as refused:
        _notice(rejected)  # the decision that was sent back (its day and time)
    assert refused.value.message == SENT_BACK_BEFORE
    assert list(Appeal.objects.filter(subject_id=rejected.pk)) == [first]


def test_an_open_appeal_refuses_a_second_notice(rejected):  # noqa: F811
    _notice(rejected)
    with pytest.raises(DomainError) as refused:
        _notice(rejected)
    assert refused.value.message == APPEALED_ALREADY


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_two_notices_at_once_one_decided_in_between_leave_one_appeal(
    rejected,  # noqa: F811
    monkeypatch,
):
    """The slow notice has found no appeal and waits before writing its own; meanwhile the other
    notice is given, its grounds too, and it is upheld. Without the notice's lock on the decision
    the slow one would then be written beside an upheld appeal (the unique index covers only
    open ones): with it, the other notice waits, and is refused."""
    reviewer = UserFactory(roles=[Role.PROGRAM_STAFF])
    checked = threading.Event()
    create = Appeal.objects.create
    calls: list[int] = []

    def create_slowly(**kwargs):
        calls.append(1)
        if len(calls) == 1:  # the first to get here: the slow notice
            checked.set()
            time.sleep(1.5)
        return create(**kwargs)

    monkeypatch.setattr(Appeal.objects, "create", create_slowly)
    outcomes: dict[str, object] = {}

    def run(name, call):
        try:
            outcomes[name] = call()
        except DomainError as error:
            outcomes[name] = error.message
        except BaseException as error:
            outcomes[name] = error
        finally:
            connection.close()

    def quick():
        appeal = _notice(rejected)
        appeal_submit_grounds(appeal=appeal, actor=rejected.candidate, grounds=GROUNDS)
        return appeal_decide(appeal=appeal, actor=reviewer, uphold=True, reason="It stands.")

    slow = threading.Thread(target=run, args=("slow", lambda: _notice(rejected)))
    slow.start()
    assert checked.wait(timeout=10)
    fast = threading.Thread(target=run, args=("quick", quick))
    fast.start()
    for thread in (slow, fast):
        thread.join(timeout=30)
    appeals = list(Appeal.objects.filter(subject_id=rejected.pk))
    assert len(appeals) == 1, outcomes
    assert outcomes["quick"] == APPEALED_ALREADY
    assert isinstance(outcomes["slow"], Appeal)
    assert appeals[0].status == Appeal.Status.NOTICE_GIVEN
