"""Acceptance: what people at the program's edges try that no other story does. An employer looks
a holder up in the public register: a first name alone is refused in words, a holder who has not
listed herself is not found, she is once she lists herself (and the link opens her certificate's
page), and the day's allowance of searches ends in words that say so; her certificate suspended
leaves the register (its verification page says why) until staff reinstate it. A staff member
whose role ended sends the decision form she had left open: refused, nothing decided, and the
application waits for the staff who remain. A colleague invited by a provider's person who has
since left reads on the link that the invitation no longer stands, with no button, and joins
once someone still there invites her again.
"""

import re
import time
from types import SimpleNamespace

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.core import mail
from django.utils import timezone

from certify.accounts.models import Role, User
from certify.accounts.services import role_revoke, user_create
from certify.applications.api import add_years
from certify.applications.models import Application
from certify.certificates.register import NAME_NEEDED
from certify.core import ratelimit
from tests.acceptance import steps
from tests.acceptance.conftest import PASSWORD, STAFF
from tests.acceptance.test_repeats_and_status_stories import renewing_and_lapsed

TODAY = timezone.localdate
DAY = 24 * 3600


def _search(browser, name: str, *, status: int = 200):
    form = browser.open("/register/").form("Search").set("Name", name)
    return browser.submit(form, status=status)


def test_an_employer_finds_a_holder_by_her_full_name_only_once_she_listed_herself(
    world, browser, settings, monkeypatch
):
    certificate, _lapsed = renewing_and_lapsed(world)
    holder = certificate.holder
    first, *_, family = holder.full_name.split()
    settings.PAGE_RATES = {**settings.PAGE_RATES, "register": "5/d"}
    noon = _noon()
    monkeypatch.setattr(ratelimit, "time", SimpleNamespace(time=lambda: noon))

    page = _search(browser, first, status=400)  # 1: a first name alone
    page.says(NAME_NEEDED)
    page = _search(browser, f"{family} {first}")  # 2: in full, but she is not listed
    page.says("No listed holder matches", "Holders who are not listed are not shown.")
    assert certificate.number not in page.text

    browser.sign_in(holder.email, PASSWORD)
    page = browser.open("/account/")
    page.says("You are not listed")
    page = browser.submit(page.form("List me in the public register").set("State", "Oregon"))
    page.says("You are listed in the public register of holders, under Oregon.")

    browser.client.logout()
    page = _search(browser, f"{family.lower()} {first.upper()}")  # 3: any order, any case
    page.says("1 certificate found", f"{holder.full_name}, Oregon", certificate.number)
    verify = browser.open(page.link(certificate.number))
    verify.says(certificate.number, "Valid")
    form = browser.open("/register/").form("Search").set("Name", f"{first} {family}")
    page = browser.submit(form.set("State", "Ohio"))  # 4: the wrong state
    page.says("No listed holder matches")
    _search(browser, f"{first} {family}")  # 5: the last of the day's five
    page = _search(browser, f"{first} {family}", status=429)  # 6: one too many
    page.says("You have used today's allowance")
    assert certificate.number not in page.text


def test_a_listed_holders_suspended_certificate_leaves_the_register_until_reinstated(
    world, browser, settings, monkeypatch
):
    from tests.acceptance.test_repeats_and_status_stories import staff_act

    certificate, _lapsed = renewing_and_lapsed(world)
    holder, number = certificate.holder, certificate.number
    name = holder.full_name
    noon = _noon()
    monkeypatch.setattr(ratelimit, "time", SimpleNamespace(time=lambda: noon))
    browser.sign_in(holder.email, PASSWORD)
    page = browser.open("/account/")
    browser.submit(page.form("List me in the public register").set("State", "Texas"))
    browser.client.logout()
    _search(browser, name).says("1 certificate found", number)

    staff_act(
        browser,
        certificate,
        "Suspend this certificate…",
        f"Yes, suspend certificate {number}",
        "Why suspend it?",
        "A complaint is being looked into.",
    ).says(f"Certificate {number} is suspended.")
    browser.client.logout()
    page = _search(browser, name)  # the employer searches again: nobody shown
    page.says("No listed holder matches")
    assert number not in page.text
    browser.open(f"/verify/{number}/").says("Suspended")  # the QR code's page still says why

    staff_act(
        browser,
        certificate,
        "Reinstate this certificate…",
        f"Yes, reinstate certificate {number}",
        "Why reinstate it?",
        "The complaint was unfounded.",
    ).says(f"Certificate {number} is valid again.")
    browser.client.logout()
    _search(browser, name).says("1 certificate found", f"{name}, Texas", number)


