"""An activity counts once: the same activity recorded twice (a double click on "Add", a second
tab, a repeated API call, or typed again) would count its hours twice toward renewal. The same
title and provider (case and spaces aside) on the same day is refused in words, beside the
title, with what was typed kept; a changed activity may not become a copy of another either."""

import pytest
from django.utils import timezone

from certify.core.errors import DomainError
from certify.renewals.models import CeActivity
from certify.renewals.services import (
    ce_activity_create,
    ce_activity_delete,
    ce_activity_restore,
    ce_activity_update,
)
from tests.renewals.conftest import certificate_per_module

program, today, certificate = certificate_per_module()

TWICE = "You already recorded “Cybersecurity for libraries” from WebJunction on"


def _add(holder, **changes):
    values = {
        "title": "Cybersecurity for libraries",
        "provider": "WebJunction",
        "completed_on": timezone.localdate(),
        "format": "hours",
        "amount": "4",
    }
    return ce_activity_create(actor=holder, **{**values, **changes})


def test_the_same_activity_twice_is_refused_and_counts_once(client, certificate):
    holder = certificate.holder
    _add(holder)
    with pytest.raises(DomainError, match=TWICE) as twice:
        _add(holder, title=" cybersecurity  for Libraries ", provider="webjunction")
    assert twice.value.field == "title"
    assert CeActivity.objects.filter(holder=holder).count() == 1

    client.force_login(holder)
    form = {
        "title": "Cybersecurity for libraries",
        "provider": "WebJunction",
        "completed_on": timezone.localdate().isoformat(),
        "format": "hours",
        "amount": "4",
    }
    page = client.post("/renewal/activities/", form)
    assert page.status_code == 400
    assert TWICE in page.text
    api = client.post("/api/v1/renewals/activities", form, content_type="application/json")
    assert api.status_code == 400, api.content
    assert TWICE in api.json()["detail"]
    assert CeActivity.objects.filter(holder=holder).count() == 1

    # Another day, or another title, is another activity.
    _add(holder, completed_on=timezone.localdate() - timezone.timedelta(days=1))
    _add(holder, title="Cybersecurity for libraries, part 2")
    assert CeActivity.objects.filter(holder=holder).count() == 3


def test_a_changed_activity_cannot_become_a_copy_of_another(certificate):
    holder = certificate.holder
    _add(holder)
    other = _add(holder, title="Reference interviews", provider="State Library")
    with pytest.raises(DomainError, match=TWICE):
        ce_activity_update(
            activity=other,
            actor=holder,
            title="Cybersecurity for libraries",
            provider="WebJunction",
            completed_on=timezone.localdate(),
            format="hours",
            amount="4",
        )
    # Saving an activity unchanged is no copy of itself.
    ce_activity_update(
        activity=other,
        actor=holder,
        title="Reference interviews",
        provider="State Library",
        completed_on=timezone.localdate(),
        format="hours",
        amount="6",
    )


def test_undoing_a_removal_does_not_bring_back_a_copy(certificate):
    """Removed, recorded again, then the removal undone: the log would hold it twice."""
    holder = certificate.holder
    first = _add(holder)
    ce_activity_delete(activity=first, actor=holder)
    _add(holder)
    with pytest.raises(DomainError, match=TWICE):
        ce_activity_restore(activity_id=first.pk, actor=holder)
    assert CeActivity.objects.filter(holder=holder).count() == 1
