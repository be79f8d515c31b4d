from certify.core.models import AuditEvent
from certify.core.services import audit_record
from tests.factories import UserFactory


def test_audit_record_keeps_who_what_and_why(db):
    actor, target = UserFactory(), UserFactory(full_name="Ana Target")
    event = audit_record(
        actor=actor,
        verb="role.granted",
        target=target,
        reason="New hire",
        data={"role": "reviewer"},
    )
    event.refresh_from_db()
    assert (event.actor, event.verb, event.reason) == (actor, "role.granted", "New hire")
    assert event.target_type == "accounts.user"
    assert event.target_id == str(target.pk)
    assert event.target_repr == "Ana Target"
    assert event.data == {"role": "reviewer"}


def test_audit_record_without_a_person_is_the_system(db):
    event = audit_record(actor=None, verb="program.loaded")
    assert event.actor is None
    assert AuditEvent.objects.count() == 1
