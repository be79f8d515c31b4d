"""A provider's held upload (ADR 0009) tried as an attacker would: another provider's people
neither see it, its error file nor its preview, nor confirm or cancel it, through their own
provider's address or its; a confirm sent twice (a double click, a replayed form) runs the
import once, and a replay after it ran is refused in words."""

import pytest
from django.urls import reverse
from django.utils import timezone

from certify.core.errors import DomainError
from certify.courses import services
from certify.courses.models import CompletionImport, Provider, UnmatchedCompletion
from tests.courses.conftest import csv_upload, enrol


@pytest.fixture
def held(lsscp, provider, provider_user, course, django_capture_on_commit_callbacks):
    today = timezone.localdate()
    enrol(lsscp, email="ann@example.org", name="Ann Lee", names=course)
    rows = [f"ann@example.org,,Ann Lee,{today}"]
    rows += [f"wrong{i}@example.org,,Wrong {i},{today}" for i in range(20)]
    text = "email,candidate_number,full_name,completed_on\n" + "\n".join(rows) + "\n"
    with django_capture_on_commit_callbacks(execute=True):
        imp = services.completion_import_start(
            provider=provider, course=course, actor=provider_user, upload=csv_upload(text)
        )
    imp.refresh_from_db()
    assert services.unmatched_held(imp)
    return imp


def test_another_providers_people_cannot_see_or_confirm_a_held_upload(
    client, held, provider, other_provider_user
):
    theirs = Provider.objects.exclude(pk=provider.pk).get()
    client.force_login(other_provider_user)
    for pid in (provider.pk, theirs.pk):  # its provider's address, and their own with its id
        for name in ("import", "import_progress", "import_errors"):
            assert client.get(reverse(f"courses:{name}", args=[pid, held.pk])).status_code == 404
        for name in ("import_confirm", "import_cancel"):
            url = reverse(f"courses:{name}", args=[pid, held.pk])
            assert client.post(url, {"keep_unmatched": "1"}).status_code == 404
    held.refresh_from_db()
    assert held.status == CompletionImport.Status.CHECKED
    assert not UnmatchedCompletion.objects.exists()
    with pytest.raises(DomainError):  # the service refuses them too
        services.completion_import_confirm(imp=held, actor=other_provider_user, keep_unmatched=True)


def test_a_confirm_sent_twice_runs_the_import_once(
    client, held, provider, provider_user, django_capture_on_commit_callbacks
):
    client.force_login(provider_user)
    confirm = reverse("courses:import_confirm", args=[provider.pk, held.pk])
    with django_capture_on_commit_callbacks(execute=True) as ran:
        client.post(confirm, {"keep_unmatched": "1"})
    assert ran  # the import ran (and told the candidate)
    with django_capture_on_commit_callbacks(execute=True) as again:
        replay = client.post(confirm, {"keep_unmatched": "1"}, follow=True)
    assert again == []  # nothing enqueued a second time
    held.refresh_from_db()
    assert (held.status, held.created_count, held.unmatched_count) == ("done", 1, 20)
    assert UnmatchedCompletion.objects.count() == 20
    words = [str(m) for m in replay.context["messages"]]
    assert len(words) == 1
    assert "import" in words[0].lower()
    with pytest.raises(DomainError):
        services.completion_import_confirm(imp=held, actor=provider_user, keep_unmatched=True)
