"""The dashboards as people get them: the new figures on the page with their links, the same
number of queries at two sizes of data, and downloads that say exactly what the page shows."""

import csv
import io
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation
from html.parser import HTMLParser

from django.urls import reverse
from django.utils import timezone

from certify.reports.figures import display
from tests.conftest import count_queries
from tests.factories import FundFactory, SponsorMemberFactory
from tests.reports.conftest import (
    applicant,
    award,
    certificate,
    invoice,
    payment,
    planned,
    scholarship_application,
)

DASHBOARD = reverse("reports:dashboard")
SPONSOR = reverse("reports:sponsor")
RANGE = {"start": "2025-01-01", "end": "2025-12-31"}


class _Tables(HTMLParser):
    """Each report section's table, as the rows of cell texts a reader sees."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: dict[str, list[list[str]]] = {}
        self.links: dict[str, list[str]] = {}
        self._section = ""
        self._row: list[str] | None = None
        self._cell: list[str] | None = None
        self._in_body = False

    def handle_starttag(self, tag, attrs):
        found = dict(attrs)
        if tag == "section" and "report" in (found.get("class") or ""):
            self._section = found["id"]
            self.tables[self._section] = []
            self.links[self._section] = []
        elif tag == "tbody":
            self._in_body = True
        elif tag == "tr" and self._in_body:
            self._row = []
        elif tag in ("td", "th") and self._row is not None:
            self._cell = []
        elif tag == "a" and self._cell is not None:
            self.links[self._section].append(found["href"])

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self._cell is not None and self._row is not None:
            self._row.append("".join(self._cell).strip())
            self._cell = None
        elif tag == "tr" and self._row is not None:
            self.tables[self._section].append(self._row)
            self._row = None
        elif tag == "tbody":
            self._in_body = False

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)


def _page_tables(html: str) -> _Tables:
    parser = _Tables()
    parser.feed(html)
    return parser


def _csv_sections(text: str) -> dict[str, list[list[str]]]:
    """The whole-dashboard CSV: a title line, a header, rows; a blank line between tables."""
    sections: dict[str, list[list[str]]] = {}
    for block in text.lstrip("\ufeff").split("\r\n\r\n"):
        rows = list(csv.reader(io.StringIO(block)))
        title = rows[0][0].rsplit(" (", 1)[0]
        sections[title] = rows[2:]
    return sections


def _same(shown: str, exported: str) -> bool:
    """A page cell and its CSV cell say the same: numbers equal once the page's thousands
    separators and currency sign are dropped; a date in the page's words; "—" for nothing."""
    if shown == "—":
        return exported == ""
    try:
        return Decimal(shown.replace(",", "").lstrip("$")) == Decimal(exported)
    except InvalidOperation:
        pass
    try:
        return display(date.fromisoformat(exported)) == shown
    except ValueError:
        return shown == exported


def _assert_export_matches_page(page_html: str, csv_text: str, figures) -> None:
    tables = _page_tables(page_html).tables
    sections = _csv_sections(csv_text)
    for figure in figures:
        if figure.is_empty:
            continue
        shown, exported = tables[figure.key], sections[figure.title]
        assert len(shown) == len(exported) == len(figure.rows), figure.key
        for row_shown, row_exported in zip(shown, exported, strict=True):
            assert len(row_shown) == len(row_exported), figure.key
            for a, b in zip(row_shown, row_exported, strict=True):
                assert _same(a, b), f"{figure.key}: the page says {a!r}, the CSV {b!r}"


def some_data(program, n: int) -> None:
    """`n` candidates with a whole journey in 2025, and open work today."""
    today = timezone.localdate()
    for i in range(n):
        a = applicant(
            program,
            submitted=date(2025, 1, 10 + i),
            status="accepted",
            enrolled_on=date(2025, 2, 1),
        )
        payment(invoice(a), cents=35_000, on=date(2025, 2, 1))
        planned(a, "REF", route="portfolio", satisfied=date(2025, 3, 1), chosen=date(2025, 2, 2))
        certificate(a, issued_on=date(2025, 9, 1))
        applicant(program, submitted=today - timedelta(days=i * 5))  # waiting for a decision


def test_open_work_and_trends_come_first_and_counts_open_their_queues(client_as, program):
    some_data(program, 3)
    response = client_as("program_staff").get(DASHBOARD, RANGE)
    keys = [f.key for f in response.context["figures"]]
    assert keys[:2] == ["ageing", "trends"]
    parsed = _page_tables(response.content.decode())
    queue = reverse("applications:queue") + "?status=submitted"
    assert queue in parsed.links["ageing"]
    assert parsed.tables["ageing"][0][0] == "Applications to decide"
    assert parsed.tables["ageing"][0][-1] == "3"
    assert len(parsed.tables["trends"]) == 12  # every month, the empty ones as 0
    assert parsed.tables["trends"][-1][0] == "Dec 2025"


