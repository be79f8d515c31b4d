"""What a person reads once a decision or a choice is recorded is a sentence written for each
choice ("You accepted the application."), never the choice's value or label dropped into a
template ("Decision recorded: accept."): every choice has its sentence."""

import pytest

from certify.accounts.models import Role
from certify.accounts.views import ROLE_AS
from certify.applications.forms import DecisionForm
from certify.certificates.action_views import DONE as CERTIFICATE_DONE
from certify.certificates.forms import ActionForm
from certify.progress.forms import RouteForm
from certify.progress.views import ROUTE_CHOSEN
from certify.renewals.forms import DecisionForm as RenewalDecisionForm
from certify.renewals.views import DECIDED

CASES = {
    "application decision": (DecisionForm.DONE, DecisionForm.DECISIONS),
    "certificate action": (CERTIFICATE_DONE, ActionForm.base_fields["action"].choices),
    "renewal decision": (DECIDED, RenewalDecisionForm.base_fields["action"].choices),
    "route": (ROUTE_CHOSEN, RouteForm.base_fields["route"].choices),
    "role": (ROLE_AS, Role.choices),
}


@pytest.mark.database_free
@pytest.mark.parametrize("case", CASES)
def test_every_choice_has_its_own_sentence(case):
    sentences, choices = CASES[case]
    assert set(sentences) == {value for value, _ in choices}
    for value, label in choices:
        assert sentences[value].strip(" .").lower() != label.lower(), value
