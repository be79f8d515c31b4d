"""The dashboards as pages, charts and exports: who may open them, what they show, the filters,
a fixed number of queries, and downloads that open in a spreadsheet."""

import csv
import io
from datetime import date

import pytest
from django.core.cache import cache
from django.urls import reverse
from openpyxl import load_workbook

from certify.accounts.models import Role
from certify.core.money import Money
from certify.courses.models import CourseCompletion
from certify.reports.exports import neutralise, sheet_title
from tests.conftest import count_queries
from tests.factories import (
    CourseFactory,
    FundFactory,
    ProviderFactory,
    SponsorMemberFactory,
    UserFactory,
)
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
PROVIDER = reverse("reports:provider")
RANGE = {"start": "2025-01-01", "end": "2025-12-31"}


def some_data(program, n: int = 1) -> None:
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


# --- Who may open what --------------------------------------------------------------------


@pytest.mark.parametrize("role", ["candidate", "reviewer", "provider", "sponsor", "no_role"])
def test_staff_dashboard_refuses_everyone_but_staff(db, client_as, role):
    client = client_as(role)
    for url in [
        DASHBOARD,
        reverse("reports:chart", args=["funnel"]),
        reverse("reports:table", args=["funnel", "csv"]),
        reverse("reports:export", args=["xlsx"]),
    ]:
        assert client.get(url).status_code == 403, url


@pytest.mark.parametrize("role", ["candidate", "reviewer", "provider", "no_role"])
def test_sponsor_dashboard_refuses_people_who_run_no_fund(db, client_as, role):
    client = client_as(role)
    assert client.get(SPONSOR).status_code == 403
    assert client.get(reverse("reports:sponsor_export", args=["csv"])).status_code == 403


@pytest.mark.parametrize("role", ["candidate", "reviewer", "sponsor", "program_staff", "no_role"])
def test_provider_dashboard_refuses_everyone_but_providers(db, client_as, role):
    client = client_as(role)
    assert client.get(PROVIDER).status_code == 403
    assert client.get(reverse("reports:provider_table", args=["courses", "csv"])).status_code == 403


@pytest.mark.parametrize("url", [DASHBOARD, SPONSOR, PROVIDER])
def test_anonymous_visitors_are_sent_to_sign_in(client, db, url):
    response = client.get(url)
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


# --- The staff dashboard ----------------------------------------------------------------------


def test_staff_dashboard_shows_every_figure_with_its_chart_table_and_downloads(client_as, program):
    some_data(program)
    response = client_as("program_staff").get(DASHBOARD, RANGE)
    assert response.status_code == 200
    html = response.content.decode()
    for key in ["funnel", "time-to-certify", "sets-by-route", "revenue", "electives"]:
        assert f'id="{key}"' in html
        assert reverse("reports:chart", args=[key]) + "?start=2025-01-01&amp;end=2025-12-31" in html
        assert reverse("reports:table", args=[key, "csv"]) in html
        assert reverse("reports:table", args=[key, "xlsx"]) in html
    shown = [f for f in response.context["figures"] if not f.is_empty]
    assert html.count("<caption>") == len(shown)
    assert html.count('<img src="/staff/reports/charts/') == len([f for f in shown if f.has_chart])
    assert '<th scope="col">Stage</th>' in html
    assert '<th scope="row">Applied</th>' in html
    assert 'alt="Bar chart of from application to certificate. Candidates: Applied: 1;' in html
    assert reverse("reports:export", args=["xlsx"]) + "?start=2025-01-01" in html


def test_staff_dashboard_query_count_does_not_grow_with_data(client_as, program):
    client = client_as("program_staff")
    client.get(DASHBOARD, RANGE)  # warm the session and caches
    some_data(program, 1)
    few = count_queries(lambda: client.get(DASHBOARD, RANGE))
    some_data(program, 6)
    many = count_queries(lambda: client.get(DASHBOARD, RANGE))
    assert few == many
    # one or two aggregates a figure (open work: seven, trends: four), and the programs' time
    # zones (the days of a report over all programs, `core.zones`)
    assert many <= 33


def _main(response) -> str:
    """The page's content, without the header (its sign-out form's token changes)."""
    return response.content.decode().split('<main id="main"')[1]


def test_program_wide_figures_are_kept_for_a_while_and_a_new_filter_computes_afresh(
    client_as, program, settings
):
    settings.REPORTS_CACHE_SECONDS = 300
    cache.clear()
    client = client_as("program_staff")
    some_data(program, 2)
    first = client.get(DASHBOARD, RANGE)  # computes and keeps the figures (and the page)
    some_data(program, 3)
    kept = count_queries(lambda: client.get(DASHBOARD, RANGE))
    assert _main(client.get(DASHBOARD, RANGE)) == _main(first)
    settings.REPORTS_CACHE_SECONDS = 0
    fresh = count_queries(lambda: client.get(DASHBOARD, RANGE))
    assert kept < fresh  # the figures' queries were not run again
    assert _main(client.get(DASHBOARD, RANGE)) != _main(first)
    cache.clear()


