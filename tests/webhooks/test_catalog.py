"""Every event type follows a declared domain event; the lapse is published once per lapse."""

from datetime import timedelta

from certify.core.events import SUBSCRIBERS
from certify.core.models import Event
from certify.renewals.lifecycle import add_months
from certify.renewals.services import reminders_send
from certify.webhooks.catalog import TYPES, check_sources, choices_for, domain_events
from tests.renewals.conftest import holder_with_certificate


def test_every_event_type_follows_a_declared_domain_event_and_is_subscribed(db):
    assert check_sources() == []
    for name in domain_events():
        assert "certify.webhooks.handlers.webhooks_fan_out" in SUBSCRIBERS[name]
    assert set(TYPES) == {
        "application.decided",
        "membership.confirmed",
        "invoice.paid",
        "invoice.refunded",
        "award.decided",
        "completion.recorded",
        "set.completed",
        "certificate.issued",
        "certificate.suspended",
        "certificate.reinstated",
        "certificate.revoked",
        "certificate.renewed",
        "certificate.replaced",
        "certificate.lapsed",
    }
    assert {name for name, _ in choices_for("provider")} == {"completion.recorded"}
    assert {name for name, _ in choices_for("sponsor")} == {"membership.confirmed", "award.decided"}


def test_a_lapse_is_published_once_with_the_lapse_notice(program):
    from django.utils import timezone

    certificate = holder_with_certificate(program, issued_on=timezone.localdate())
    lapses_on = add_months(certificate.expires_on, program.renewal_grace_months) + timedelta(1)
    reminders_send(today=lapses_on)
    reminders_send(today=lapses_on + timedelta(days=3))
    published = Event.objects.filter(name="certificate.lapsed")
    assert [e.payload["certificate_id"] for e in published] == [certificate.pk]
    assert published.get().payload["number"] == certificate.number
