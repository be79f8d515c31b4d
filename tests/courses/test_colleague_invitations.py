"""Adding a colleague to a provider is an invitation the person accepts (ADR 0025).

Before: `provider_member_add` attached any account silently, given its e-mail address, and the
page said "No account uses …" for an address without one (account enumeration).
"""

from datetime import time, timedelta

import pytest
from allauth.account.models import EmailAddress
from django.urls import reverse
from django.utils import timezone

from certify.accounts.invitations import colleague_invitations_expire, why_not_standing
from certify.accounts.models import ColleagueInvitation, Role, RoleAssignment, User
from certify.core.errors import DomainError
from certify.core.models import AuditEvent
from certify.core.workflow import transition
from certify.courses import services
from certify.courses.models import ProviderMembership
from certify.notifications.models import OutgoingEmail
from tests.conftest import count_queries
from tests.factories import ProviderFactory, UserFactory
from tests.hidden import assert_answers_as_unknown
from tests.invitations import answers_for, link_in

S = ColleagueInvitation.Status


def invite(provider, actor, email):
    services.provider_member_invite(provider=provider, actor=actor, email=email)
    return ColleagueInvitation.objects.get(
        email=email.lower(), organisation_id=provider.pk, status=S.PENDING
    )


def fresh(user: User) -> User:
    return User.objects.get(pk=user.pk)


def acts_for(user, provider) -> bool:
    return ProviderMembership.objects.filter(user=user, provider=provider).exists()


# --- Nothing is attached until the person accepts ----------------------------------------------


def test_inviting_an_existing_account_attaches_nothing(provider, provider_user):
    colleague = UserFactory(email="sam@northside.example.edu", roles=[Role.CANDIDATE])
    invitation = invite(provider, provider_user, "SAM@northside.example.edu")
    assert invitation.status == S.PENDING
    assert not acts_for(colleague, provider)
    assert not fresh(colleague).has_role(Role.PROVIDER)
    assert not fresh(colleague).has_perm("courses.act_for_provider", provider)
    email = OutgoingEmail.objects.get(to="sam@northside.example.edu")
    assert "invites you to act for Northside Community College" in email.subject
    assert "Nothing changes until you accept" in email.text_body


def test_the_link_token_is_stored_only_as_a_hash(provider, provider_user):
    invitation = invite(provider, provider_user, "sam@northside.example.edu")
    token = link_in(OutgoingEmail.objects.get()).rstrip("/").rsplit("/", 1)[-1]
    assert len(invitation.token_hash) == 64
    assert token not in invitation.token_hash
    assert not ColleagueInvitation.objects.filter(token_hash=token).exists()


def test_accepting_attaches_through_the_services_with_audit_rows(
    client, provider, provider_user, django_capture_on_commit_callbacks
):
    colleague = UserFactory(email="sam@northside.example.edu", roles=[Role.CANDIDATE])
    invite(provider, provider_user, "sam@northside.example.edu")
    link = link_in(OutgoingEmail.objects.get())
    client.force_login(colleague)
    page = client.get(link)
    assert page.status_code == 200
    assert "Accept" in page.text
    response = client.post(link, {"answer": "accept"})
    assert response.status_code == 302
    assert acts_for(colleague, provider)
    assert fresh(colleague).has_role(Role.PROVIDER)
    invitation = ColleagueInvitation.objects.get()
    assert (invitation.status, invitation.answered_by) == (S.ACCEPTED, colleague)
    verbs = set(AuditEvent.objects.values_list("verb", flat=True))
    assert {"colleague_invitation.accepted", "provider.member_added", "role.granted"} <= verbs
    granted = AuditEvent.objects.get(verb="role.granted", target_id=str(colleague.pk))
    assert granted.actor == provider_user  # the inviter granted it; the colleague accepted


def test_a_used_link_is_refused_with_a_clear_message(client, provider, provider_user):
    colleague = UserFactory(email="sam@northside.example.edu", roles=[Role.CANDIDATE])
    invite(provider, provider_user, "sam@northside.example.edu")
    link = link_in(OutgoingEmail.objects.get())
    client.force_login(colleague)
    client.post(link, {"answer": "accept"})
    again = client.get(link)
    assert again.status_code == 410
    assert "already accepted: it works once" in again.text
    replay = client.post(link, {"answer": "accept"}, follow=True)
    assert "already accepted" in replay.text
    assert ProviderMembership.objects.filter(user=colleague).count() == 1


