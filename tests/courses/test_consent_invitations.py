"""A provider's invitation (ADR 0021): only the candidate answers it, declined it gives no
consent, it answers the same whether or not the candidate exists, and a candidate's no
stands against the provider's next one."""

import pytest

from certify.courses import services
from certify.courses.models import ProviderConsent
from certify.courses.numbers import candidate_number
from tests.courses.conftest import enrol


def test_a_declined_invitation_gives_no_consent_and_only_the_candidate_answers(
    lsscp, provider, provider_user, course
):
    dana = enrol(lsscp, email="dana@example.org", name="Dana Okafor")
    services.consent_invite(
        provider=provider, course=course, actor=provider_user, who="DANA@example.org"
    )
    consent = ProviderConsent.objects.get(application=dana)
    from certify.core.errors import DomainError

    with pytest.raises(DomainError):
        services.consent_decide(consent=consent, actor=provider_user, move="accept")
    services.consent_decide(consent=consent, actor=dana.candidate, move="decline")
    assert ProviderConsent.objects.get().status == "declined"
    assert dana.candidate.notifications.filter(event="course.invitation").exists()


def test_an_invitation_answers_the_same_whether_or_not_the_candidate_exists(
    lsscp, provider, provider_user, course
):
    dana = enrol(lsscp, email="dana@example.org")
    known = services.consent_invite(
        provider=provider, course=course, actor=provider_user, who=candidate_number(dana)
    )
    unknown = services.consent_invite(
        provider=provider, course=course, actor=provider_user, who="LSSCP-C-ZZZZZZZZ"
    )
    assert known.replace(candidate_number(dana), "N") == unknown.replace("LSSCP-C-ZZZZZZZZ", "N")


@pytest.mark.parametrize("answer", ["decline", "withdraw"])
def test_a_candidates_no_stands_against_the_providers_next_invitation(
    lsscp, provider, provider_user, course, answer
):
    """Invited, the candidate declines (or accepts, then withdraws): the provider inviting again
    and again would have Certify tell them each time. Their answer stands: no new invitation is
    made and they are not told again (the provider's answer is the same for every address); they
    can still name the course in their plan."""
    dana = enrol(lsscp, email="dana@example.org", name="Dana Okafor")
    services.consent_invite(
        provider=provider, course=course, actor=provider_user, who=dana.candidate.email
    )
    consent = ProviderConsent.objects.get(application=dana)
    if answer == "withdraw":
        consent = services.consent_decide(consent=consent, actor=dana.candidate, move="accept")
    services.consent_decide(consent=consent, actor=dana.candidate, move=answer)
    first = services.consent_invite(
        provider=provider, course=course, actor=provider_user, who=dana.candidate.email
    )
    again = services.consent_invite(
        provider=provider, course=course, actor=provider_user, who=candidate_number(dana)
    )
    assert first.replace(dana.candidate.email, "N") == again.replace(candidate_number(dana), "N")
    assert ProviderConsent.objects.filter(application=dana).count() == 1
    assert dana.candidate.notifications.filter(event="course.invitation").count() == 1
