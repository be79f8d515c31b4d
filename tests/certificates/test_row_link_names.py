"""Each link and button on the holder's certificates page, and the certificate rows of her task
list, names what it opens (WCAG 2.4.4): a holder of two certificates hears each action with the
number of its own certificate, and no two actions that lead to different places share a name."""

import re

import pytest

from certify.applications.models import Application
from certify.certificates.models import Certificate
from certify.certificates.task_list import _row
from certify.programs.models import CompetencySet
from certify.progress.services import electives_choose, plan_ensure
from tests.certificates.conftest import finish
from tests.factories import ApplicationFactory, CompetencySetFactory, ProgramFactory

ACTION = re.compile(r"<(a|button)\b([^>]*)>(.*?)</\1>", re.S)


def _second_certificate(holder) -> Certificate:
    program = ProgramFactory(slug="lsscp-other", short_name="OTHER", electives_required=0)
    CompetencySetFactory(program=program, code="ONE", name="One", kind=CompetencySet.Kind.CORE)
    application = ApplicationFactory(
        candidate=holder, program=program, status=Application.Status.ACCEPTED
    )
    plan_ensure(application=application)
    electives_choose(application=application, actor=holder, set_codes=[])
    finish(application.planned_sets.get())
    return Application.objects.get(pk=application.pk).certificate


def _names(page: str) -> list[tuple[str, str]]:
    """(accessible name, address) of each link and button in the page's main content."""
    main = page.split("<main", 1)[1].split("</main>", 1)[0]
    found = []
    for _, attributes, inner in ACTION.findall(main):
        name = " ".join(re.sub(r"<[^>]+>", "", inner).split())
        href = re.search(r'href="([^"]*)"', attributes)
        found.append((name, href.group(1) if href else attributes))
    return found


def test_each_certificate_action_names_its_certificate(client, certificate):
    second = _second_certificate(certificate.holder)
    assert second.holder_id == certificate.holder_id
    assert second.number
    client.force_login(certificate.holder)
    actions = _names(client.get("/certificates/").text)
    for number in (certificate.number, second.number):
        named = [name for name, _ in actions if number in name]
        assert f"Download the certificate {number} (PDF)" in named
        assert f"Download the digital credential of certificate {number}" in named
        assert f"The public verification page of certificate {number}" in named
        assert f"Download your badge for certificate {number} (PNG)" in named
        assert f"Download your badge for certificate {number} as SVG" in named
    places: dict[str, set[str]] = {}
    for name, place in actions:
        places.setdefault(name, set()).add(place)
    shared = {name: where for name, where in places.items() if len(where) > 1}
    assert shared == {}, shared  # one name, one place


def test_the_task_list_row_names_the_certificate_it_opens(client, certificate):
    client.force_login(certificate.holder)
    page = client.get("/account/").text
    assert certificate.status == Certificate.Status.VALID
    assert f">See certificate {certificate.number} and share it<span" in page
    assert ">Your certificates<span" not in page  # the old row link, the same for everyone


@pytest.mark.database_free
def test_the_row_of_a_waiting_or_ended_certificate_says_what_it_opens():
    waiting = _row(Certificate(status=Certificate.Status.PENDING), None)
    assert waiting.action_label == "See your certificate waiting for approval"
    revoked = _row(Certificate(status=Certificate.Status.REVOKED, number="LSSCP-2026-X1"), None)
    assert revoked.action_label == "See certificate LSSCP-2026-X1"
