"""The employer is told when a holder shares a certificate with their account and when the
holder stops: in the app and by e-mail (optional, so their preference is respected), the e-mail
at most once a program day between one holder and one account, however often they share and
stop, and in the app one notice a program day per certificate, saying the latest; nobody else
hears of it, and an address without an account is not written to."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone

from certify.accounts.models import Role
from certify.certificates.models import Certificate
from certify.certificates.services import certificate_revoke
from certify.core.errors import DomainError
from certify.notifications.models import EmailPreference, Notification, OutgoingEmail
from certify.programs.models import Program
from certify.webhooks.models import CertificateShare
from certify.webhooks.services import share_create, share_withdraw
from tests.certificates.conftest import finish, nearly_done
from tests.deadline import LAST_MINUTE, NEXT_DAY
from tests.factories import UserFactory
from tests.shared import copy_of, shared_in_module
from tests.webhooks.conftest import small_program


def _certified():
    program = small_program()
    application, last = nearly_done(program, name="Dana Okafor", email="dana@example.org")
    with TestCase.captureOnCommitCallbacks(execute=True):  # as after a request
        finish(last)
    return program, application.certificate


# Built once for the module (tests/shared.py); each test changes it in its own savepoint.
certified_in_module = shared_in_module(_certified)


@pytest.fixture
def program(db, certified_in_module):
    return copy_of(certified_in_module[0])


@pytest.fixture
def certificate(db, certified_in_module):
    return copy_of(certified_in_module[1])


def _told(user):
    return list(Notification.objects.filter(recipient=user).order_by("id"))


def _told_newest_first(user):
    return list(Notification.objects.filter(recipient=user))  # the list's order


def _emailed(user):
    """What each e-mail to `user` said, in order (its notice may have been brought up to date
    since: the e-mail's subject is what it said)."""
    subjects = OutgoingEmail.objects.filter(to=user.email).order_by("id")
    return [
        "certificate.unshared" if " stopped sharing " in subject else "certificate.shared"
        for subject in subjects.values_list("subject", flat=True)
    ]


def test_the_employer_is_told_of_the_share_and_of_its_end(certificate, at):
    employer = UserFactory(email="hr@employer.example", full_name="Robin Hale")
    bystander = UserFactory(email="someone@employer.example")
    holder = certificate.holder
    before = set(Notification.objects.values_list("pk", flat=True))

    share = share_create(certificate=certificate, email="HR@Employer.example", actor=holder)
    (shared,) = _told(employer)
    assert shared.event == "certificate.shared"
    assert shared.title == (f"{certificate.holder_name} shared their LSSCP certificate with you")
    assert shared.link == reverse("webhooks:shared_with_you")
    email = OutgoingEmail.objects.get(notification=shared)
    assert email.to == employer.email
    verify = settings.SITE_URL + reverse("certificates:verify", args=[certificate.number])
    assert certificate.number in email.text_body
    assert verify in email.text_body
    assert "listed under “Certificates shared with you”" in email.text_body
    assert "See the certificates shared with you" in email.text_body

    share_create(certificate=certificate, email="hr@employer.example", actor=holder)
    assert len(_told(employer)) == 1  # shared already: nothing new to tell

    at(timezone.now() + timedelta(days=1))  # the next day: e-mailed again (below)
    share_withdraw(share=share, actor=holder)
    shared, unshared = _told(employer)
    assert unshared.event == "certificate.unshared"
    assert "no longer shares" in OutgoingEmail.objects.get(notification=unshared).text_body
    share_withdraw(share=share, actor=holder)
    assert len(_told(employer)) == 2  # withdrawn already: told once

    new = set(Notification.objects.values_list("pk", flat=True)) - before
    assert {n.recipient_id for n in Notification.objects.filter(pk__in=new)} == {employer.pk}
    assert not _told(bystander)


def test_an_employer_who_switched_the_email_off_is_told_in_the_app_only(certificate):
    employer = UserFactory(email="hr@employer.example")
    for event in ("certificate.shared", "certificate.unshared"):
        EmailPreference.objects.create(user=employer, event=event, enabled=False)
    share = share_create(certificate=certificate, email=employer.email, actor=certificate.holder)
    share_withdraw(share=share, actor=certificate.holder)
    told = _told(employer)
    assert [n.event for n in told] == [
        "certificate.unshared"
    ]  # the day's notice, brought up to date
    assert not OutgoingEmail.objects.filter(notification__in=told).exists()


def test_an_address_without_an_account_gets_no_email(certificate):
    """Certify writes to no address on a holder's behalf (ADR 0029): the share waits there for
    whoever signs up with it."""
    sent = OutgoingEmail.objects.count()
    share_create(certificate=certificate, email="nobody@employer.example", actor=certificate.holder)
    assert OutgoingEmail.objects.count() == sent
    assert not OutgoingEmail.objects.filter(to__iexact="nobody@employer.example").exists()


def test_a_holder_sharing_with_their_own_address_is_not_told(certificate):
    holder = certificate.holder
    before = Notification.objects.filter(recipient=holder).count()
    share_create(certificate=certificate, email=holder.email, actor=holder)
    assert Notification.objects.filter(recipient=holder).count() == before


def test_the_shares_page_tells_the_employer(client, certificate):
    employer = UserFactory(email="hr@employer.example")
    client.force_login(certificate.holder)
    page = client.get(reverse("webhooks:shares")).text
    assert "by e-mail when you share and when you stop" in page
    response = client.post(
        reverse("webhooks:shares"),
        {"certificate": str(certificate.pk), "email": "hr@employer.example"},
    )
    assert response.status_code == 302
    assert [n.event for n in _told(employer)] == ["certificate.shared"]


@pytest.mark.parametrize("stop", ["revoke", "replace"])
def test_a_revoked_or_replaced_certificate_is_not_shared(client, certificate, stop):
    """Nothing of it will change again, so nobody can follow it: Certify does not tell an
    employer that it was shared (the verification page still answers anyone)."""
    employer = UserFactory(email="hr@employer.example")
    staff = UserFactory(roles=[Role.PROGRAM_STAFF])
    if stop == "revoke":
        certificate_revoke(certificate=certificate, actor=staff, reason="Found to be forged.")
        words = f"Certificate {certificate.number} is revoked"
    else:
        Certificate.objects.filter(pk=certificate.pk).update(status=Certificate.Status.REPLACED)
        certificate.refresh_from_db()
        words = f"Certificate {certificate.number} is replaced by a renewal"
    with pytest.raises(DomainError, match=words) as refused:
        share_create(certificate=certificate, email=employer.email, actor=certificate.holder)
    assert refused.value.field == "certificate"
    client.force_login(certificate.holder)
    page = client.post(
        reverse("webhooks:shares"),
        {"certificate": str(certificate.pk), "email": employer.email},
    )
    assert page.status_code == 200
    assert words in page.text
    assert employer.email in page.text  # what was typed is kept
    api = client.post(
        "/api/v1/webhooks/shares",
        {"certificate_number": certificate.number, "email": employer.email},
        content_type="application/json",
    )
    assert api.status_code == 400, api.content
    assert words in api.json()["detail"]
    assert "certificate_number" in api.text
    assert not CertificateShare.objects.exists()
    assert not _told(employer)


def test_sharing_and_stopping_200_times_is_one_notice_and_one_email_that_day(certificate):
    """A holder sharing and stopping 200 times filled the employer's list with 400 notices. The
    employer needs where things stand: one notice for the day, saying the latest, unread again
    and on top after each change; the first change alone is e-mailed."""
    employer = UserFactory(email="hr@employer.example")
    holder = certificate.holder
    share = share_create(certificate=certificate, email=employer.email, actor=holder)
    (notice,) = _told(employer)
    notice.read_at = timezone.now()
    notice.save(update_fields=["read_at"])
    other = Notification.objects.create(recipient=employer, event="account.test", title="Later")
    for _ in range(200):
        share_withdraw(share=share, actor=holder)
        share = share_create(certificate=certificate, email=employer.email, actor=holder)
    share_withdraw(share=share, actor=holder)
    newest, older = _told_newest_first(employer)
    assert (newest.pk, older.pk) == (notice.pk, other.pk)  # the same notice, back on top
    assert newest.event == "certificate.unshared"
    assert (
        newest.title
        == f"{certificate.holder_name} stopped sharing their LSSCP certificate with you"
    )
    assert newest.read_at is None  # news again
    assert _emailed(employer) == ["certificate.shared"]  # its one e-mail, sent when shared
    assert OutgoingEmail.objects.filter(notification__recipient=employer).count() == 1


def test_the_day_is_the_programs_not_the_sites(certificate, at):
    """The program is in Auckland: at 11:00 UTC its day turns while Chicago's (the site's) does
    not. The last minute of a day coalesces with what came before; the first minute of the next
    is e-mailed again, then coalesces in its turn."""
    Program.objects.filter(pk=certificate.program_id).update(time_zone="Pacific/Auckland")
    certificate = Certificate.objects.get(pk=certificate.pk)
    employer = UserFactory(email="hr@employer.example")
    holder = certificate.holder
    at(LAST_MINUTE - timedelta(hours=1))
    share = share_create(certificate=certificate, email=employer.email, actor=holder)
    at(LAST_MINUTE)
    share_withdraw(share=share, actor=holder)
    assert _emailed(employer) == ["certificate.shared"]
    at(NEXT_DAY)  # December 2 in Auckland, still December 1 in Chicago
    share = share_create(certificate=certificate, email=employer.email, actor=holder)
    share_withdraw(share=share, actor=holder)
    assert _emailed(employer) == ["certificate.shared", "certificate.shared"]
    assert [n.event for n in _told(employer)] == ["certificate.unshared"] * 2  # one a day


def test_another_holder_or_another_employer_is_a_pair_of_its_own(
    certificate, program, django_capture_on_commit_callbacks
):
    employer = UserFactory(email="hr@employer.example")
    other_employer = UserFactory(email="hr@elsewhere.example")
    application, last = nearly_done(program, name="Sam Rivera", email="sam@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        finish(last)
    theirs = Certificate.objects.get(application=application)
    share_create(certificate=certificate, email=employer.email, actor=certificate.holder)
    share_create(certificate=theirs, email=employer.email, actor=theirs.holder)
    share_create(certificate=certificate, email=other_employer.email, actor=certificate.holder)
    assert _emailed(employer) == ["certificate.shared", "certificate.shared"]
    assert _emailed(other_employer) == ["certificate.shared"]


def test_a_notice_not_wanted_by_email_leaves_the_days_email_to_the_next(certificate):
    """The employer switched off the e-mail of shares, not of their end: the end is e-mailed."""
    employer = UserFactory(email="hr@employer.example")
    EmailPreference.objects.create(user=employer, event="certificate.shared", enabled=False)
    share = share_create(certificate=certificate, email=employer.email, actor=certificate.holder)
    share_withdraw(share=share, actor=certificate.holder)
    assert _emailed(employer) == ["certificate.unshared"]
