"""A draw keeps who it left out by reference: each reader reads today's name, or none."""

import importlib

import pytest
from django.apps import apps

from certify.accounts.models import User
from certify.scholarships.models import Draw, ScholarshipApplication
from certify.scholarships.services import draw_run
from tests.conftest import count_queries
from tests.scholarships.conftest import apply, closed
from tests.scholarships.test_api import SPONSOR, _draw_fund, _left_out

MIGRATION = importlib.import_module(
    "certify.scholarships.migrations.0009_draw_excluded_by_reference"
)
NOT_A_MEMBER = "is not a confirmed SSD member, and only SSD members can receive it."


@pytest.fixture
def left_out_draw(ssd, ssd_org, committee, make_member, program):
    """A draw that left out two applicants, Lapsed Member and Other Lapsed."""
    fund = _draw_fund(ssd, ssd_org)
    apply(fund, make_member())
    me, mine = _left_out(fund, make_member)
    other, theirs = _left_out(fund, make_member, name="Other Lapsed")
    draw = draw_run(fund=closed(fund), actor=committee)
    return draw, (me, mine), (other, theirs)


def test_a_renamed_applicant_is_named_as_they_are_now_on_the_page_and_in_the_api(
    client, committee, left_out_draw
):
    draw, (me, mine), _ = left_out_draw
    User.objects.filter(pk=me.pk).update(full_name="Lee Newname")
    client.force_login(committee)
    page = client.get(draw.get_absolute_url()).text
    assert f"Application {mine.pk}: Lee Newname: Lee Newname {NOT_A_MEMBER}" in page
    assert "Lapsed Member" not in page
    page = client.get(mine.get_absolute_url()).text
    assert f"draw 1</a>: Lee Newname {NOT_A_MEMBER}" in page
    assert "Lapsed Member" not in page
    body = client.get(f"{SPONSOR}/draws/{draw.pk}").json()
    assert body["excluded"][str(mine.pk)] == f"Lee Newname {NOT_A_MEMBER}"
    rows = client.get(f"{SPONSOR}/funds/{draw.fund.slug}/applications").json()["items"]
    assert next(r for r in rows if r["id"] == mine.pk)["reason"] == (
        f"Left out of draw 1: Lee Newname {NOT_A_MEMBER}"
    )
    assert "Lapsed Member" not in str(rows)


def test_a_closed_account_is_named_by_no_one(client, committee, left_out_draw):
    draw, (me, mine), _ = left_out_draw
    User.objects.filter(pk=me.pk).update(
        full_name="Closed account", email=f"closed-{me.pk}@closed.invalid", is_active=False
    )
    client.force_login(committee)
    page = client.get(draw.get_absolute_url()).text
    # The draw's row as every staff list names a closed account (`accounts.api.listed_name`).
    assert f"Application {mine.pk}: Account closed: The applicant {NOT_A_MEMBER}" in page
    assert "Lapsed Member" not in page
    body = client.get(f"{SPONSOR}/draws/{draw.pk}").json()
    assert body["excluded"][str(mine.pk)] == f"The applicant {NOT_A_MEMBER}"


def test_a_deactivated_account_is_named_with_its_note_not_as_a_closed_one(
    client, committee, left_out_draw
):
    """Staff turned the account off; its owner did not close it and nothing was erased: the
    draw still names the person, and says the account is deactivated (ADR 0016)."""
    draw, (me, mine), _ = left_out_draw
    pooled = ScholarshipApplication.objects.get(pk=draw.pool[0])
    User.objects.filter(pk__in=[me.pk, pooled.applicant_id]).update(is_active=False)
    pooled_name = f"{pooled.applicant} (account deactivated)"
    deactivated = "Lapsed Member (account deactivated)"
    client.force_login(committee)
    page = client.get(draw.get_absolute_url()).text
    assert f"Application {mine.pk}: {deactivated}: {deactivated} {NOT_A_MEMBER}" in page
    assert f"Application {pooled.pk}: {pooled_name}" in page
    assert "closed" not in page.lower()
    assert "The applicant" not in page
    body = client.get(f"{SPONSOR}/draws/{draw.pk}").json()
    assert body["excluded"][str(mine.pk)] == f"{deactivated} {NOT_A_MEMBER}"
    rows = client.get(f"{SPONSOR}/funds/{draw.fund.slug}/applications").json()["items"]
    assert next(r for r in rows if r["id"] == mine.pk)["reason"] == (
        f"Left out of draw 1: {deactivated} {NOT_A_MEMBER}"
    )
    assert "closed" not in str(rows).lower()


