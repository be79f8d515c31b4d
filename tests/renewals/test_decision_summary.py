"""Staff's renewal decision form answers a refused decision with the project's error summary
(ADR 0043): the form posts to `#decide-errors`, the summary lists each problem linked to its
field (a missing decision to the first choice the page shows), what was typed stays, and a
decision that is taken redirects through `saved_redirect` (its own `#main`), not to a summary
that is no longer there."""

import re

from django.urls import reverse

from certify.accounts.models import Role
from certify.renewals.forms import DecisionForm
from certify.renewals.models import Renewal
from certify.renewals.views import _decision_problems
from tests.certificates.conftest import certificate as certificate
from tests.certificates.conftest import nearly as nearly
from tests.certificates.conftest import program as program
from tests.factories import UserFactory
from tests.renewals.conftest import in_audit

TYPED = "The training certificate for the March workshop is not among the files."
SUMMARY = re.compile(r'<div class="error-summary" id="decide-errors".*?</ul>', re.S)


def _post(client, renewal: Renewal, **data: str):
    body = {"updated_at_seen": renewal.updated_at.isoformat(), **data}
    return client.post(reverse("renewals:staff_decide", args=[renewal.pk]), body)


def test_the_form_posts_to_its_summary(client, certificate):
    renewal = in_audit(certificate)
    client.force_login(UserFactory(roles=[Role.PROGRAM_STAFF]))
    page = client.get(reverse("renewals:staff_detail", args=[renewal.pk])).text
    assert f'action="/staff/renewals/{renewal.pk}/decide/#decide-errors"' in page
    assert 'id="decide-errors"' not in page  # nothing refused yet


def test_a_refused_decision_shows_the_summary_and_keeps_what_was_typed(client, certificate):
    renewal = in_audit(certificate)
    client.force_login(UserFactory(roles=[Role.PROGRAM_STAFF]))
    no_choice = _post(client, renewal, reason=TYPED)
    assert no_choice.status_code == 400
    summary = SUMMARY.search(no_choice.text)
    assert summary, "no error summary"
    assert "data-error-summary" in summary.group(0)  # forms.js moves the focus to it
    assert 'tabindex="-1"' in summary.group(0)
    assert (
        '<a href="#id_action_0">Choose approve, ask for more evidence, or refuse.</a>'
        in summary.group(0)
    )
    assert 'id="id_action_0"' in no_choice.text  # the link's target is on the page
    assert f"{TYPED}</textarea>" in no_choice.text
    no_reason = _post(client, renewal, action="refuse", reason="")
    assert no_reason.status_code == 400
    summary = SUMMARY.search(no_reason.text)
    assert summary, "no error summary"
    assert '<a href="#id_reason">' in summary.group(0)
    assert re.search(r'value="refuse"[^>]*\bchecked\b', no_reason.text)  # the choice kept
    renewal.refresh_from_db()
    assert renewal.status == Renewal.Status.IN_AUDIT


def test_a_decision_taken_opens_the_renewal_at_its_main_content(client, certificate):
    renewal = in_audit(certificate)
    client.force_login(UserFactory(roles=[Role.PROGRAM_STAFF]))
    done = _post(client, renewal, action="more_evidence", reason=TYPED)
    assert done.status_code == 302
    assert done["Location"] == f"/staff/renewals/{renewal.pk}/#main"
    page = client.get(done["Location"]).text
    assert "You asked for more evidence for the renewal of certificate" in page
    assert 'id="decide-errors"' not in page
    renewal.refresh_from_db()
    assert renewal.status == Renewal.Status.MORE_EVIDENCE


def test_where_approval_is_refused_a_missing_decision_links_to_the_first_choice_shown():
    """Approval left out (suspended, revoked, paid after the lapse): no `id_action_0` on the
    page, so the summary's link goes to the first choice that is there."""
    form = DecisionForm({"reason": TYPED})
    assert not form.is_valid()
    words = "Choose approve, ask for more evidence, or refuse."
    assert _decision_problems(form, ["more_evidence", "refuse"]) == [(words, "#id_action_1")]
    assert _decision_problems(form, ["approve", "refuse"]) == [(words, "#id_action_0")]
