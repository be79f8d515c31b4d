"""The staff home (ADR 0047): every card's count is the number of rows its link shows, one click
from the home page, at a fixed number of queries whatever the amount of work waiting."""

import datetime as dt
from html.parser import HTMLParser

import pytest
from django.urls import reverse
from django.utils import timezone

from certify.accounts.models import Role
from certify.applications.models import Application
from tests.conftest import count_queries
from tests.factories import ApplicationFactory, CourseFactory, ProviderFactory, UserFactory

S = Application.Status


class _Page(HTMLParser):
    """The staff home's counted links, and a queue's table rows (the first table's body)."""

    def __init__(self) -> None:
        super().__init__()
        self.links: list[tuple[str, int]] = []
        self.rows = 0
        self._tables = 0
        self._in_body = False
        self._row_cells: list[dict] = []
        self._in_row = False

    def handle_starttag(self, tag: str, attrs: list) -> None:
        found = dict(attrs)
        if tag == "a" and "data-work-count" in found:
            self.links.append((found["href"].replace("&amp;", "&"), int(found["data-work-count"])))
        if tag == "table":
            self._tables += 1
        if tag == "tbody" and self._tables == 1:
            self._in_body = True
        if tag == "tr" and self._in_body:
            self._in_row, self._row_cells = True, []
        if tag == "td" and self._in_row:
            self._row_cells.append(found)

    def handle_endtag(self, tag: str) -> None:
        if tag == "tbody":
            self._in_body = False
        if tag == "tr" and self._in_row:
            self._in_row = False
            # The "nothing here" row spans the table; a real row has one cell per column.
            if self._row_cells and "colspan" not in self._row_cells[0]:
                self.rows += 1


def parse(html: str) -> _Page:
    page = _Page()
    page.feed(html)
    return page


@pytest.fixture
def world(db):
    """Certify's whole world (every kind of case), with one more of each kind of waiting work."""
    from certify.applications.services import application_submit
    from certify.certificates.models import Certificate
    from certify.core.money import Money
    from certify.notifications.models import OutgoingEmail
    from certify.payments.services import invoice_void_rest, payment_record, renewal_invoice_create
    from certify.portfolios.models import ReviewAssignment
    from certify.renewals.models import Renewal
    from tests.factories import ExperienceEntryFactory
    from tests.security.world import world_build

    w = world_build()
    program, staff = w.objects["program"], w.users["staff"]
    for _ in range(2):
        application = ApplicationFactory(program=program)
        ExperienceEntryFactory(application=application)
        application_submit(application=application, actor=application.candidate)
    late = ApplicationFactory(program=program)
    ExperienceEntryFactory(application=late)
    application_submit(application=late, actor=late.candidate)
    Application.objects.filter(pk=late.pk).update(
        submitted_at=timezone.now() - dt.timedelta(days=program.target_application_days + 5)
    )
    Application.objects.filter(pk=late.pk - 1).update(status=S.MORE_INFO)
    # An appeal with its grounds given, waiting for a decision.
    from certify.appeals.models import Appeal

    Appeal.objects.filter(pk=w.objects["appeal"].pk).update(
        status=Appeal.Status.GROUNDS_SUBMITTED, grounds="Unfair.", grounds_at=timezone.now()
    )
    decided = timezone.now() - dt.timedelta(days=2)
    w.objects["notice"] = Appeal.objects.create(
        subject=late,
        program=program,
        appellant=late.candidate,
        decided_by=staff,
        decided_at=decided,
    )
    # One review past its due day, the other withdrawn: the version needs a reviewer too.
    first, second = ReviewAssignment.objects.order_by("id")[:2]
    ReviewAssignment.objects.filter(pk=first.pk).update(
        due_on=timezone.localdate() - dt.timedelta(days=3)
    )
    ReviewAssignment.objects.filter(pk=second.pk).update(status="withdrawn")
    CourseFactory(
        competency_set=w.objects["competency_set"], status="submitted", submitted_at=timezone.now()
    )
    ProviderFactory(status="pending")
    renewal_invoice_create(user=w.users["candidate"], program=program, actor=staff, subject="r:9")
    # A renewal closed with part of its fee paid: the check's money is to be refunded.
    held = renewal_invoice_create(
        user=w.users["candidate"], program=program, actor=staff, subject="r:10"
    )
    payment_record(
        invoice=held, amount=Money(1000, held.currency), method="cheque", reference="C", actor=staff
    )
    invoice_void_rest(invoice=held, reason="The renewal was closed.", actor=staff)
    Certificate.objects.filter(pk=w.objects["certificate"].pk).update(status="pending")
    Renewal.objects.filter(pk=w.objects["renewal"].pk).update(status=Renewal.Status.IN_AUDIT)
    OutgoingEmail.objects.filter(pk=w.objects["outgoing_email"].pk).update(status="failed")
    return w