def test_staff_dashboard_reads_the_same_number_of_queries_at_two_sizes(client_as, program):
    client = client_as("program_staff")
    client.get(DASHBOARD, RANGE)  # warm the session and caches
    some_data(program, 1)
    few = count_queries(lambda: client.get(DASHBOARD, RANGE))
    some_data(program, 8)
    many = count_queries(lambda: client.get(DASHBOARD, RANGE))
    assert few == many
    assert many <= 32  # on PostgreSQL (SQLite: one fewer); the zone is read with the choices


def test_staff_dashboard_reads_its_time_zone_from_the_program_choices(
    client_as, program, monkeypatch
):
    """Over all programs the report's days are in the programs' zone (or the site's), said in
    its description: that zone was looked up in a query of its own (the limit above went from
    32 to 33), though the program choices on the page had read every program already."""
    from certify.core import zones

    def looked_up():
        raise AssertionError("the programs' zones were looked up again")

    client = client_as("program_staff")
    some_data(program, 1)
    monkeypatch.setattr(zones, "program_zones", looked_up)
    page = client.get(DASHBOARD, RANGE).text
    assert f"days in {program.time_zone}, {program.short_name}&#x27;s time zone" in page
    assert f'<option value="{program.pk}">' in page  # the choices, read from the same rows
    one = client.get(DASHBOARD, {**RANGE, "program": program.pk}).text  # the program's own
    assert f"days in {program.time_zone}, {program.short_name}&#x27;s time zone" in one


def test_staff_csv_export_says_what_every_table_on_the_page_says(client_as, program):
    some_data(program, 2)
    client = client_as("program_staff")
    page = client.get(DASHBOARD, RANGE)
    exported = client.get(reverse("reports:export", args=["csv"]), RANGE).content.decode()
    figures = page.context["figures"]
    assert sum(not f.is_empty for f in figures) >= 8
    _assert_export_matches_page(page.content.decode(), exported, figures)
    # A single table's CSV says the same as its section of the whole export.
    one = client.get(reverse("reports:table", args=["ageing", "csv"]), RANGE).content.decode()
    rows = list(csv.reader(io.StringIO(one.lstrip("\ufeff"))))
    assert rows[1:] == _csv_sections(exported)["Open work against its deadlines"]


def test_sponsor_csv_export_says_what_the_page_says(client, program):
    mine = SponsorMemberFactory()
    fund = FundFactory(sponsor=mine.sponsor, name="Our fund", program=program)
    for state, status in [("OH", "awarded"), ("TX", "submitted"), ("OH", "declined")]:
        row = scholarship_application(fund, submitted=date(2025, 3, 1), status=status, state=state)
        if status == "awarded":
            award(row, on=date(2025, 3, 2), cents=17_550)
    client.force_login(mine.user)
    page = client.get(SPONSOR, RANGE)
    exported = client.get(reverse("reports:sponsor_export", args=["csv"]), RANGE).content.decode()
    figures = page.context["figures"]
    assert all(not f.is_empty for f in figures)
    _assert_export_matches_page(page.content.decode(), exported, figures)
    assert "175.50" in exported  # money as an amount, to the cent


def test_sponsor_dashboard_reads_the_same_number_of_queries_at_two_sizes(client, program):
    mine = SponsorMemberFactory()
    client.force_login(mine.user)
    fund = FundFactory(sponsor=mine.sponsor, program=program)
    client.get(SPONSOR, RANGE)
    award(scholarship_application(fund, submitted=date(2025, 3, 1)), on=date(2025, 3, 2))
    few = count_queries(lambda: client.get(SPONSOR, RANGE))
    for i in range(6):
        other = FundFactory(sponsor=mine.sponsor, program=program)
        row = scholarship_application(other, submitted=date(2025, 4, 1 + i), state="OH")
        award(row, on=date(2025, 5, 1 + i))
    assert count_queries(lambda: client.get(SPONSOR, RANGE)) == few


def test_a_table_of_many_columns_goes_under_its_chart_and_a_narrow_one_beside_it(
    client_as, program
):
    some_data(program, 2)
    html = client_as("program_staff").get(DASHBOARD, RANGE).content.decode()
    ageing = html.split('id="ageing"')[1].split("</section>")[0]
    funnel = html.split('id="funnel"')[1].split("</section>")[0]
    assert 'class="report__body"' in ageing  # six columns: full width, under the chart
    assert "report__body--chart" in funnel  # two columns: beside the chart
