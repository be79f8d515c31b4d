"""The public verification page as people share it: the sets earned with their routes, a link
preview (Open Graph, Twitter card) that never looks valid when the certificate is not, and a
print view that fits on one page."""

import base64
import re
from datetime import timedelta
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.utils import timezone

from certify.certificates import services
from certify.certificates.models import Certificate
from certify.programs.models import CompetencySet
from tests.certificates.conftest import certificate_per_module, finish, nearly_done
from tests.conftest import count_queries
from tests.factories import CompetencySetFactory, ProgramFactory

# The certificate is built once for this module's tests, which read it or change it only in the
# database (each test's savepoint is rolled back): tests/shared.py.
program, certificate = certificate_per_module()

SITE = "http://127.0.0.1:8000"


class _Head(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.meta: dict[str, str] = {}
        self.canonical = ""

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "meta" and ("property" in a or "name" in a):
            self.meta[a.get("property") or a["name"]] = a.get("content", "")
        if tag == "link" and a.get("rel") == "canonical":
            self.canonical = a["href"]


def status_tag(html: str) -> str:
    """The status the page itself shows (its Status row's tag)."""
    return re.search(r"<dt>Status</dt><dd><span class=\"tag[^\"]*\">([^<]+)</span>", html)[1]


def head_of(html: str) -> _Head:
    parser = _Head()
    parser.feed(html)
    return parser


def _sets_table(html: str) -> list[tuple[str, str]]:
    body = html.split('class="sets-earned"', 1)[1].split("</table>", 1)[0]
    return re.findall(r"<tr><td>(.*?)</td><td>(.*?)</td></tr>", body)


# --- The sets earned ----------------------------------------------------------------------------


def test_the_page_lists_the_sets_earned_with_the_route_of_each(client, certificate):
    rows = _sets_table(client.get(f"/verify/{certificate.number}/").text)
    assert rows == [
        ("Foundations of Library Services", "Approved course"),
        ("Technology", "Approved course"),
        ("Reference and Information Services", "Portfolio assessed by two reviewers"),
    ]


def test_a_renewals_page_lists_the_sets_earned_for_the_first_certificate(client, certificate):
    renewal = services.certificate_issue_renewal(
        previous=certificate, expires_on=certificate.expires_on + timedelta(days=365 * 5),
        actor=None,
    )  # fmt: skip
    services.certificate_replace(certificate=certificate, replacement=renewal, actor=None)
    rows = _sets_table(client.get(f"/verify/{renewal.number}/").text)
    assert [name for name, _ in rows] == [
        "Foundations of Library Services",
        "Technology",
        "Reference and Information Services",
    ]
    assert rows[-1][1] == "Portfolio assessed by two reviewers"


def test_without_a_plan_the_printed_names_are_listed(client, certificate):
    Certificate.objects.filter(pk=certificate.pk).update(
        application=None, completed_sets=["Foundations of Library Services", "Technology"]
    )
    rows = _sets_table(client.get(f"/verify/{certificate.number}/").text)
    assert rows == [
        ("Foundations of Library Services", "Not recorded"),
        ("Technology", "Not recorded"),
    ]


def _program_with_sets(slug: str, count: int):
    program = ProgramFactory(slug=slug, short_name=slug.upper(), electives_required=1)
    for i in range(count - 1):
        CompetencySetFactory(program=program, code=f"C{i}", name=f"Core set number {i + 1}")
    CompetencySetFactory(program=program, code="E", kind=CompetencySet.Kind.ELECTIVE)
    application, last = nearly_done(program, name="Robin Example")
    finish(last)
    application.refresh_from_db()
    return application.certificate


def test_the_page_costs_the_same_queries_whatever_the_number_of_sets(client, certificate, db):
    many = _program_with_sets("many", 10)
    few = count_queries(lambda: client.get(f"/verify/{certificate.number}/"))
    more = count_queries(lambda: client.get(f"/verify/{many.number}/"))
    assert len(_sets_table(client.get(f"/verify/{many.number}/").text)) == 10
    assert more == few


# --- The link preview ---------------------------------------------------------------------------


def test_a_valid_certificate_has_a_preview_with_its_badge(client, certificate):
    html = client.get(f"/verify/{certificate.number}/").text
    head = head_of(html)
    url = f"{SITE}/verify/{certificate.number}/"
    assert head.canonical == url == head.meta["og:url"]
    assert head.meta["og:title"] == (
        f"Valid: Library Support Staff Certification Program certificate {certificate.number}"
    )
    assert head.meta["og:description"].startswith("Valid. Dana Okafor holds Library Support")
    assert head.meta["og:image"] == f"{SITE}/badges/lsscp-small/achievement.png"
    assert head.meta["twitter:card"] == "summary"
    assert head.meta["twitter:image"] == head.meta["og:image"]
    assert head.meta["og:image:alt"].startswith("Badge of the Library Support Staff")
    assert head.meta["description"] == head.meta["og:description"]
    for meta in head.meta.values():
        assert certificate.holder.email not in meta


def _expire(certificate, staff_user):
    Certificate.objects.filter(pk=certificate.pk).update(
        expires_on=timezone.localdate() - timedelta(days=1)
    )


def _suspend(certificate, staff_user):
    services.certificate_suspend(certificate=certificate, actor=staff_user, reason="Audit.")


def _revoke(certificate, staff_user):
    services.certificate_revoke(certificate=certificate, actor=staff_user, reason="Fraud found.")


@pytest.mark.parametrize(
    ("change", "label"),
    [(_expire, "Expired"), (_suspend, "Suspended"), (_revoke, "Revoked")],
)
def test_a_certificate_not_in_force_gets_no_preview_that_looks_valid(
    client, certificate, staff_user, change, label
):
    change(certificate, staff_user)
    html = client.get(f"/verify/{certificate.number}/").text
    head = head_of(html)
    assert status_tag(html) == label
    assert head.meta["og:title"].startswith(f"{label}: ")
    assert head.meta["og:description"].startswith(f"{label}")
    assert head.meta["twitter:description"] == head.meta["og:description"]
    assert "Valid" not in head.meta["og:title"] + head.meta["og:description"]
    assert "og:image" not in head.meta
    assert "twitter:image" not in head.meta
    assert "verification__badge" not in html
    assert "Fraud found." not in html
    assert "Audit." not in html


def test_a_replaced_certificates_preview_says_what_the_page_says(client, certificate):
    """The preview names the renewal's number, in the page's own words ("Replaced by <number>"):
    one function (the standing's label) writes both."""
    renewal = services.certificate_issue_renewal(
        previous=certificate, expires_on=certificate.expires_on + timedelta(days=2000), actor=None
    )
    services.certificate_replace(certificate=certificate, replacement=renewal, actor=None)
    html = client.get(f"/verify/{certificate.number}/").text
    head = head_of(html)
    said = f"Replaced by {renewal.number}"
    assert status_tag(html) == said
    assert head.meta["og:title"].startswith(f"{said}: ")
    assert head.meta["og:description"].startswith(f"{said}. Dana Okafor's ")
    assert head.meta["description"] == head.meta["og:description"]
    assert "a renewal" not in head.meta["og:title"] + head.meta["og:description"]
    assert "og:image" not in head.meta


def test_a_lapsed_certificates_preview_says_lapsed_as_the_page_does(client, certificate):
    Certificate.objects.filter(pk=certificate.pk).update(
        expires_on=timezone.localdate() - timedelta(days=3000)
    )
    html = client.get(f"/verify/{certificate.number}/").text
    head = head_of(html)
    assert status_tag(html) == "Lapsed"
    assert head.meta["og:title"].startswith("Lapsed: ")
    assert head.meta["og:description"].startswith("Lapsed (valid until ")


# --- Print --------------------------------------------------------------------------------------


def _printed_pages(client, number: str, page_size: str) -> int:
    """The page as a browser prints it: WeasyPrint applies the print media rules of the site's
    stylesheet; the badge picture is given inline."""
    from weasyprint import CSS, HTML

    html = client.get(f"/verify/{number}/").text
    css = Path(finders.find("certify/css/site.css")).read_text()
    html = re.sub(r'<link rel="stylesheet"[^>]*>', f"<style>{css}</style>", html)
    html = re.sub(r"<script[^>]*></script>", "", html)
    for src in set(re.findall(r'<img[^>]* src="([^"]+)"', html)):
        png = client.get(src.removeprefix(SITE)).content
        html = html.replace(src, "data:image/png;base64," + base64.b64encode(png).decode())
    document = HTML(string=html, base_url=SITE).render(
        stylesheets=[CSS(string=f"@page {{ size: {page_size}; }}")]
    )
    return len(document.pages)


@pytest.mark.parametrize("page_size", ["letter", "A4"])
def test_the_page_prints_on_one_page_with_ten_sets(client, db, page_size):
    many = _program_with_sets("many", 10)
    Certificate.objects.filter(pk=many.pk).update(
        holder_name="Maria del Carmen Fernández-Oyelaran de la Cruz Villanueva"
    )
    assert _printed_pages(client, many.number, page_size) == 1


def test_the_print_button_is_hidden_until_the_script_shows_it(client, certificate):
    html = client.get(f"/verify/{certificate.number}/").text
    assert re.search(r"<button[^>]*data-print hidden>Print this page</button>", html)
