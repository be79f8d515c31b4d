"""Staff move an open application to the program's current rules (RULINGS: "an open application
keeps the rules it was submitted under unless staff move it"): on purpose, with a reason, by
program staff other than the candidate, audited, the candidate told; refused for a case already
on the current rules, a decided or withdrawn one, and for everyone else."""

import pytest

from certify.accounts.models import Role
from certify.applications import decisions, services
from certify.applications.models import Application
from certify.applications.rules_move import application_rules_move, rules_changes
from certify.core.errors import DomainError
from certify.core.models import AuditEvent
from certify.core.workflow import duties
from certify.notifications.models import Notification
from certify.programs.setup import program_settings_update
from tests.factories import ApplicationFactory, ExperienceEntryFactory, UserFactory

S = Application.Status
REASON = "The board lowered the hours; the candidate asked to be judged by the new rule."


def _change(program, staff, section, **data):
    program_settings_update(program=program, actor=staff, section=section, data=data)


def _fresh(application):
    return Application.objects.select_related("program", "candidate").get(pk=application.pk)


@pytest.fixture
def raised(submitted, staff):
    """A submitted application with exactly the hours it was submitted under, after the program
    raised the requirement by 200 hours."""
    required = submitted.program.experience_hours_required
    _change(submitted.program, staff, "eligibility", experience_hours_required=required + 200)
    return _fresh(submitted)


def test_the_changes_are_the_kept_rules_the_program_changed(raised):
    required = raised.program.experience_hours_required
    [change] = rules_changes(raised)
    assert (change.name, change.old, change.new) == (
        "experience_hours_required",
        required - 200,
        required,
    )
    assert change.label == "Hours of experience needed"


def test_staff_move_it_audited_the_candidate_told_and_the_figures_counted_again(raised, staff):
    required = raised.program.experience_hours_required
    before = services.application_eligibility(application=raised)
    assert before.meets_hours
    moved = application_rules_move(application=raised, actor=staff, reason=f"  {REASON} ")
    moved = _fresh(moved)
    assert moved.rule("experience_hours_required") == required
    assert moved.status == S.SUBMITTED
    after = services.application_eligibility(application=moved)
    assert (after.required, after.meets_hours) == (required, False)
    assert after.window_end == before.window_end  # the same day, the new rules
    assert moved.eligible_hours == after.hours_display
    event = AuditEvent.objects.get(verb="application.rules_moved")
    assert event.reason == REASON
    assert event.data == {
        "from": {"experience_hours_required": required - 200},
        "to": {"experience_hours_required": required},
    }
    told = Notification.objects.get(recipient=raised.candidate, event="application.rules_moved")
    assert told.title == "Your application is now judged by the program's current rules"
    # Moved once: it is now on the current rules, and a second move is refused.
    with pytest.raises(DomainError, match="already on the program's current rules"):
        application_rules_move(application=moved, actor=staff, reason=REASON)


def test_a_reason_is_required(raised, staff):
    with pytest.raises(DomainError, match="Give a reason") as refused:
        application_rules_move(application=raised, actor=staff, reason="  ")
    assert refused.value.field == "reason"
    assert (
        _fresh(raised).rule("experience_hours_required") != raised.program.experience_hours_required
    )


def test_an_application_on_the_current_rules_is_refused(submitted, staff):
    with pytest.raises(DomainError, match="already on the program's current rules"):
        application_rules_move(application=submitted, actor=staff, reason=REASON)


@pytest.mark.parametrize("close", ["reject", "withdraw", "accept"])
def test_a_decided_or_withdrawn_application_is_refused(raised, staff, close):
    if close == "reject":
        decisions.application_reject(application=raised, actor=staff, reason="Not eligible.")
    elif close == "withdraw":
        services.application_withdraw(application=raised, actor=raised.candidate)
    else:
        decisions.application_accept(application=raised, actor=staff)
    application = _fresh(raised)
    with pytest.raises(DomainError, match="only an application waiting for a decision"):
        application_rules_move(application=application, actor=staff, reason=REASON)
    assert not AuditEvent.objects.filter(verb="application.rules_moved").exists()


def test_one_sent_back_for_more_information_can_be_moved(raised, staff):
    decisions.application_request_info(application=raised, actor=staff, reason="Name them.")
    moved = application_rules_move(application=_fresh(raised), actor=staff, reason=REASON)
    assert (
        _fresh(moved).rules["experience_hours_required"] == raised.program.experience_hours_required
    )


def test_the_candidate_never_moves_their_own_case_even_as_staff(lsscp, staff):
    dual = UserFactory(roles=[Role.CANDIDATE, Role.PROGRAM_STAFF])
    application = ApplicationFactory(candidate=dual, program=lsscp)
    ExperienceEntryFactory(application=application)
    application = services.application_submit(application=application, actor=dual)
    _change(lsscp, staff, "candidacy", electives_required=lsscp.electives_required + 1)
    with pytest.raises(duties.OwnCaseError, match="your own case"):
        application_rules_move(application=_fresh(application), actor=dual, reason=REASON)


@pytest.mark.parametrize("role", ["candidate", "reviewer", "provider", "sponsor", "no_role"])
def test_only_program_staff_move_one(raised, role):
    from tests.conftest import ROLES

    with pytest.raises(DomainError, match="Only program staff can move"):
        application_rules_move(
            application=raised, actor=UserFactory(roles=ROLES[role]), reason=REASON
        )


# --- The staff page -------------------------------------------------------------------------