def test_filters_keep_what_was_typed_and_refuse_an_end_before_the_start(client_as, program):
    response = client_as("program_staff").get(
        DASHBOARD, {"start": "2025-06-01", "end": "2025-05-01", "program": program.pk}
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "The end date (May 1, 2025) is before the start date (June 1, 2025)" in html
    assert 'value="2025-06-01"' in html
    assert 'value="2025-05-01"' in html
    assert f'<option value="{program.pk}" selected>' in html
    assert response.context["figures"] == []


def test_a_date_that_is_not_a_date_gets_a_clear_error(client_as, db):
    response = client_as("program_staff").get(DASHBOARD, {"start": "yesterday"})
    assert response.status_code == 400
    assert "Enter the start date as a date" in response.content.decode()


def test_chart_is_an_svg_with_colours_no_script_and_a_policy_allowing_only_its_style(
    client_as, program
):
    some_data(program)
    response = client_as("program_staff").get(reverse("reports:chart", args=["funnel"]), RANGE)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/svg+xml"
    svg = response.content.decode()
    assert "<script" not in svg
    assert "#0072B2" in svg  # the first colour of the palette, in the chart's own style
    policy = response["Content-Security-Policy"]
    assert "default-src 'none'" in policy
    assert "style-src 'sha256-" in policy
    assert "unsafe-inline" not in policy
    assert "private" in response["Cache-Control"]


def test_chart_without_data_says_so_and_unknown_or_table_only_figures_are_not_found(
    client_as, program
):
    client = client_as("program_staff")
    empty = client.get(reverse("reports:chart", args=["funnel"]), RANGE)
    assert empty.status_code == 200
    assert "Nothing to show for these filters" in empty.content.decode()
    assert client.get(reverse("reports:chart", args=["nothing"])).status_code == 404
    assert client.get(reverse("reports:chart", args=["funnel"]), {"end": "x"}).status_code == 404


def test_provider_course_list_is_a_table_without_a_chart(client, db):
    client.force_login(UserFactory(roles=[Role.PROVIDER]))
    assert client.get(reverse("reports:provider_chart", args=["courses"])).status_code == 404


# --- Exports ------------------------------------------------------------------------------


def test_table_csv_parses_with_numbers_and_money_as_amounts(client_as, program):
    some_data(program)
    response = client_as("program_staff").get(
        reverse("reports:table", args=["revenue", "csv"]), {**RANGE, "period": "quarter"}
    )
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment;" in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == ["Period", "Currency", "Received", "Refunded", "Net"]
    assert rows[1] == ["2025 Q1", "USD", "350.00", "0.00", "350.00"]
    assert len(rows) == 5


def test_whole_dashboard_xlsx_has_a_sheet_per_table_that_openpyxl_reads_back(client_as, program):
    some_data(program)
    response = client_as("program_staff").get(reverse("reports:export", args=["xlsx"]), RANGE)
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    book = load_workbook(io.BytesIO(response.content))
    assert len(book.sheetnames) == 12
    funnel = book["From application to certificate"]
    assert funnel["A2"].value == "Stage"
    assert [funnel["A3"].value, funnel["B3"].value] == ["Applied", 1]
    revenue = book["Revenue"]
    assert revenue["C4"].value == 350  # February: the payment, as a number
    assert revenue["C4"].number_format == "#,##0.00"


def test_whole_dashboard_csv_has_each_table_under_its_title(client_as, program):
    some_data(program)
    response = client_as("program_staff").get(reverse("reports:export", args=["csv"]), RANGE)
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    titles = [r[0] for r in rows if len(r) == 1]
    assert titles[0].startswith("Open work against its deadlines (from January 1, 2025")
    assert titles[2].startswith("From application to certificate (from January 1, 2025")
    assert len(titles) == 12


def test_text_that_a_spreadsheet_would_run_is_neutralised_in_csv_and_xlsx(client_as, program):
    for name in ['=HYPERLINK("http://evil")', "+1", "-2", "@SUM(A1)"]:
        FundFactory(name=name, program=program)
    client = client_as("program_staff")
    query = {**RANGE, "program": program.pk}
    csv_rows = list(
        csv.reader(
            io.StringIO(
                client.get(
                    reverse("reports:table", args=["scholarships", "csv"]), query
                ).content.decode("utf-8-sig")
            )
        )
    )
    names = sorted(r[0] for r in csv_rows[1:])
    assert names == ["'+1", "'-2", '\'=HYPERLINK("http://evil")', "'@SUM(A1)"]
    book = load_workbook(
        io.BytesIO(
            client.get(reverse("reports:table", args=["scholarships", "xlsx"]), query).content
        )
    )
    sheet = book.active
    cells = sorted(sheet.cell(row=r, column=1).value for r in range(3, 7))
    assert cells == names
    assert all(sheet.cell(row=r, column=1).data_type == "s" for r in range(3, 7))


def test_neutralise_and_sheet_titles():
    assert neutralise("=1+1") == "'=1+1"
    assert neutralise("\tx") == "'\tx"
    assert neutralise("Plain") == "Plain"
    taken: set[str] = set()
    assert sheet_title("A/B: [c]*?", taken) == "A B   c"
    assert sheet_title("x" * 40, taken) == "x" * 31
    assert sheet_title("x" * 40, taken) == "x" * 27 + " (2)"


# --- The sponsor's dashboard --------------------------------------------------------------


def test_sponsor_sees_only_their_own_funds(client, program):
    mine = SponsorMemberFactory()
    fund = FundFactory(sponsor=mine.sponsor, name="Our fund", program=program)
    other = FundFactory(name="Someone else's fund", program=program)
    app = scholarship_application(fund, submitted=date(2025, 3, 1), status="awarded", state="OH")
    award(app, on=date(2025, 3, 2))
    scholarship_application(other, submitted=date(2025, 3, 1), state="TX")
    client.force_login(mine.user)

    response = client.get(SPONSOR, RANGE)

    assert response.status_code == 200
    html = response.content.decode()
    assert "Our fund" in html
    assert "Someone else" not in html
    figures = {f.key: f for f in response.context["figures"]}
    assert figures["states"].rows == [["OH", 1, 1]]
    assert figures["applicants"].rows == [["Our fund", 1, 1, 0, 0]]
    assert figures["awards-over-time"].rows[2] == ["Mar 2025", "USD", 1, Money(20_000, "USD")]
    csv_text = client.get(reverse("reports:sponsor_export", args=["csv"]), RANGE).content.decode()
    assert "Someone else" not in csv_text


def test_sponsor_dashboard_query_count_does_not_grow_with_data(client, program):
    mine = SponsorMemberFactory()
    client.force_login(mine.user)
    fund = FundFactory(sponsor=mine.sponsor, program=program)
    client.get(SPONSOR, RANGE)
    scholarship_application(fund, submitted=date(2025, 3, 1))
    few = count_queries(lambda: client.get(SPONSOR, RANGE))
    for _ in range(4):
        scholarship_application(FundFactory(sponsor=mine.sponsor), submitted=date(2025, 4, 1))
    assert count_queries(lambda: client.get(SPONSOR, RANGE)) == few


# --- The provider's dashboard -------------------------------------------------------------


def _completion(course, status, on):
    a = applicant(course.program, submitted=date(2024, 1, 1), status="accepted")
    return CourseCompletion.objects.create(
        course=course,
        application=a,
        candidate=a.candidate,
        completed_on=on,
        status=status,
        source="provider_csv",
    )


def test_provider_sees_only_their_own_courses(client, program):
    person = UserFactory(roles=[Role.PROVIDER])
    ours = ProviderFactory(staff=[person])
    course = CourseFactory(
        provider=ours,
        competency_set=program.competency_sets.first(),
        title="Cataloguing basics",
        status="approved",
        approval_expires_on=date(2099, 1, 1),
    )
    theirs = CourseFactory(competency_set=program.competency_sets.first(), title="Theirs")
    _completion(course, "confirmed", date(2025, 2, 3))
    _completion(course, "pending", date(2025, 2, 20))
    _completion(course, "confirmed", date(2025, 4, 1))
    _completion(theirs, "confirmed", date(2025, 2, 3))
    client.force_login(person)

    response = client.get(PROVIDER, {**RANGE, "end": "2025-04-30"})

    assert response.status_code == 200
    figures = {f.key: f for f in response.context["figures"]}
    assert [r[0] for r in figures["courses"].rows] == ["Cataloguing basics"]
    assert figures["courses"].rows[0][4] == "Approved"
    assert figures["completions"].rows == [["Cataloguing basics", 2, 1, 0]]
    assert figures["completions-over-time"].rows == [
        ["Jan 2025", 0],
        ["Feb 2025", 2],
        ["Mar 2025", 0],
        ["Apr 2025", 1],
    ]
    assert "Theirs" not in response.content.decode()