def test_a_link_opened_by_another_account_is_refused(client, provider, provider_user):
    UserFactory(email="sam@northside.example.edu", roles=[Role.CANDIDATE])
    intruder = UserFactory(email="eve@example.org", roles=[Role.CANDIDATE])
    invite(provider, provider_user, "sam@northside.example.edu")
    link = link_in(OutgoingEmail.objects.get())
    client.force_login(intruder)
    page = client.get(link)
    assert "you are signed in as eve@example.org" in page.text
    response = client.post(link, {"answer": "accept"}, follow=True)
    assert "This invitation was sent to sam@northside.example.edu" in response.text
    assert not acts_for(intruder, provider)
    assert ColleagueInvitation.objects.get().status == S.PENDING
    with pytest.raises(DomainError, match="only the person invited"):
        transition(ColleagueInvitation.objects.get(), "accept", actor=intruder)


def test_an_unverified_address_is_not_enough(client, provider, provider_user):
    colleague = UserFactory(email="sam@northside.example.edu", verified=False)
    EmailAddress.objects.create(user=colleague, email=colleague.email, verified=False)
    invite(provider, provider_user, "sam@northside.example.edu")
    client.force_login(colleague)
    client.post(link_in(OutgoingEmail.objects.get()), {"answer": "accept"})
    assert not acts_for(colleague, provider)


def test_someone_without_an_account_signs_up_with_the_address_then_accepts(
    client, provider, provider_user
):
    invite(provider, provider_user, "new@northside.example.edu")
    link = link_in(OutgoingEmail.objects.get())
    page = client.get(link)
    assert page.status_code == 200
    assert "create one" in page.text
    assert reverse("account_signup") in page.text
    assert client.post(link, {"answer": "accept"}).status_code == 302  # refused: sign in first
    assert ColleagueInvitation.objects.get().status == S.PENDING
    newcomer = UserFactory(email="new@northside.example.edu", roles=[Role.CANDIDATE])
    client.force_login(newcomer)
    mine = client.get(reverse("accounts:invitations"))
    assert "Northside Community College" in mine.text
    invitation = ColleagueInvitation.objects.get()
    client.post(reverse("accounts:invitation_answer", args=[invitation.pk]), {"answer": "accept"})
    assert acts_for(newcomer, provider)


def test_the_person_declines_by_the_link_without_an_account(client, provider, provider_user):
    invite(provider, provider_user, "sam@northside.example.edu")
    link = link_in(OutgoingEmail.objects.get())
    response = client.post(link, {"answer": "decline"}, follow=True)
    assert "You declined the invitation" in response.text
    assert ColleagueInvitation.objects.get().status == S.DECLINED
    assert client.get(link).status_code == 410


def test_the_provider_withdraws_a_pending_invitation(client, provider, provider_user):
    colleague = UserFactory(email="sam@northside.example.edu")
    invitation = invite(provider, provider_user, "sam@northside.example.edu")
    link = link_in(OutgoingEmail.objects.get())
    client.force_login(provider_user)
    response = client.post(reverse("accounts:invitation_withdraw", args=[invitation.pk]))
    assert response.url == provider.get_absolute_url()
    assert ColleagueInvitation.objects.get().status == S.WITHDRAWN
    client.force_login(colleague)
    page = client.get(link)
    assert page.status_code == 410
    assert "Northside Community College withdrew this invitation" in page.text
    client.post(link, {"answer": "accept"})
    assert not acts_for(colleague, provider)


def test_another_providers_staff_cannot_withdraw_or_invite(
    client, provider, provider_user, other_provider_user
):
    invitation = invite(provider, provider_user, "sam@northside.example.edu")
    client.force_login(other_provider_user)
    # another provider's invitation is the 404 page of an unknown one: its id is not confirmed
    url, unknown = (
        reverse("accounts:invitation_withdraw", args=[pk]) for pk in (invitation.pk, 999_999)
    )
    assert_answers_as_unknown(client, url, unknown, "post")
    assert ColleagueInvitation.objects.get().status == S.PENDING
    with pytest.raises(DomainError, match="You do not act for Northside"):
        services.provider_member_invite(
            provider=provider, actor=other_provider_user, email="x@example.org"
        )


