"""The relay limits hold when requests arrive at once (PostgreSQL): the sender's row and an
advisory lock on the address serialise the count and the new outbox row (ADR 0029)."""

import pytest

from certify.accounts.models import Role
from certify.applications.models import ConfirmationRequest
from certify.applications.services import supervisor_request
from certify.core.errors import DomainError
from certify.notifications.models import OutgoingEmail
from tests.factories import ApplicationFactory, ExperienceEntryFactory, ProgramFactory, UserFactory
from tests.payments.test_concurrency import at_once

pytestmark = [pytest.mark.postgres_only, pytest.mark.django_db(transaction=True)]

ADDRESS = "pat@riverside.example"


def asking(entry):
    return lambda: supervisor_request(entry=entry, actor=entry.application.candidate)


def test_three_senders_at_once_to_an_address_with_room_for_one_send_one(settings):
    settings.RELAY_PER_ADDRESS_PER_DAY = 1
    program = ProgramFactory(slug="lsscp")
    entries = [
        ExperienceEntryFactory(
            application=ApplicationFactory(
                candidate=UserFactory(roles=[Role.CANDIDATE]), program=program
            ),
            supervisor_email=ADDRESS,
        )
        for _ in range(3)
    ]
    results, errors = at_once(*(asking(entry) for entry in entries))
    assert len(results) == 1
    assert len(errors) == 2
    assert all(isinstance(error, DomainError) for error in errors), errors
    assert OutgoingEmail.objects.filter(to=ADDRESS).count() == 1
    assert ConfirmationRequest.objects.count() == 1


def test_one_sender_asking_three_times_at_once_with_room_for_one_sends_one(settings):
    settings.RELAY_PER_ADDRESS_FROM_SENDER_PER_DAY = 1
    application = ApplicationFactory(
        candidate=UserFactory(roles=[Role.CANDIDATE]), program=ProgramFactory(slug="lsscp")
    )
    entries = [
        ExperienceEntryFactory(application=application, supervisor_email=ADDRESS) for _ in range(3)
    ]
    results, errors = at_once(*(asking(entry) for entry in entries))
    assert len(results) == 1
    assert all(isinstance(error, DomainError) for error in errors), errors
    assert OutgoingEmail.objects.filter(sent_for=application.candidate).count() == 1
