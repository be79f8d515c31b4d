"""A provider's report, a provider's invitation and staff's hand match find a candidate by an
address the candidate confirmed (any of theirs, any case), never by one their account only shows
(ADR 0025's amendment), and a provider still needs the candidate's consent (ADR 0021).

Each test runs both ways: the same row or invitation matches nobody while the address is only
shown, and the candidate once they confirm it, so none of them could pass on a rule that matched
nobody at all."""

import pytest
from allauth.account.models import EmailAddress
from django.utils import timezone

from certify.core.errors import DomainError
from certify.courses import services
from certify.courses.models import ProviderConsent, UnmatchedCompletion
from tests.courses.conftest import enrol
from tests.factories import UserFactory

ADDRESS = "dana.work@example.org"
CONFIRMED = "dana@example.org"


def _changed_in_the_admin(dana):
    """A superuser typed another address on the account: it shows it, its owner never proved
    it (the address she confirmed, and signs in with, is still hers)."""
    dana.email = ADDRESS
    dana.save(update_fields=["email"])


def _added_not_confirmed(dana):
    """She added a second address on her e-mail page and never followed the link."""
    EmailAddress.objects.create(user=dana, email=ADDRESS, verified=False, primary=False)


WAYS = {"changed in the admin": _changed_in_the_admin, "added, not confirmed": _added_not_confirmed}


def _confirm(user, address=ADDRESS):
    EmailAddress.objects.update_or_create(
        user=user, email=address, defaults={"verified": True, "primary": False}
    )


def _row(email, name="Dana Okafor"):
    today = timezone.localdate().isoformat()
    return services.ReportRow(line=1, email=email, full_name=name, completed_on=today)


def _result(course, email, name="Dana Okafor"):
    [outcome] = services.report_rows_check(course=course, rows=[_row(email, name)])
    return outcome.result, outcome.application_id


@pytest.mark.parametrize("way", WAYS)
def test_a_report_matches_no_candidate_by_an_address_they_never_confirmed(lsscp, course, way):
    dana = enrol(lsscp, email=CONFIRMED, name="Dana Okafor", names=course)
    WAYS[way](dana.candidate)
    assert _result(course, ADDRESS) == ("unmatched", None)
    assert _result(course, CONFIRMED) == ("ready", dana.pk)  # her confirmed one still does

    _confirm(dana.candidate)
    assert _result(course, ADDRESS) == ("ready", dana.pk)
    assert _result(course, "Dana.Work@EXAMPLE.org") == ("ready", dana.pk)  # any case


def test_a_confirmed_address_matches_only_with_the_providers_consent(lsscp, course):
    dana = enrol(lsscp, email=CONFIRMED, name="Dana Okafor")
    _confirm(dana.candidate)
    assert _result(course, ADDRESS) == ("unmatched", None)
    assert _result(course, CONFIRMED) == ("unmatched", None)

    services.course_name_in_plan(
        planned=dana.planned_sets.get(competency_set=course.competency_set),
        actor=dana.candidate,
        course=course,
    )
    assert _result(course, ADDRESS) == ("ready", dana.pk)
    consent = ProviderConsent.objects.get(application=dana)
    services.consent_decide(consent=consent, actor=dana.candidate, move="withdraw")
    assert _result(course, ADDRESS) == ("unmatched", None)


def test_an_address_one_account_shows_and_another_confirmed_names_the_one_who_confirmed_it(
    lsscp, course
):
    """Two consenting candidates: Dana confirmed the address, Sam only added it (or had it
    typed on his account); a near address of Sam's own names nobody but him."""
    dana = enrol(lsscp, email=CONFIRMED, name="Dana Okafor", names=course)
    sam = enrol(lsscp, email="sam@example.org", name="Sam Reyes", names=course)
    _confirm(dana.candidate)
    EmailAddress.objects.create(user=sam.candidate, email=ADDRESS.upper(), verified=False)
    assert _result(course, ADDRESS) == ("ready", dana.pk)
    assert _result(course, ADDRESS, name="Sam Reyes") == ("unmatched", None)
    assert _result(course, "dana.work@example.org.uk") == ("unmatched", None)
    assert _result(course, "sam@example.org", name="Sam Reyes") == ("ready", sam.pk)


@pytest.mark.parametrize("way", WAYS)
def test_a_providers_invitation_reaches_no_candidate_by_an_address_they_never_confirmed(
    lsscp, provider, provider_user, course, way
):
    dana = enrol(lsscp, email=CONFIRMED, name="Dana Okafor")
    WAYS[way](dana.candidate)
    services.consent_invite(provider=provider, course=course, actor=provider_user, who=ADDRESS)
    invited = ProviderConsent.objects.get(invited_as=ADDRESS)
    assert invited.application_id is None
    assert invited.candidate_id is None
    assert not dana.candidate.notifications.filter(event="course.invitation").exists()

    _confirm(dana.candidate)
    services.consent_invite(
        provider=provider, course=course, actor=provider_user, who=ADDRESS.upper()
    )
    assert ProviderConsent.objects.get(application=dana).status == ProviderConsent.Status.INVITED
    assert dana.candidate.notifications.filter(event="course.invitation").exists()


@pytest.mark.parametrize("way", WAYS)
def test_staff_match_no_candidate_by_hand_by_an_address_they_never_confirmed(
    lsscp, provider_user, course, staff, way
):
    services.completions_report(course=course, rows=[_row("old@example.org")], actor=provider_user)
    row = UnmatchedCompletion.objects.get()
    dana = enrol(lsscp, email=CONFIRMED, name="Dana Okafor")
    someone = UserFactory(email="someone@example.org")  # confirmed, but not enrolled
    WAYS[way](dana.candidate)
    for address in (ADDRESS, someone.email):
        with pytest.raises(DomainError, match="No enrolled candidate"):
            services.unmatched_match(row=row, actor=staff, candidate=address, note="Her work one.")

    _confirm(dana.candidate)
    completion = services.unmatched_match(
        row=row, actor=staff, candidate=f" {ADDRESS.title()} ", note="Her work address."
    )
    assert completion.application_id == dana.pk