def test_someone_whose_provider_role_was_taken_away_cannot_withdraw_its_invitations(
    client, provider, provider_user
):
    """As on the provider's own pages: a seat at the provider counts only with the role."""
    invitation = invite(provider, provider_user, "sam@northside.example.edu")
    RoleAssignment.objects.filter(user=provider_user, role=Role.PROVIDER).delete()
    client.force_login(provider_user)
    response = client.post(reverse("accounts:invitation_withdraw", args=[invitation.pk]))
    assert response.status_code == 403
    assert ColleagueInvitation.objects.get().status == S.PENDING


def test_an_expired_link_is_refused_and_the_daily_job_marks_it(client, provider, provider_user):
    colleague = UserFactory(email="sam@northside.example.edu")
    invite(provider, provider_user, "sam@northside.example.edu")
    link = link_in(OutgoingEmail.objects.get())
    ColleagueInvitation.objects.update(expires_at=timezone.now() - timedelta(minutes=1))
    client.force_login(colleague)
    page = client.get(link)
    assert page.status_code == 410
    assert "This invitation expired on" in page.text
    client.post(link, {"answer": "accept"})
    assert not acts_for(colleague, provider)
    assert ColleagueInvitation.objects.get().status == S.PENDING  # a GET or refusal writes nothing
    assert colleague_invitations_expire() == 1
    assert colleague_invitations_expire() == 0
    assert ColleagueInvitation.objects.get().status == S.EXPIRED


def test_invitations_last_the_configured_number_of_days(settings, provider, provider_user):
    settings.COLLEAGUE_INVITATION_DAYS = 3
    invitation = invite(provider, provider_user, "sam@northside.example.edu")
    # through the third day after the site's today, to its end (ADR 0024, "Days, not hours")
    site = timezone.get_default_timezone()
    last = timezone.localdate(timezone=site) + timedelta(days=3)
    assert timezone.localtime(invitation.expires_at, site).date() == last + timedelta(days=1)
    assert timezone.localtime(invitation.expires_at, site).time() == time.min
    assert invitation.expires_on == last


def test_sending_again_replaces_the_earlier_link(client, provider, provider_user):
    colleague = UserFactory(email="sam@northside.example.edu")
    invite(provider, provider_user, "sam@northside.example.edu")
    first = link_in(OutgoingEmail.objects.get())
    invite(provider, provider_user, "sam@northside.example.edu")
    second = link_in(OutgoingEmail.objects.order_by("-id").first())
    assert first != second
    client.force_login(colleague)
    assert client.get(first).status_code == 410
    assert client.get(second).status_code == 200


def test_the_inviter_must_still_act_for_the_provider(client, provider, provider_user):
    """Before acting, the invited person reads that the invitation no longer stands and to ask
    the provider for a new one: no Accept button (410), and a GET writes nothing."""
    from tests.conftest import writes_during

    colleague = UserFactory(email="sam@northside.example.edu")
    invite(provider, provider_user, "sam@northside.example.edu")
    link = link_in(OutgoingEmail.objects.get())
    ProviderMembership.objects.filter(user=provider_user).delete()
    client.force_login(colleague)
    seen: list = []
    assert writes_during(lambda: seen.append(client.get(link))) == []
    page = seen[0]
    assert page.status_code == 410
    assert "This invitation no longer stands" in page.text
    assert "Ask someone at Northside Community College to send you a new invitation" in page.text
    assert 'value="accept"' not in page.text
    assert 'value="decline"' not in page.text
    response = client.post(link, {"answer": "accept"}, follow=True)
    assert "no longer manages" in response.text
    assert not acts_for(colleague, provider)
    assert ColleagueInvitation.objects.get().status == S.PENDING


