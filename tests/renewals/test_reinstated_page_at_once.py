"""Staff reopening renewal of a lapsed certificate make it "Expired" again (renewal still open)
without saving the certificate's row: the kept verification page and answer
(`certificates/verification.py`) are forgotten all the same, so they say so at once, not up to a
quarter of an hour later; removing the reinstatement makes it "Lapsed" again at once."""

from datetime import timedelta

import pytest
from django.core.cache import cache

from certify.accounts.models import Role
from certify.programs.api import program_today
from certify.renewals.models import Reinstatement
from certify.renewals.services import certificate_reinstate_lapsed
from tests.factories import UserFactory
from tests.renewals.test_one_word_for_lapsed import lapsed_one


@pytest.fixture
def today(program):
    return program_today(program)


@pytest.fixture(autouse=True)
def kept(settings):
    settings.VERIFICATION_CACHE_SECONDS = 300
    cache.clear()
    yield
    cache.clear()


def shown(client, number) -> tuple[str, str]:
    page = client.get(f"/verify/{number}/").text
    label = client.get(f"/api/v1/certificates/{number}").json()["status_label"]
    return ("Lapsed" if "<strong>Lapsed.</strong>" in page else "not lapsed"), label


def test_a_reinstatement_shows_on_the_kept_page_at_once(
    client,
    program,
    today,
    django_capture_on_commit_callbacks,
):
    certificate = lapsed_one(program, today)
    assert shown(client, certificate.number) == ("Lapsed", "Lapsed")  # now kept
    with django_capture_on_commit_callbacks(execute=True):
        reinstatement = certificate_reinstate_lapsed(
            certificate=certificate,
            actor=UserFactory(roles=[Role.PROGRAM_STAFF]),
            reason="Hospital stay.",
            renew_by=today + timedelta(days=30),
        )
    assert shown(client, certificate.number) == ("not lapsed", "Expired")
    assert "<strong>Expired.</strong>" in client.get(f"/verify/{certificate.number}/").text

    with django_capture_on_commit_callbacks(execute=True):
        Reinstatement.objects.get(pk=reinstatement.pk).delete()
    assert shown(client, certificate.number) == ("Lapsed", "Lapsed")