def test_every_count_on_the_staff_home_is_the_number_of_rows_its_queue_shows(client, world):
    client.force_login(world.users["staff"])
    home = client.get(reverse("staff:home"))
    assert home.status_code == 200
    links = parse(home.text).links
    cards = {url for url, _ in links}
    # Every kind of work the program has, each with work waiting in this world.
    assert len(links) >= 15
    for url, count in links:
        assert count >= 1, f"{url} counts nothing: the world should have one of each"
        queue = client.get(url)
        assert queue.status_code == 200, url
        assert parse(queue.text).rows == count, url
    for path in (
        "/staff/applications/?status=submitted",
        "/staff/applications/?status=more_info",
        "/staff/appeals/?status=grounds",
        "/staff/appeals/?status=notice",
        "/memberships/queue/?status=pending",
        "/staff/portfolios/?overdue=1",
        "/staff/courses/?status=submitted",
        "/payments/staff/invoices/?status=open",
        "/payments/staff/invoices/?status=refund_pending",
        "/staff/certificates/?status=pending",
        "/staff/renewals/?status=in_audit",
        "/notifications/outbox/?status=failed",
    ):
        assert path in cards
    # The ages of the oldest items, and the first day an appeal's grounds are due.
    html = home.text
    program = world.objects["program"]
    assert f"The oldest has waited {program.target_application_days + 5} days." in html
    assert (
        f"waiting {program.target_application_days} days or more (the program&#x27;s target)"
        in html
    )
    assert "The most overdue was due 3 days ago." in html
    due = (
        timezone.localdate() - dt.timedelta(days=2) + dt.timedelta(days=program.appeal_grounds_days)
    )
    assert f"The first grounds are due by <strong>{due:%B} {due.day}, {due.year}</strong>" in html


def test_the_staff_home_costs_the_same_queries_with_more_work_waiting(client, lsscp, staff):
    from certify.notifications.models import OutgoingEmail

    client.force_login(staff)
    url = reverse("staff:home")
    client.get(url)  # the session and the program's first reads

    def more(n: int) -> None:
        for _ in range(n):
            ApplicationFactory(program=lsscp, status=S.SUBMITTED, submitted_at=timezone.now())
            ApplicationFactory(program=lsscp, status=S.MORE_INFO, submitted_at=timezone.now())
            ProviderFactory(status="pending")
            CourseFactory(
                competency_set=lsscp.competency_sets.first(),
                status="submitted",
                submitted_at=timezone.now(),
            )
            OutgoingEmail.objects.create(
                to="a@example.org", subject="Hello", text_body="Hi", status="failed"
            )

    more(1)
    few = count_queries(lambda: client.get(url))
    more(6)
    many = count_queries(lambda: client.get(url))
    assert few == many
    assert '7</span> <span class="work-card__title">Course providers to approve' in (
        client.get(url).text
    )


@pytest.mark.parametrize("role", ["candidate", "reviewer", "provider", "sponsor", "no_role"])
def test_the_staff_home_is_for_program_staff_only(db, client_as, role):
    assert client_as(role).get(reverse("staff:home")).status_code == 403


def test_the_account_page_leads_staff_to_their_home(client, staff):
    client.force_login(staff)
    assert f'href="{reverse("staff:home")}"' in client.get(reverse("accounts:home")).text
    candidate = UserFactory(roles=[Role.CANDIDATE])
    client.force_login(candidate)
    assert f'href="{reverse("staff:home")}"' not in client.get(reverse("accounts:home")).text
