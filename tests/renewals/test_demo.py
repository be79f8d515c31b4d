"""The demo's renewing holder (in the window, CE short of 32 hours) and lapsed holder."""

from certify.accounts.models import Role
from certify.applications.models import Application
from certify.loaddata.demo.renewals import LAPSED, RENEWING, demo_renewals_create
from certify.programs.api import program_day
from certify.renewals.api import certificate_phase
from certify.renewals.selectors import ce_progress
from tests.factories import UserFactory


def test_the_demo_holds_a_renewing_and_a_lapsed_holder(lsscp, client):
    staff = UserFactory(roles=[Role.PROGRAM_STAFF])
    renewing, lapsed = demo_renewals_create(program=lsscp, staff=staff)
    assert demo_renewals_create(program=lsscp, staff=staff) == (renewing, lapsed)  # repeatable
    assert (renewing.holder.email, lapsed.holder.email) == (RENEWING[0], LAPSED[0])
    assert certificate_phase(certificate=renewing).phase == "window"
    assert certificate_phase(certificate=lapsed).phase == "lapsed"
    progress = ce_progress(certificate=renewing)
    assert (str(progress.total), str(progress.technology), progress.met) == ("23.00", "2.00", False)
    client.force_login(lapsed.holder)
    assert "has lapsed" in client.get("/renewal/").text
    # Their history is told in order: accepted years ago, on the day they enrolled, not today.
    for holder in (renewing.holder, lapsed.holder):
        application = Application.objects.get(candidate=holder)
        decided_on = program_day(application.decided_at, lsscp)
        assert decided_on == application.enrolled_on < application.completion_deadline
        assert application.submitted_at < application.decided_at


def test_the_lapsed_holders_home_says_lapsed_as_their_renewal_page_and_where_to_turn(lsscp, client):
    """The home page said "Certificate …: expired." beside "Your certificate is lapsed. Contact
    the program to ask what you can do." (no way to); the renewal page says "has lapsed", the
    last day to renew and whom to write to. The home page now uses the same word and sends
    them there."""
    staff = UserFactory(roles=[Role.PROGRAM_STAFF])
    _renewing, lapsed = demo_renewals_create(program=lsscp, staff=staff)
    client.force_login(lapsed.holder)
    home = client.get("/account/").text
    assert f"Certificate {lapsed.number}: lapsed." in home
    assert "Your certificate has lapsed: the last day to renew was" in home
    assert "your renewal page says how to write to them" in home
    assert "Contact the program" not in home
    assert ": expired." not in home
