"""Every move of every workflow is a domain event, published with the move, only if it commits."""

import pytest
from django.db import transaction

from certify.accounts.models import Role
from certify.core import events
from certify.core.errors import DomainError
from certify.core.models import Event
from certify.core.workflow import WorkflowModel, moves_of, transition
from tests.factories import ApplicationFactory, UserFactory


def test_every_status_a_move_reaches_is_a_declared_event():
    from django.apps import apps

    for model in apps.get_models():
        if issubclass(model, WorkflowModel):
            for move in moves_of(model):
                name = f"{model.workflow.name}.{move.target}"
                assert name in events.EVENTS, name
                assert {f"{model.workflow.name}_id", "actor_id", "move"} <= set(
                    events.EVENTS[name].payload
                )


@pytest.mark.django_db
def test_a_move_publishes_its_event_in_its_transaction():
    application = ApplicationFactory()
    with transaction.atomic():
        transition(application, "withdraw", actor=application.candidate, reason="Changed jobs.")
    event = Event.objects.get(name="application.withdrawn")
    assert event.payload == {
        "application_id": application.pk,
        "candidate_id": application.candidate_id,
        "program_id": application.program_id,
        "actor_id": application.candidate_id,
        "move": "withdraw",
    }


@pytest.mark.django_db
def test_a_refused_or_rolled_back_move_publishes_nothing():
    application = ApplicationFactory()
    staff = UserFactory(roles=[Role.PROGRAM_STAFF])
    with pytest.raises(DomainError, match="cannot become"):
        transition(application, "accept", actor=staff)

    def failing_service() -> None:
        with transaction.atomic():
            transition(application, "withdraw", actor=application.candidate)
            raise RuntimeError("the service failed after the move")

    with pytest.raises(RuntimeError):
        failing_service()
    assert not Event.objects.exists()