@pytest.mark.parametrize("signed_in", [True, False])
def test_a_withdrawn_expired_or_used_link_offers_no_answer(
    client, provider, provider_user, signed_in
):
    """Each closed state says so and what to do, with no form, to the person invited signed in
    and to a holder of the link signed out."""
    colleague = UserFactory(email="sam@northside.example.edu")
    cases = {
        "withdrawn": ("withdrew this invitation", "ask Pat"),
        "expired": ("This invitation expired on", "to send a new one"),
        "accepted": ("already accepted: it works once", "from your home page"),
        "declined": ("This invitation was declined", "to invite you again"),
    }
    for status, (said, what_to_do) in cases.items():
        invitation = invite(provider, provider_user, "sam@northside.example.edu")
        link = link_in(OutgoingEmail.objects.order_by("-id").first())
        if status == "expired":
            ColleagueInvitation.objects.filter(pk=invitation.pk).update(
                expires_at=timezone.now() - timedelta(minutes=1)
            )
        else:
            ColleagueInvitation.objects.filter(pk=invitation.pk).update(status=status)
        if signed_in:
            client.force_login(colleague)
        page = client.get(link)
        assert page.status_code == 410, status
        assert said in page.text, status
        assert what_to_do in page.text, status
        assert "nothing to accept or decline here" in page.text
        assert 'name="answer"' not in page.text, status
        ColleagueInvitation.objects.filter(pk=invitation.pk).update(status=S.WITHDRAWN)
        client.logout()


def test_an_unknown_link_says_so(client, db):
    response = client.get(reverse("accounts:invitation_link", args=["not-a-real-token"]))
    assert response.status_code == 404
    assert "This invitation link is not valid" in response.text


def test_only_an_accepted_invitation_attaches_anyone(provider, provider_user):
    colleague = UserFactory(email="sam@northside.example.edu")
    invitation = invite(provider, provider_user, "sam@northside.example.edu")
    with pytest.raises(DomainError, match="Only an accepted invitation"):
        services.provider_member_add(invitation=invitation, user=colleague)
    assert not acts_for(colleague, provider)


# --- The form answers the same whether or not the address has an account -------------------------


def test_the_form_answers_the_same_with_or_without_an_account(client, provider, provider_user):
    has = UserFactory(email="has@northside.example.edu", roles=[Role.CANDIDATE])
    client.force_login(provider_user)
    url = provider.get_absolute_url()
    with_account, without = answers_for(
        client, url, ("has@northside.example.edu", "none@northside.example.edu")
    )
    assert with_account == without
    assert without[0] == 302
    assert "We sent an invitation to ADDRESS" in without[3]
    assert not acts_for(has, provider)
    assert not fresh(has).has_role(Role.PROVIDER)


def test_the_provider_page_lists_pending_invitations_in_a_fixed_number_of_queries(
    client, provider, provider_user
):
    client.force_login(provider_user)
    url = provider.get_absolute_url()
    invite(provider, provider_user, "one@northside.example.edu")
    few = count_queries(lambda: client.get(url))
    for n in range(2, 7):
        invite(provider, provider_user, f"p{n}@northside.example.edu")
    page = client.get(url)
    assert "p6@northside.example.edu" in page.text
    assert "Withdraw" in page.text
    assert count_queries(lambda: client.get(url)) == few


def test_the_invited_persons_list_keeps_a_fixed_number_of_queries(client, provider, provider_user):
    colleague = UserFactory(email="sam@northside.example.edu")
    client.force_login(colleague)
    invite(provider, provider_user, "sam@northside.example.edu")
    url = reverse("accounts:invitations")
    few = count_queries(lambda: client.get(url))
    home_few = count_queries(lambda: client.get(reverse("accounts:home")))
    for n in range(3):
        other = ProviderFactory(staff=[provider_user])
        invite(other, provider_user, "sam@northside.example.edu")
        # Rows whose sender no longer manages the provider (their seat gone) are read at once.
        sender = UserFactory(roles=[Role.PROVIDER])
        gone = ProviderFactory(name=f"Gone College {n}", staff=[sender])
        invite(gone, sender, "sam@northside.example.edu")
        ProviderMembership.objects.filter(user=sender, provider=gone).delete()
    assert count_queries(lambda: client.get(url)) == few
    assert count_queries(lambda: client.get(reverse("accounts:home"))) == home_few
    home = client.get(reverse("accounts:home"))
    assert "Invitations waiting for you" in home.text
    assert home.text.count(GONE.format(name="Gone College")) == 3


GONE = "This invitation no longer stands: the person who invited you no longer manages {name}"


