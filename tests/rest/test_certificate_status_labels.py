"""The staff certificates API and the holder's own (`GET /certificates/mine`) give each
certificate's `status_label` in the words of its verification page and of
`GET /certificates/{number}`: "Expired" in the grace period, "Lapsed" once the last day to renew
has passed, "Replaced by …" after a renewal. Before, those two answers had only `status`
("expired" for both), so a client had to ask the public answer, one number at a time, to tell a
lapsed certificate from one that can still be renewed. A page of rows costs as many queries as
a page of one."""

from datetime import timedelta

import pytest

from certify.certificates import services
from certify.certificates.models import Certificate
from certify.programs.api import program_today
from certify.renewals.services import certificate_reinstate_lapsed
from tests.conftest import count_queries
from tests.renewals.conftest import renewal_program
from tests.renewals.test_one_word_for_lapsed import in_grace, lapsed_one

STAFF_LIST = "/api/v1/staff/certificates"
MINE = "/api/v1/certificates/mine"


@pytest.fixture
def program(db):
    return renewal_program()


@pytest.fixture
def today(program):
    return program_today(program)


def replaced_one(program, today, **kwargs):
    certificate = in_grace(program, today, **kwargs)
    renewal = services.certificate_issue_renewal(
        previous=certificate, expires_on=today + timedelta(days=1826), actor=None
    )
    services.certificate_replace(certificate=certificate, replacement=renewal, actor=None)
    certificate.refresh_from_db()
    return certificate


@pytest.fixture
def rows(program, today, staff):
    """In its grace period, lapsed, lapsed and reopened for renewal, replaced by a renewal."""
    grace = in_grace(program, today, name="Gail Grace")
    lapsed = lapsed_one(program, today, name="Lars Lapsed")
    reopened = lapsed_one(program, today, name="Rita Reopened")
    certificate_reinstate_lapsed(
        certificate=reopened, actor=staff, reason="Hospital stay.", renew_by=today + timedelta(30)
    )
    replaced = replaced_one(program, today, name="Remy Renewed")
    return {
        grace.number: "Expired",
        lapsed.number: "Lapsed",
        reopened.number: "Expired",
        replaced.number: f"Replaced by {replaced.replaced_by.number}",
        replaced.replaced_by.number: "Valid",
    }


def labels(answer) -> dict[str, str]:
    items = answer.json()
    items = items["items"] if isinstance(items, dict) else items
    return {row["number"]: row["status_label"] for row in items}


def test_staff_read_the_words_of_the_verification_page(client, rows, staff):
    public = {n: client.get(f"/api/v1/certificates/{n}").json()["status_label"] for n in rows}
    assert public == rows
    client.force_login(staff)
    assert labels(client.get(STAFF_LIST)) == rows
    lapsed_only = labels(client.get(STAFF_LIST, {"status": "lapsed"}))
    assert list(lapsed_only.values()) == ["Lapsed"]
    statuses = {r["number"]: r["status"] for r in client.get(STAFF_LIST).json()["items"]}
    assert {statuses[n] for n, label in rows.items() if label in ("Expired", "Lapsed")} == {
        "expired"
    }  # the value stays "expired" for both


def test_the_holder_reads_them_too(client, rows):
    holder = Certificate.objects.get(number=next(iter(rows))).holder
    Certificate.objects.filter(number__in=rows).update(holder=holder)
    client.force_login(holder)
    assert labels(client.get(MINE)) == rows


def test_a_pending_certificate_is_waiting_for_approval(client, program, today, staff):
    certificate = in_grace(program, today)
    Certificate.objects.filter(pk=certificate.pk).update(status=Certificate.Status.PENDING)
    client.force_login(staff)
    row = client.get(STAFF_LIST, {"status": "pending"}).json()["items"][0]
    assert (row["status"], row["status_label"]) == ("pending", "Waiting for staff approval")


@pytest.mark.parametrize("url", [STAFF_LIST, MINE])
def test_as_many_queries_for_one_row_as_for_several(client, program, today, staff, url):
    first = lapsed_one(program, today, name="Ana Ruiz")
    holder = first.holder
    client.force_login(staff if url == STAFF_LIST else holder)
    one = count_queries(lambda: client.get(url))
    more = [
        lapsed_one(program, today, name="Bo Chen"),
        lapsed_one(program, today, name="Cy Diaz"),
        in_grace(program, today, name="Di Egan"),
        replaced_one(program, today, name="Ed Fox"),
    ]
    Certificate.objects.filter(pk__in=[c.pk for c in more]).update(holder=holder)
    more_replacements = Certificate.objects.filter(replaced_by__isnull=False)
    Certificate.objects.filter(pk__in=more_replacements.values("replaced_by")).update(holder=holder)
    answer = client.get(url)
    assert sorted(labels(answer).values()).count("Lapsed") == 3
    assert count_queries(lambda: client.get(url)) == one


def test_the_documented_example_says_it(client, db):
    schema = client.get("/api/v1/openapi.json").json()["components"]["schemas"]
    for name in ("MyCertificateOut", "StaffCertificateOut"):
        assert "status_label" in schema[name]["required"]
        assert "Lapsed" in schema[name]["properties"]["status_label"]["description"]
    assert schema["StaffCertificateOut"]["examples"][0]["status_label"] == "Lapsed"
