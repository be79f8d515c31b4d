"""Acceptance: an employer a holder lets follow her certificate, and a person's API tokens over
their life.

Rosa, in her renewal window, lets her employer's HR account follow her certificate: the employer,
signed up with that address, is told in the app and by e-mail, finds the certificate under
"Certificates shared with you" and checks it on its verification page; sharing it again the same
day tells nobody twice; another employer's account sees nothing of it. When Rosa stops sharing,
the employer is told (the day's notice brought up to date, not a second e-mail) and the list is
empty again, while the verification page still answers anyone.

A candidate makes an API token on the tokens page and reads her applications with it; another
candidate pressing "Revoke" on its id gets the page of an unknown one and the token still works;
she revokes it herself and it is refused in words; the token she made next stops when she closes
her account.
"""

import re

from django.core import mail

from certify.accounts.models import User
from certify.notifications.models import Notification
from tests.acceptance import steps
from tests.acceptance.conftest import PASSWORD
from tests.acceptance.test_repeats_and_status_stories import renewing_and_lapsed

HR = steps.Person("Hana Reyes", "hr@riverside-library.example")


def _share(browser, number: str, email: str):
    page = browser.open("/webhooks/shares/")
    form = page.form("Share").set("Certificate", number).set("The employer's e-mail address", email)
    return browser.submit(form)


def test_an_employer_follows_a_shared_certificate_and_is_told_when_it_no_longer_is(world, browser):
    certificate, _lapsed = renewing_and_lapsed(world)
    holder, number = certificate.holder, certificate.number
    steps.register(browser, HR)
    employer = User.objects.get(email=HR.email)
    page = browser.open("/webhooks/")
    page.says("Certificates shared with you", "None. When a certificate holder shares")

    mail.outbox.clear()
    browser.sign_in(holder.email, PASSWORD)
    page = _share(browser, number, HR.email.upper())  # however she writes the address
    page.says("Shared now", HR.email)
    told = [m for m in mail.outbox if m.to == [HR.email]]
    shared = f"{holder.full_name} shared their LSSCP certificate with you"
    assert [m.subject for m in told] == [shared]
    assert f"/verify/{number}/" in told[0].body
    _share(browser, number, HR.email)  # pressed again the same day: still one share, one e-mail
    assert len([m for m in mail.outbox if m.to == [HR.email]]) == 1

    browser.sign_in(HR.email, HR.password)
    page = browser.open("/webhooks/shared-with-you/")
    page.says(holder.full_name, number, "Valid through")
    browser.open(page.link(f"Check {number}")).says(number, "Valid")
    notices = Notification.objects.filter(recipient=employer)
    assert notices.count() == 1

    browser.client.logout()
    steps.register(browser, steps.Person("Otto Elsewhere", "otto@elsewhere.example"))
    page = browser.open("/webhooks/")
    assert number not in page.text

    browser.sign_in(holder.email, PASSWORD)
    page = browser.open("/webhooks/shares/")
    page = browser.submit(page.form(re.compile("^Stop sharing")))
    assert HR.email not in page.text.split("Shared now", 1)[-1]
    assert notices.count() == 1  # the day's notice, brought up to date
    browser.sign_in(HR.email, HR.password)
    page = browser.open("/notifications/")
    page.says(f"Unread: {holder.full_name} stopped sharing their LSSCP certificate with you")
    assert "shared their LSSCP certificate with you" not in page.text.replace("stopped sharing", "")
    assert len([m for m in mail.outbox if m.to == [HR.email]]) == 1  # the day's first only
    page = browser.open("/webhooks/shared-with-you/")
    page.says("None yet. When someone shares their certificate with")
    assert number not in page.text
    browser.client.logout()
    browser.open(f"/verify/{number}/").says(number, "Valid")  # anyone may still check it


def test_a_candidates_api_token_from_made_to_revoked_and_her_account_closed(world, browser):
    from certify.accounts.privacy import account_close

    dana = steps.Person("Dana Okafor", "dana.okafor@example.org")
    steps.register(browser, dana)
    page = browser.open("/account/tokens/")
    form = page.form("Make the token").set("Name", "Spreadsheet").check("Your application")
    page = browser.submit(form)
    secret = re.search(r"cert_[\w-]+", page.tree.get_element_by_id("new-token").get("value"))
    assert secret is not None
    api = browser.client.__class__(HTTP_AUTHORIZATION=f"Bearer {secret.group(0)}")
    assert api.get("/api/v1/applications/mine").status_code == 200
    revoke = page.form(re.compile("^Revoke")).action

    browser.client.logout()
    steps.register(browser, steps.Person("Olu Other", "olu.other@example.org"))
    assert browser.client.post(revoke).status_code == 404  # someone else's: an unknown id
    assert api.get("/api/v1/applications/mine").status_code == 200

    browser.sign_in(dana.email, dana.password)
    page = browser.submit(browser.open("/account/tokens/").form(re.compile("^Revoke")))
    page.says("Revoked")
    refused = api.get("/api/v1/applications/mine")
    assert (refused.status_code, refused.json()["detail"]) == (401, "This token was revoked.")

    page = browser.open("/account/tokens/")
    page = browser.submit(page.form("Make the token").set("Name", "Next").check("Your application"))
    second = page.tree.get_element_by_id("new-token").get("value")
    later = browser.client.__class__(HTTP_AUTHORIZATION=f"Bearer {second}")
    assert later.get("/api/v1/applications/mine").status_code == 200
    account_close(user=User.objects.get(email=dana.email), password=dana.password)
    assert later.get("/api/v1/applications/mine").status_code == 401
