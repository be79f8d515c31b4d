"""`submitted` (tests/renewals/conftest.py), the renewal that other folders' tests build waiting
for its fee, leaves the row as the holder's own application (`renewal_submit`) does: if
submitting comes to set more, or otherwise, this test says the builder has to follow."""

from certify.programs.api import program_today
from certify.renewals.models import Renewal
from certify.renewals.services import audit_roll, renewal_submit
from tests.renewals.conftest import in_window, log, submitted

FIELDS = (
    "status",
    "hours_total",
    "hours_technology",
    "hours_required",
    "technology_hours_required",
    "audit_percent",
    "audited",
    "decided_at",
    "new_certificate",
    "status_reason",
)


def _row(renewal: Renewal) -> dict[str, object]:
    renewal = Renewal.objects.get(pk=renewal.pk)
    return {name: getattr(renewal, name) for name in FIELDS} | {
        "history": [
            (t.from_status, t.to_status, t.actor_id == renewal.holder_id)
            for t in renewal.transitions.all()
        ]
    }


def test_the_builder_leaves_a_renewal_as_submitting_does(program):
    today = program_today(program)
    applied = in_window(program, today, name="Ada Applied")
    log(applied.holder, program=program, on=today)
    by_holder = renewal_submit(certificate=applied, actor=applied.holder, today=today)

    built = submitted(in_window(program, today, name="Bea Built", email="bea@example.org"))

    assert _row(built) == _row(by_holder)
    assert _row(built)["status"] == Renewal.Status.SUBMITTED
    assert built.audit_roll == audit_roll(
        seed=built.audit_seed, certificate_number=built.certificate.number
    )
