"""The e-mails of an application: a rejection gives the last day to appeal, and the
supervisor asked to confirm hours is told what is true of the application at that moment."""

from certify.accounts.models import Role
from certify.notifications.models import OutgoingEmail
from tests.factories import UserFactory
from tests.notifications.emails import (
    CONTEXTS,
    _sent,
    problems,
    served,  # noqa: F401 (the served address, SITE_URL, for every test here)
)


def test_a_rejection_gives_the_last_day_to_give_notice_of_appeal(lsscp):
    """The page gave the day; the e-mail said only "within 10 days of this decision"."""
    email = _sent(lsscp, "application.decided", CONTEXTS["application.decided"][1])
    words = "you may give notice of appeal by March 14, 2027, within 10 days of this decision."
    assert words in " ".join(email.text_body.split())
    assert words in " ".join(email.html_body.split())


def test_the_supervisor_is_told_what_is_true_of_the_application_at_that_moment(lsscp):
    draft, returned = CONTEXTS["application.supervisor_confirm"]
    before = _sent(lsscp, "application.supervisor_confirm", draft).text_body
    after = _sent(lsscp, "application.supervisor_confirm", returned).text_body
    assert "preparing an application" in before
    assert "not submitted yet" in before
    assert "applied" not in before.replace("preparing an application", "")
    assert "applied to the Library Support Staff Certification Program" in after
    assert "asked them for more information" in after
    for text in (before, after):
        assert "You do not need an account." in text


def test_a_supervisor_request_from_a_draft_says_the_application_is_not_submitted(lsscp):
    from certify.applications import services
    from tests.factories import ApplicationFactory, ExperienceEntryFactory

    candidate = UserFactory(full_name="Dana O'Neil", roles=[Role.CANDIDATE])
    application = ApplicationFactory(candidate=candidate, program=lsscp)
    entry = ExperienceEntryFactory(
        application=application, supervisor_name="Pat Lee", supervisor_email="pat@river.example"
    )
    services.supervisor_request(entry=entry, actor=candidate)
    email = OutgoingEmail.objects.get(to="pat@river.example")
    assert "not submitted yet" in email.text_body
    assert "has applied" not in email.text_body
    assert problems(email.text_body, email.html_body) == []