def test_a_closed_account_opened_again_without_a_name_is_still_named_by_no_one(
    client, committee, left_out_draw
):
    """Active again but still holding the closure's placeholder: never "Closed account"."""
    draw, (me, mine), _ = left_out_draw
    User.objects.filter(pk=me.pk).update(
        full_name="Closed account", email=f"closed-{me.pk}@closed.invalid", is_active=True
    )
    client.force_login(committee)
    page = client.get(draw.get_absolute_url()).text
    assert f"Application {mine.pk}: Account closed: The applicant {NOT_A_MEMBER}" in page
    assert "Closed account" not in page
    body = client.get(f"{SPONSOR}/draws/{draw.pk}").json()
    assert body["excluded"][str(mine.pk)] == f"The applicant {NOT_A_MEMBER}"


def test_the_left_out_applicant_reads_their_own_words_and_no_other_name_in_the_api(
    client, left_out_draw
):
    draw, (me, mine), (_, theirs) = left_out_draw
    client.force_login(me)
    response = client.get(f"{SPONSOR}/draws/{draw.pk}")
    assert response.status_code == 200
    excluded = response.json()["excluded"]
    assert excluded == {
        str(mine.pk): "Only SSD members can receive it and you are not a confirmed SSD member, "
        "so you were not in this draw.",
        str(theirs.pk): f"The applicant {NOT_A_MEMBER}",
    }
    assert "Other Lapsed" not in response.text
    assert "Lapsed Member" not in response.text


def test_the_draw_page_keeps_its_query_count_as_more_are_left_out(
    client, ssd, ssd_org, committee, make_member, program
):
    def page_queries(n: int) -> int:
        fund = _draw_fund(ssd, ssd_org)
        apply(fund, make_member())
        for i in range(n):
            _left_out(fund, make_member, name=f"Lapsed {n} {i}")
        draw = draw_run(fund=closed(fund), actor=committee)
        return count_queries(lambda: client.get(draw.get_absolute_url()))

    client.force_login(committee)
    assert page_queries(1) == page_queries(4)


def _legacy(draw: Draw, excluded: dict[str, str]) -> None:
    Draw.objects.filter(pk=draw.pk).update(excluded=excluded)


def test_the_migration_takes_the_names_out_of_the_draws_kept_before(left_out_draw):
    draw, (me, mine), (other, theirs) = left_out_draw
    _legacy(
        draw,
        {
            str(mine.pk): f"Lapsed Member {NOT_A_MEMBER}",
            str(theirs.pk): f"Old Name {NOT_A_MEMBER}",  # renamed since: the name is unknown
            "999999": f"Gone Person {NOT_A_MEMBER}",
        },
    )
    User.objects.filter(pk=other.pk).update(full_name="Other Renamed")

    MIGRATION.by_reference(apps, None)

    draw.refresh_from_db()
    assert draw.excluded == {
        str(mine.pk): {"applicant": me.pk, "why": "{applicant} " + NOT_A_MEMBER},
        str(theirs.pk): {
            "applicant": other.pk,
            "why": "As the applicant was told: Only SSD members can receive it and you are not a "
            "confirmed SSD member, so you were not in this draw.",
        },
        "999999": {"applicant": None, "why": MIGRATION.NOT_SHOWN},
    }
    assert "Old Name" not in str(draw.excluded)
    MIGRATION.by_reference(apps, None)  # running it again changes nothing
    draw.refresh_from_db()
    assert draw.excluded[str(mine.pk)]["why"] == "{applicant} " + NOT_A_MEMBER

    MIGRATION.by_name(apps, None)  # and back, with the names of today

    draw.refresh_from_db()
    assert draw.excluded[str(mine.pk)] == f"Lapsed Member {NOT_A_MEMBER}"
    assert draw.excluded["999999"] == MIGRATION.NOT_SHOWN
