"""The attackers of the outsider passes (`outsiders.FIVE`: a candidate of another program, a
reviewer who declared a conflict with the candidate, a member of a suspended provider, a former
staff member whose browser was signed in while they were staff, and a candidate who closed their
account) against the surfaces the passes before covered least: a course provider's completion
report (one row on its page, many through the API), its completions and API keys; a holder's API
token and the certificate she shared with an employer (page and API); a sponsor's fund, its
applications, its decisions, its draw and its CSV report; the reports workspace's exports (the
site's, a sponsor's, a provider's); program setup by staff (page and API).

Every request runs in a savepoint that is rolled back and must change no row of any table
(`walk.py`), and start no card checkout. Letters as `test_other_attackers.py`'s, and `L` for the
closed account's old session (sent to sign in, or 401).
"""

from __future__ import annotations

from collections.abc import Callable

from django.urls import reverse

from tests.security.outsiders import (  # noqa: F401  (the fixtures world_fixture, world_in_module)
    FIVE,
    each_line,
    refusals,
    send_among_five,
    world_fixture,
    world_in_module,
)
from tests.security.test_other_attackers import Try, _today
from tests.security.world import World


def _api(path: str) -> Callable[[World], str]:
    return lambda world: "/api/v1" + path.format(w=world)


def _page(name: str, **kwargs: str) -> Callable[[World], str]:
    """`name`'s address, each keyword a path into the world (`"provider.pk"`)."""

    def url(world: World) -> str:
        values = {}
        for key, path in kwargs.items():
            value: object = world
            for hop in path.split("."):
                value = getattr(value, hop)
            values[key] = value
        return reverse(name, kwargs=values)

    return url


ONE_ROW = {
    "course": lambda w: w.course.pk,
    "email": lambda w: w.users["candidate"].email,
    "full_name": "Dana Okafor",
    "completed_on": _today,
}
DECLINE = {"decision": "decline", "reason": "Looked into and settled."}
TRIES: list[Try] = [
    Try(
        "report a completion of the provider's course (page)",
        "POST",
        _page("courses:completion_report", pid="provider.pk"),
        ONE_ROW,
        "users.provider",
        "DDDDL",
    ),
    Try(
        "report completions of the provider's course (API)",
        "POST",
        _api("/providers/{w.provider.pk}/courses/{w.course.pk}/completions"),
        {"completions": [{"email": "candidate@example.org", "completed_on": "2026-01-05"}]},
        "users.provider",
        "DDDDL",
        api=True,
    ),
    Try(
        "list the provider's completions (API)",
        "GET",
        _api("/providers/{w.provider.pk}/completions"),
        None,
        "users.provider",
        "DDDDL",
        api=True,
    ),
    Try(
        "read the provider's completions (page)",
        "GET",
        _page("courses:provider_completions", pid="provider.pk"),
        None,
        "users.provider",
        "DDDDL",
    ),
    Try(
        "revoke the provider's API key (page)",
        "POST",
        _page("courses:api_key_revoke", pid="provider.pk", key_id="api_key.pk"),
        {},
        "users.provider",
        "DDDDL",
    ),
    Try(
        "the completions nobody matched (staff page)",
        "GET",
        _page("courses:staff_unmatched"),
        None,
        "users.staff",
        "DDDDL",
    ),
    Try(
        "revoke the holder's API token (page)",
        "POST",
        _page("accounts:token_revoke", pk="token.pk"),
        {},
        "users.candidate",
        "DDDDL",
    ),
    Try(
        "revoke the holder's API token (API)",
        "POST",
        _api("/account/tokens/{w.token.pk}/revoke"),
        {},
        "users.candidate",
        "DDDDL",
        api=True,
    ),
    Try(
        "withdraw the holder's share with an employer (page)",
        "POST",
        _page("webhooks:share_withdraw", pk="webhook_share.pk"),
        {},
        "users.candidate",
        "DDDDL",
    ),
    Try(
        "withdraw the holder's share with an employer (API)",
        "POST",
        _api("/webhooks/shares/{w.webhook_share.pk}/withdraw"),
        {},
        "users.candidate",
        "DDDDL",
        api=True,
    ),
    Try(
        "read a fund's applications (API)",
        "GET",
        _api("/sponsor/scholarships/funds/{w.fund.slug}/applications"),
        None,
        "users.sponsor",
        "DDDDL",
        api=True,
    ),
    Try(
        "decide a scholarship application (page)",
        "POST",
        _page("scholarships:decide", pk="scholarship_application.pk"),
        DECLINE,
        "users.sponsor",
        "DDDDL",
    ),
    Try(
        "decide a scholarship application (API)",
        "POST",
        _api("/sponsor/scholarships/applications/{w.scholarship_application.pk}/decision"),
        DECLINE,
        "users.sponsor",
        "DDDDL",
        api=True,
    ),
    Try(
        "run a fund's draw again (page)",
        "POST",
        _page("scholarships:draw_create", slug="draw.fund.slug"),
        {"places": "1"},
        "users.sponsor",
        "DDDDL",
    ),
    Try(
        "run a fund's draw again (API)",
        "POST",
        _api("/sponsor/scholarships/funds/{w.draw.fund.slug}/draws"),
        {"places": 1},
        "users.sponsor",
        "DDDDL",
        api=True,
    ),
    Try(
        "download a fund's report (CSV)",
        "GET",
        lambda w: reverse("scholarships:report", kwargs={"slug": w.fund.slug}) + "?format=csv",
        None,
        "users.sponsor",
        "DDDDL",
    ),
    Try(
        "export the site's reports (CSV)",
        "GET",
        lambda w: reverse("reports:export", kwargs={"fmt": "csv"}),
        None,
        "users.staff",
        "DDDDL",
    ),
    Try(
        "export a sponsor's reports (CSV)",
        "GET",
        lambda w: reverse("reports:sponsor_export", kwargs={"fmt": "csv"}),
        None,
        "users.sponsor",
        "DDDDL",
    ),
    Try(
        "read a program's setup (page)",
        "GET",
        _page("programs:setup_settings", slug="program.slug"),
        None,
        "users.staff",
        "DDDDL",
    ),
    Try(
        "read a program's setup (API)",
        "GET",
        _api("/staff/programs/{w.program.slug}/settings"),
        None,
        "users.staff",
        "DDDDL",
        api=True,
    ),
    Try(
        "publish a program (API)",
        "POST",
        _api("/staff/programs/{w.program.slug}/publish"),
        {"published": False},
        "users.staff",
        "DDDDL",
        api=True,
    ),
]


@each_line(TRIES)
def test_outsiders_are_refused_the_providers_sponsors_tokens_and_reports(world, line):
    problems = refusals(world, _resolved(world, line), FIVE, send_among_five)
    assert not problems, f"{line.what}:\n" + "\n".join(problems)


def _resolved(world: World, line: Try) -> Try:
    """The line with the values of its body taken from the world (a course's id, today)."""
    from dataclasses import replace

    body = {k: v(world) if callable(v) else v for k, v in (line.body or {}).items()}
    return replace(line, body=body if line.body is not None else None)
