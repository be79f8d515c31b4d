"""The site's own name: one source for every place people read it (ADR 0039).

`SITE_NAME` ("Certify" when unset) is what the pages' header and titles, account and
notification e-mails, the error pages and the API documentation call the site, whatever
programs it runs. A program's name is its own; the site is not any one of them."""

from django.conf import settings

DEFAULT_SITE_NAME = "Certify"


def site_name() -> str:
    return (getattr(settings, "SITE_NAME", "") or "").strip() or DEFAULT_SITE_NAME
