"""A provider's `updated_at` moves only when its own fields or status change (ADR 0009): a
staff page opened before a change that is audited against the provider but leaves it as it was
(a colleague added, an API key made) still decides, on the page and through the API; a move
of its status refuses it. The migration starts the column from the latest audit row."""

import importlib
from datetime import datetime, timedelta

from django.apps import apps
from django.urls import reverse
from django.utils import timezone

from certify.accounts.models import Role
from certify.core.models import AuditEvent
from certify.core.services import audit_record
from certify.courses import services
from certify.courses.models import Provider
from tests.courses.test_stale_decisions import REASON, _seen_on
from tests.factories import ProviderFactory, UserFactory

MIGRATION = importlib.import_module("certify.courses.migrations.0012_provider_updated_at")


def test_a_key_made_after_the_page_opened_does_not_refuse_the_decision(
    client, staff, provider, provider_user
):
    client.force_login(staff)
    url = reverse("courses:staff_provider_approval", args=[provider.pk])
    seen = _seen_on(client.get(url).text)
    before = Provider.objects.get(pk=provider.pk).updated_at
    services.api_key_create(provider=provider, actor=provider_user, name="Our LMS")
    assert AuditEvent.objects.filter(verb="provider.api_key_created").exists()
    assert Provider.objects.get(pk=provider.pk).updated_at == before
    done = client.post(url, {"action": "suspend", "reason": REASON, "updated_at_seen": seen})
    assert done.status_code == 302
    provider.refresh_from_db()
    assert provider.status == Provider.Status.SUSPENDED


def test_the_api_decides_after_an_audited_change_that_left_the_provider_as_it_was(
    client, staff, provider, provider_user
):
    seen = Provider.objects.get(pk=provider.pk).updated_at
    services.api_key_create(provider=provider, actor=provider_user, name="Our LMS")
    client.force_login(staff)
    answer = client.post(
        f"/api/v1/staff/courses/providers/{provider.pk}/approval",
        {"action": "suspend", "reason": REASON, "updated_at_seen": seen.isoformat()},
        content_type="application/json",
    )
    assert answer.status_code == 200, answer.content
    provider.refresh_from_db()
    answered = datetime.fromisoformat(answer.json()["updated_at"].replace("Z", "+00:00"))
    assert abs(answered - provider.updated_at) < timedelta(milliseconds=1)
    assert provider.updated_at > seen


def test_each_move_of_its_status_moves_updated_at(staff):
    pending = ProviderFactory(status="pending")
    first = pending.updated_at
    approved = services.provider_approve(provider=pending, actor=staff)
    assert Provider.objects.get(pk=pending.pk).updated_at == approved.updated_at > first
    suspended = services.provider_approval_suspend(provider=approved, actor=staff, reason=REASON)
    assert Provider.objects.get(pk=pending.pk).updated_at == suspended.updated_at
    assert suspended.updated_at > approved.updated_at
    colleague = UserFactory(roles=[Role.PROGRAM_STAFF])
    back = services.provider_approval_reinstate(
        provider=suspended, actor=colleague, reason="Cleared."
    )
    assert Provider.objects.get(pk=pending.pk).updated_at == back.updated_at
    assert back.updated_at > suspended.updated_at


def test_the_migration_starts_it_from_the_latest_audit_row_else_the_registration(staff):
    audited = ProviderFactory()
    quiet = ProviderFactory()
    audit_record(actor=staff, verb="provider.approved", target=audited)
    audit_record(actor=staff, verb="provider.api_key_created", target=audited)
    latest = AuditEvent.objects.filter(target_id=str(audited.pk)).latest("created_at", "id")
    long_ago = timezone.now() - timedelta(days=400)
    Provider.objects.filter(pk__in=[audited.pk, quiet.pk]).update(updated_at=long_ago)
    MIGRATION.from_latest_audit_row(apps, None)
    audited.refresh_from_db()
    quiet.refresh_from_db()
    assert audited.updated_at == latest.created_at
    assert quiet.updated_at == quiet.created_at
