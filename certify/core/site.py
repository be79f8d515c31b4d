"""The site's own name: one source for every place people read it (ADR 0039).

`SITE_NAME` ("Certify" when unset) is what the pages' header and titles, account and
notification e-mails, the error pages and the API documentation call the site, whatever
programs it runs. A program's name is its own; the site is not any one of them.

`SITE_CONTACT_EMAIL` is whom to write to about the site itself, where the site speaks and not a
program: the abuse line of a colleague's invitation, the footer of the e-mails the site signs,
the error pages."""

from django.conf import settings

DEFAULT_SITE_NAME = "Certify"


def site_name() -> str:
    return (getattr(settings, "SITE_NAME", "") or "").strip() or DEFAULT_SITE_NAME


def site_contact_email() -> str:
    """The site's own contact address, `SITE_CONTACT_EMAIL`; "" when unset, and then whoever
    shows a contact gives the default program's (`certify/programs/contact.py`)."""
    return (getattr(settings, "SITE_CONTACT_EMAIL", "") or "").strip()