def _noon() -> float:
    """The limiter's clock at noon (UTC) of today: a day's window then has hours to run."""
    return (time.time() // DAY) * DAY + DAY / 2


def test_a_decision_form_left_open_by_staff_whose_role_ended_decides_nothing(world, browser):
    lena = steps.Person("Lena Ortiz", "lena.ortiz@example.org")
    steps.register(browser, lena)
    page = steps.application_fill(
        browser, [steps.job(add_years(TODAY(), -2), None, 20, "Lakeview Library")]
    )
    steps.application_submit(browser, page)
    fran = user_create(
        email="fran.former@example.org",
        full_name="Fran Former",
        password=PASSWORD,
        roles=(Role.PROGRAM_STAFF,),
    )
    EmailAddress.objects.create(user=fran, email=fran.email, verified=True, primary=True)
    browser.sign_in(fran.email, PASSWORD)
    page = browser.open(browser.open("/staff/applications/").link(lena.name))
    stale = page.form("Record the decision").check("Accept")  # the tab she leaves open

    role_revoke(
        user=fran,
        role=Role.PROGRAM_STAFF,
        actor=_another_staff_member(),
        reason="Left the program office.",
    )
    mail.outbox.clear()
    page = browser.submit(stale, status=403)
    application = Application.objects.get(candidate__email=lena.email)
    assert application.status == Application.Status.SUBMITTED
    assert application.decided_by is None
    assert not [m for m in mail.outbox if lena.email in m.to]  # Lena is told nothing
    browser.open("/staff/applications/", status=403)  # nor does the queue open for her now

    steps.staff_decide(browser, lena, "Accept").says("You accepted the application.")
    assert Application.objects.get(pk=application.pk).decided_by.email == STAFF


def test_an_invitation_whose_sender_has_left_says_so_and_a_new_one_is_accepted(world, browser):
    from tests.acceptance.test_course_provider_stories import COLLEGE, JUDY, college_registered

    lee = steps.Person("Lee Leaving", "lee.leaving@lakeshore.example.edu", PASSWORD)
    nia = steps.Person("Nia Newcomer", "nia.newcomer@lakeshore.example.edu", PASSWORD)

    def invite(sender: steps.Person, colleague: steps.Person) -> str:
        browser.sign_in(sender.email, sender.password)
        form = browser.open(organization).form("Send the invitation")
        browser.submit(form.set("Your colleague's e-mail address", colleague.email))
        (sent,) = [m for m in mail.outbox if colleague.email in m.to and "/link/" in m.body]
        mail.outbox.remove(sent)
        return re.search(r"https?://\S+/account/invitations/link/\S+?/", sent.body).group(0)

    def accept(colleague: steps.Person, link: str) -> None:
        browser.sign_in(colleague.email, colleague.password)
        page = browser.submit(browser.open(link).form(re.compile("^Accept")))
        page.says(f"You now act for {COLLEGE}.")

    organization = college_registered(browser)
    first = invite(JUDY, lee)
    browser.client.logout()
    steps.register(browser, lee)
    accept(lee, first)
    browser.client.logout()
    steps.register(browser, nia)
    stale = invite(lee, nia)
    # Lee leaves the college: program staff take her provider role away.
    role_revoke(
        user=User.objects.get(email=lee.email),
        role=Role.PROVIDER,
        actor=_another_staff_member(),
        reason="Left the college.",
    )

    browser.sign_in(nia.email, nia.password)
    page = browser.open(stale, status=410)
    page.says(
        "This invitation no longer stands: the person who invited you no longer manages "
        f"{COLLEGE}'s colleagues. Ask someone at {COLLEGE} to send you a new invitation."
    )
    assert not [f for f in page.tree.forms if "Accept" in f.text_content()]

    accept(nia, invite(JUDY, nia))  # sent again by someone still there


def _another_staff_member() -> User:
    """Staff end someone's staff or provider role only with two-factor authentication set up:
    a colleague who has it (the demo's staff member signs in without it in these stories)."""
    user = user_create(
        email="ada.admin@example.org",
        full_name="Ada Admin",
        password=PASSWORD,
        roles=(Role.PROGRAM_STAFF,),
    )
    Authenticator.objects.create(user=user, type=Authenticator.Type.TOTP, data={})
    return user
