"""Removing a CE activity asks first, and can be undone for a few minutes: only by its holder,
once, and only while no renewal application was made since (ADR 0040). Its evidence file goes
only when the removal is purged."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from certify.core.errors import DomainError
from certify.core.undo import UNDO_WINDOW
from certify.renewals import selectors
from certify.renewals.handlers import removed_activities_purge
from certify.renewals.models import CeActivity
from certify.renewals.services import (
    ce_activity_create,
    ce_activity_delete,
    ce_activity_restore,
    renewal_submit,
)
from tests import files
from tests.renewals.conftest import certificate_per_module, holder_with_certificate, log

# The certificate is built once for this module's tests, which change it only in the database
# (each test's savepoint is rolled back): tests/shared.py.
program, today, certificate = certificate_per_module()


def _too_old(activity):
    CeActivity.with_removed.filter(pk=activity.pk).update(
        removed_at=timezone.now() - UNDO_WINDOW - timedelta(minutes=1)
    )


def test_removing_asks_first_and_the_log_offers_a_link_not_a_button(client, certificate, today):
    activity = log(certificate.holder, program=certificate.program, on=today)[0]
    client.force_login(certificate.holder)
    home = client.get(reverse("renewals:home")).text
    assert reverse("renewals:activity_delete_confirm", args=[activity.pk]) in home
    assert f'action="{reverse("renewals:activity_delete", args=[activity.pk])}"' not in home
    page = client.get(reverse("renewals:activity_delete_confirm", args=[activity.pk])).text
    assert f"Remove “{activity.title}” from your log?" in page
    assert 'class="warning-callout"' in page
    assert "Yes, remove this activity" in page
    assert CeActivity.objects.filter(pk=activity.pk).exists()  # reading it removed nothing


def test_a_removed_activity_counts_nowhere_and_undo_puts_it_back(client, certificate, today):
    program = certificate.program
    activity = log(certificate.holder, program=program, on=today)[0]
    client.force_login(certificate.holder)
    before = selectors.ce_progress(certificate=certificate).total
    client.post(reverse("renewals:activity_delete", args=[activity.pk]))
    assert not CeActivity.objects.filter(pk=activity.pk).exists()
    assert selectors.ce_progress(certificate=certificate).total == before - activity.amount
    home = client.get(reverse("renewals:home")).text
    assert f"You removed “{activity.title}” from your log." in home

    response = client.post(reverse("renewals:activity_restore", args=[activity.pk]), follow=True)
    assert f"“{activity.title}” is back in your log." in response.text
    assert selectors.ce_progress(certificate=certificate).total == before
    again = client.post(reverse("renewals:activity_restore", args=[activity.pk]), follow=True)
    assert "There is nothing to undo" in again.text  # single use


def test_undo_is_refused_after_the_window(certificate, today):
    activity = log(certificate.holder, program=certificate.program, on=today)[0]
    ce_activity_delete(activity=activity, actor=certificate.holder)
    _too_old(activity)
    with pytest.raises(DomainError, match="too late to undo"):
        ce_activity_restore(activity_id=activity.pk, actor=certificate.holder)


def test_undo_is_refused_to_anyone_else(client, certificate, program, today):
    activity = log(certificate.holder, program=program, on=today)[0]
    ce_activity_delete(activity=activity, actor=certificate.holder)
    other = holder_with_certificate(program, issued_on=today, name="Other Holder")
    with pytest.raises(DomainError, match="nothing to undo"):
        ce_activity_restore(activity_id=activity.pk, actor=other.holder)
    client.force_login(other.holder)
    client.post(reverse("renewals:activity_restore", args=[activity.pk]))
    assert not CeActivity.objects.filter(pk=activity.pk).exists()
    assert (
        client.get(reverse("renewals:activity_delete_confirm", args=[activity.pk])).status_code
        == 404
    )


def test_undo_is_refused_once_a_renewal_was_applied_for(certificate, today):
    holder, program = certificate.holder, certificate.program
    log(holder, program=program, on=today)
    extra = ce_activity_create(
        actor=holder,
        title="Extra webinar",
        provider="State Library",
        completed_on=today,
        format="hours",
        amount="2",
        today=today,
    )
    ce_activity_delete(activity=extra, actor=holder)
    renewal_submit(certificate=certificate, actor=holder, today=today)
    with pytest.raises(DomainError, match="applied to renew after removing"):
        ce_activity_restore(activity_id=extra.pk, actor=holder)


def test_the_purge_deletes_old_removals_and_their_files(
    certificate, today, django_capture_on_commit_callbacks
):
    holder = certificate.holder
    kept, old = (
        ce_activity_create(
            actor=holder,
            title=title,
            provider="State Library",
            completed_on=today,
            format="hours",
            amount="2",
            today=today,
            evidence=SimpleUploadedFile("a.pdf", files.PDF),
        )
        for title in ("Recent", "Old")
    )
    storage = old.evidence.storage
    old_file = old.evidence.name
    ce_activity_delete(activity=kept, actor=holder)
    ce_activity_delete(activity=old, actor=holder)
    assert storage.exists(old_file)  # kept while the removal can still be undone
    _too_old(old)
    with django_capture_on_commit_callbacks(execute=True):
        assert removed_activities_purge(today) == "1 removed activit(y/ies) deleted"
    assert list(CeActivity.with_removed.filter(holder=holder)) == [kept]
    assert not storage.exists(old_file)
