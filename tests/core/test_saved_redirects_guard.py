"""Every form whose action ends with its error summary's id (`…#<form>-errors`, ADR 0043) is
answered without a bare redirect: a browser keeps the fragment it posted to across a redirect
whose address names none, so the saved page's address would aim at a summary that is not there.
Its view redirects through `core.http.saved_redirect`, which names its own fragment, or renders.

The table names each such form's template and the views its posts reach. A new form with such an
action fails the first test until it is in the table; a bare `redirect(…)` or
`HttpResponseRedirect(…)` in one of those views fails the second (a redirect that already names
a fragment goes through `saved_redirect` too, so that the rule has no exceptions to read)."""

import ast
import inspect
import re
import textwrap
from pathlib import Path

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

pytestmark = pytest.mark.database_free

ROOT = Path(__file__).resolve().parents[2] / "certify"
ACTION = re.compile(r'<form\b[^>]*?\saction="([^"]*#[^"]*-errors)"', re.S)
URL_TAG = re.compile(r"\{% url '([^']+)'")

# template (under an app's templates/) → the URL names its `-errors` forms post to
FORMS: dict[str, tuple[str, ...]] = {
    "accounts/conflicts.html": ("accounts:conflicts",),
    "appeals/partials/grounds_form.html": ("appeals:grounds",),
    "appeals/review.html": ("appeals:review",),
    "applications/partials/entry_form.html": (
        "applications:experience_add",
        "applications:experience_edit",
    ),
    "applications/staff_detail.html": ("applications:decide",),
    "applications/supervisor.html": ("applications:supervisor",),
    "courses/api_keys.html": ("courses:api_keys",),
    "courses/completion_report.html": ("courses:completion_report",),
    "courses/course_completion.html": ("courses:course_completion",),
    "courses/course_edit.html": ("courses:course_edit",),
    "courses/course_new.html": ("courses:course_new",),
    "courses/imports.html": ("courses:imports",),
    "courses/register.html": ("courses:register",),
    "memberships/form.html": ("memberships:add", "memberships:edit"),
    "payments/invoice_detail.html": ("payments:payment_record", "payments:refund_create"),
    "portfolios/assess.html": ("portfolios:complete",),
    "portfolios/attest.html": ("portfolios:attest",),
    "portfolios/edit.html": ("portfolios:response",),
    "portfolios/overview.html": ("portfolios:statement",),
    "portfolios/partials/evidence_fields.html": ("portfolios:evidence_add",),
    "programs/setup/new.html": ("programs:setup_new",),
    "programs/setup/settings.html": (
        "programs:setup_section",
        "programs:setup_faq_edit",
        "programs:setup_faq_add",
    ),
    "progress/partials/plan_content.html": ("progress:electives_in",),
    "renewals/partials/log.html": ("renewals:activity_add",),
    "renewals/staff_detail.html": ("renewals:staff_decide",),
    "scholarships/application.html": (
        "scholarships:award_payment",
        "scholarships:award_withdraw",
        "scholarships:decide",
    ),
    "scholarships/apply.html": ("scholarships:apply",),
    "scholarships/committee/conflict.html": ("scholarships:conflict",),
    "scholarships/committee/rubric.html": ("scholarships:rubric",),
    "scholarships/committee/score.html": ("scholarships:score",),
    "scholarships/fund_form.html": ("scholarships:fund_create", "scholarships:fund_edit"),
    "scholarships/members.html": ("scholarships:members",),
    "webhooks/partials/form.html": ("webhooks:new", "webhooks:detail"),
}

# Views whose answer after a save is a page rendered after the post, not a redirect, and why.
RENDERED = {
    "applications:supervisor": "the link works once: its thank-you page is the post's answer",
    "portfolios:attest": "the link works once: its thank-you page is the post's answer",
    "courses:api_keys": (
        "the new key is never stored, not even in a session, to show it later; a one-time form "
        "token (core.once) keeps a reload or a form sent again from making a second key"
    ),
}

BARE = {"redirect", "HttpResponseRedirect"}


def _forms_in_templates() -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for path in ROOT.glob("*/templates/**/*.html"):
        actions = ACTION.findall(path.read_text())
        if actions:
            found["/".join(path.relative_to(ROOT).parts[2:])] = actions  # past app/templates/
    return found


def _views() -> dict[str, object]:
    names: dict[str, object] = {}

    def walk(patterns, namespace: str) -> None:
        for entry in patterns:
            if isinstance(entry, URLResolver):
                inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
                walk(entry.url_patterns, inner)
            elif isinstance(entry, URLPattern) and entry.name:
                names.setdefault(f"{namespace}{entry.name}", entry.callback)

    walk(get_resolver().url_patterns, "")
    return names


def _bare_redirects(view: object) -> list[int]:
    source = textwrap.dedent(inspect.getsource(inspect.unwrap(view)))  # type: ignore[arg-type]
    return [
        node.lineno
        for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in BARE
    ]


def test_every_form_posting_to_its_error_summary_is_in_the_table():
    found = _forms_in_templates()
    assert sorted(found) == sorted(FORMS), "add the new form and its views to FORMS"
    for template, actions in found.items():
        named = {name for action in actions for name in URL_TAG.findall(action)}
        assert named <= set(FORMS[template]), f"{template} posts to {named}"
    assert set(RENDERED) <= {n for names in FORMS.values() for n in names}


@pytest.mark.parametrize("name", sorted({n for names in FORMS.values() for n in names}))
def test_the_view_answers_a_save_through_saved_redirect_or_a_page(name):
    views = _views()
    assert name in views, f"{name} is no URL name"
    lines = _bare_redirects(views[name])
    assert lines == [], f"{name}: a bare redirect at line(s) {lines} of the view"