def test_the_page_shows_what_changes_and_a_get_changes_nothing(client, raised, staff):
    required = raised.program.experience_hours_required
    client.force_login(staff)
    detail = client.get(raised.get_staff_url()).text
    assert "Move it to the current rules" in detail
    page = client.get(f"/staff/applications/{raised.pk}/rules/")
    assert page.status_code == 200
    assert "Hours of experience needed" in page.text
    assert f"<td>{required - 200}</td><td>{required}</td>" in page.text
    assert "Move to the current rules</button>" in page.text
    assert _fresh(raised).rules == raised.rules
    assert not AuditEvent.objects.filter(verb="application.rules_moved").exists()


def test_the_page_moves_it_with_a_reason_and_keeps_what_was_typed(client, raised, staff):
    client.force_login(staff)
    url = f"/staff/applications/{raised.pk}/rules/"
    refused = client.post(url, {"reason": ""})
    assert refused.status_code == 400
    assert "Give a reason: it is kept in the record and the candidate reads it." in refused.text
    response = client.post(url, {"reason": REASON})
    assert response.status_code == 302
    assert (
        _fresh(raised).rule("experience_hours_required") == raised.program.experience_hours_required
    )
    again = client.get(url)
    assert "already on the program&#x27;s current rules" in again.text
    assert "Move to the current rules</button>" not in again.text


@pytest.mark.parametrize("role", ["candidate", "reviewer", "provider", "sponsor", "no_role"])
def test_the_page_refuses_everyone_else(client_as, raised, role):
    client = client_as(role)
    url = f"/staff/applications/{raised.pk}/rules/"
    assert client.get(url).status_code == 403
    assert client.post(url, {"reason": REASON}).status_code == 403
    assert _fresh(raised).rules == raised.rules


def test_the_page_sends_anonymous_visitors_to_sign_in(client, raised):
    response = client.post(f"/staff/applications/{raised.pk}/rules/", {"reason": REASON})
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]
    assert _fresh(raised).rules == raised.rules


# --- The API ---------------------------------------------------------------------------------


def test_the_api_shows_and_moves(client, raised, staff):
    required = raised.program.experience_hours_required
    client.force_login(staff)
    base = f"/api/v1/staff/applications/{raised.pk}/rules"
    shown = client.get(base).json()
    assert shown["can_move"] is True
    assert shown["changes"] == [
        {
            "name": "experience_hours_required",
            "label": "Hours of experience needed",
            "old": required - 200,
            "new": required,
        }
    ]
    bad = client.post(f"{base}/move", {"reason": ""}, content_type="application/json")
    assert (bad.status_code, bad.json()["field"]) == (400, "reason")
    moved = client.post(f"{base}/move", {"reason": REASON}, content_type="application/json")
    assert moved.status_code == 200, moved.text
    assert moved.json()["id"] == raised.pk
    again = client.post(f"{base}/move", {"reason": REASON}, content_type="application/json")
    assert again.status_code == 400
    assert "already on the program's current rules" in again.json()["detail"]
    assert client.get(base).json() == {
        "changes": [],
        "can_move": False,
        "refusal": "This application is already on the program's current rules.",
    }


@pytest.mark.parametrize("role", ["candidate", "reviewer", "provider", "sponsor", "anonymous"])
def test_the_api_refuses_everyone_else(client_as, raised, role):
    client = client_as(role)
    base = f"/api/v1/staff/applications/{raised.pk}/rules"
    assert client.get(base).status_code in (401, 403)
    answer = client.post(f"{base}/move", {"reason": REASON}, content_type="application/json")
    assert answer.status_code in (401, 403)
    assert _fresh(raised).rules == raised.rules


def test_the_api_refuses_the_candidate_themselves_as_staff(client, lsscp, staff):
    dual = UserFactory(roles=[Role.CANDIDATE, Role.PROGRAM_STAFF])
    application = ApplicationFactory(candidate=dual, program=lsscp)
    ExperienceEntryFactory(application=application)
    application = services.application_submit(application=application, actor=dual)
    _change(lsscp, staff, "candidacy", electives_required=lsscp.electives_required + 1)
    client.force_login(dual)
    answer = client.post(
        f"/api/v1/staff/applications/{application.pk}/rules/move",
        {"reason": REASON},
        content_type="application/json",
    )
    assert answer.status_code in (400, 403)
    assert "your own case" in answer.json()["detail"]
    assert _fresh(application).rules == application.rules


def test_the_move_is_to_the_rules_its_decider_saw(client, raised, staff):
    """The page sends back the changes it showed; when the program's rules changed again
    before the POST, the move is refused (the reason kept, nothing moved) and the page shows the
    changes as they are now, from which the move goes through. The API takes the same check."""
    required = raised.program.experience_hours_required
    client.force_login(staff)
    url = f"/staff/applications/{raised.pk}/rules/"
    seen = f"experience_hours_required={required}"
    assert f'name="changes_seen" value="{seen}"' in client.get(url).text
    _change(raised.program, staff, "eligibility", experience_hours_required=required + 100)
    refused = client.post(url, {"reason": REASON, "changes_seen": seen})
    assert refused.status_code == 400
    assert "changed again after you opened this page" in refused.text
    assert REASON in refused.text
    assert _fresh(raised).rules == raised.rules
    now = f"experience_hours_required={required + 100}"
    assert f'name="changes_seen" value="{now}"' in refused.text
    api = f"/api/v1/staff/applications/{raised.pk}/rules/move"
    stale = {"reason": REASON, "changes_seen": {"experience_hours_required": required}}
    answer = client.post(api, stale, content_type="application/json")
    assert answer.status_code == 400
    assert "changed again" in answer.json()["detail"]
    assert client.post(url, {"reason": REASON, "changes_seen": now}).status_code == 302
    assert _fresh(raised).rule("experience_hours_required") == required + 100
