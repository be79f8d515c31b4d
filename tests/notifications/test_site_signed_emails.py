"""E-mail the site signs, not a program, gives the site's contact (`SITE_CONTACT_EMAIL`, else
the default program's); an e-mail a program signs keeps the program's."""

import pytest

from tests.notifications.emails import (
    CONTEXTS,
    RELAYED,
    SITE_CONTACT,
    _sent,
    problems,
    served,  # noqa: F401 (the served address, SITE_URL, for every test here)
)

# A course provider's approval and a colleague's invitation to a provider or sponsor: an
# organization is on the site, not one program's (`program=None`).
SITE_SIGNED = ("colleague.invited", "provider.approved")


@pytest.mark.parametrize(
    ("event", "variant"),
    [(event, i) for event in SITE_SIGNED for i in range(len(CONTEXTS[event]))],
)
def test_an_email_the_site_signs_gives_the_sites_contact(lsscp, settings, event, variant):
    """The invitation's "To report abuse, write to …" came from the default program's contact;
    signed by the site it had none. The site's own address (`SITE_CONTACT_EMAIL`) is there."""
    settings.SITE_CONTACT_EMAIL = SITE_CONTACT
    email = _sent(lsscp, event, {**CONTEXTS[event][variant], "program": None})
    text, html = email.text_body, email.html_body
    assert problems(text, html) == []
    line = "To report abuse, write to" if event in RELAYED else "Questions? Write to"
    assert f"{line} {SITE_CONTACT}" in text
    assert f'<a href="mailto:{SITE_CONTACT}"' in html  # after the site's name, as a program's
    if event in RELAYED:
        assert line in html
    for words in (text, html):
        assert lsscp.name not in words
        assert lsscp.contact_email not in words


def test_without_its_own_address_the_site_gives_the_default_programs_contact(lsscp, settings):
    settings.SITE_CONTACT_EMAIL = ""
    email = _sent(lsscp, "colleague.invited", {**CONTEXTS["colleague.invited"][0], "program": None})
    assert f"To report abuse, write to {lsscp.contact_email}." in email.text_body
    assert f'<a href="mailto:{lsscp.contact_email}"' in email.html_body
    assert lsscp.name not in email.text_body


def test_an_email_a_program_signs_keeps_the_programs_contact(lsscp, settings):
    settings.SITE_CONTACT_EMAIL = SITE_CONTACT
    email = _sent(lsscp, "colleague.invited", CONTEXTS["colleague.invited"][0])
    assert f"To report abuse, write to {lsscp.contact_email}." in email.text_body
    assert SITE_CONTACT not in email.text_body + email.html_body