def test_the_invited_persons_lists_say_an_invitation_whose_sender_left_no_longer_stands(
    client, provider, provider_user
):
    colleague = UserFactory(email="sam@northside.example.edu")
    invitation = invite(provider, provider_user, "sam@northside.example.edu")
    RoleAssignment.objects.filter(user=provider_user, role=Role.PROVIDER).delete()
    sender = UserFactory(roles=[Role.PROVIDER])
    eastside = ProviderFactory(name="Eastside College", staff=[sender])
    standing = invite(eastside, sender, "sam@northside.example.edu")
    client.force_login(colleague)
    page = client.get(reverse("accounts:invitations")).text
    words = (
        "This invitation no longer stands: the person who invited you no longer manages "
        "Northside Community College&#x27;s colleagues. Ask someone at Northside Community "
        "College to send you a new invitation."
    )
    assert page.count(words) == 1
    assert page.count('name="answer" value="accept"') == 1  # Eastside's only
    assert f"/invitations/{standing.pk}/" in page
    assert f"/invitations/{invitation.pk}/" not in page
    home = client.get(reverse("accounts:home")).text
    assert words in home
    # The link's page says the same.
    assert why_not_standing(invitation) == words.replace("&#x27;", "'")


# --- No relaying (ADR 0029) -----------------------------------------------------------------------

PHISH = "Your account is suspended verify at evil example dot com"


def test_inviting_past_the_days_limit_is_refused_beside_the_field_and_saves_nothing(
    client, provider, provider_user, settings
):
    settings.RELAY_PER_ADDRESS_FROM_SENDER_PER_DAY = 2
    client.force_login(provider_user)
    url = provider.get_absolute_url()
    for _ in range(2):  # sending again to the same address counts too
        assert client.post(url, {"email": "sam@northside.example.edu"}).status_code == 302
    pending = ColleagueInvitation.objects.get(status=S.PENDING)
    page = client.post(url, {"email": "sam@northside.example.edu"})
    assert page.status_code == 400
    assert (
        "You have sent 2 requests to this address today; you can send more tomorrow." in page.text
    )
    assert 'value="sam@northside.example.edu"' in page.text  # what was typed is kept
    assert ColleagueInvitation.objects.count() == 2
    assert ColleagueInvitation.objects.get(status=S.PENDING) == pending  # not withdrawn
    assert OutgoingEmail.objects.filter(sent_for=provider_user).count() == 2


def test_an_unapproved_providers_name_is_not_put_in_the_e_mail(db, provider_user):
    """A provider's name is what its registrant typed until staff approve it."""
    pending = services.provider_register(
        actor=provider_user, name=PHISH, kind="college", contact_email="a@college.example.edu"
    )
    services.provider_member_invite(
        provider=pending, actor=provider_user, email="sam@northside.example.edu"
    )
    email = OutgoingEmail.objects.get(sent_for=provider_user)
    for body in (email.subject, email.text_body, email.html_body):
        assert "evil" not in body
        assert "suspended" not in body
    assert "an organization on Certify" in email.subject
    assert "not approved yet" in email.text_body
    assert "on behalf of Pat Nguyen" in email.text_body
    assert "&lt;p&gt;" not in email.html_body
    assert "<p>" in email.html_body


def test_an_approved_providers_name_is_in_the_e_mail(provider, provider_user):
    invite(provider, provider_user, "sam@northside.example.edu")
    email = OutgoingEmail.objects.get(sent_for=provider_user)
    assert "invites you to act for Northside Community College" in email.subject
    assert "Stop e-mail from Certify on Pat Nguyen's behalf: http" in email.text_body


def test_a_scanned_link_accepts_nothing_even_in_the_invited_persons_browser(
    client, provider, provider_user
):
    """A mail scanner or a preview fetches the link (GET, HEAD) in the invited person's own
    signed-in browser: nothing is attached or written; only the Accept button's POST attaches."""
    from tests.conftest import writes_during

    colleague = UserFactory(email="sam@northside.example.edu", roles=[Role.CANDIDATE])
    invite(provider, provider_user, "sam@northside.example.edu")
    link = link_in(OutgoingEmail.objects.get())
    client.force_login(colleague)
    seen: list = []
    for method in (client.get, client.head, client.get):
        assert writes_during(lambda m=method: seen.append(m(link))) == []
    assert [r.status_code for r in seen] == [200, 200, 200]
    assert {r["Referrer-Policy"] for r in seen} == {"same-origin"}
    assert ColleagueInvitation.objects.get().status == S.PENDING
    assert not acts_for(colleague, provider)
    client.post(link, {"answer": "accept"})
    assert acts_for(colleague, provider)
