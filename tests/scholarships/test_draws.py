"""Random draws: reproducible from the stored seed and list, auditable, fair to the rules."""

from datetime import UTC, datetime, timedelta

import pytest
from django.utils import timezone

from certify.core.errors import DomainError
from certify.core.models import AuditEvent
from certify.programs.models import Program
from certify.scholarships.models import Award, Draw, Fund, ScholarshipApplication
from certify.scholarships.services import draw_is_reproduced, draw_pick, draw_replay, draw_run
from tests.factories import FundFactory, UserFactory
from tests.scholarships.conftest import apply, closed


def before_closing():
    """Two days before the test runs: closed() closes the window yesterday."""
    return timezone.localdate() - timedelta(days=2)


@pytest.fixture
def draw_fund(ssd, ssd_org):
    """USD 600 in three awards of USD 200, by draw, for SSD members."""
    return FundFactory(
        sponsor=ssd,
        name="SSD Enrollment Draw",
        method=Fund.Method.DRAW,
        budget_cents=60_000,
        max_awards=3,
        required_organisations=[ssd_org],
    )


def test_the_same_seed_on_the_same_list_gives_the_same_winners():
    pool = list(range(101, 121))
    first = draw_pick(seed="a1b2c3", pool=pool, places=5)
    assert first == draw_pick(seed="a1b2c3", pool=pool, places=5)
    assert len(set(first)) == 5
    assert set(first) <= set(pool)
    assert draw_pick(seed="another", pool=pool, places=5) != first
    assert sorted(draw_pick(seed="x", pool=[1, 2], places=5)) == [1, 2]  # fewer than places


def test_a_draw_awards_winners_declines_the_rest_and_is_stored(
    draw_fund, make_member, committee, program
):
    applications = [apply(draw_fund, make_member()) for _ in range(5)]
    draw = draw_run(fund=closed(draw_fund), actor=committee, seed="fixed-seed-for-the-test")
    assert draw.pool == [a.pk for a in applications]
    assert draw.winners == draw_pick(seed="fixed-seed-for-the-test", pool=draw.pool, places=3)
    assert (draw.number, draw.places, draw.drawn_by) == (1, 3, committee)
    assert draw_is_reproduced(draw=draw)
    assert draw_replay(draw=Draw.objects.get(pk=draw.pk)) == draw.winners
    awarded = set(Award.objects.filter(draw=draw).values_list("application_id", flat=True))
    assert awarded == set(draw.winners)
    losers = ScholarshipApplication.objects.exclude(pk__in=draw.winners)
    assert {a.status for a in losers} == {"declined"}
    assert "Not drawn in the random draw" in losers.first().reason
    assert "3 awards among 5 eligible applicants" in losers.first().reason
    audit = AuditEvent.objects.get(verb="scholarship.drawn")
    assert (audit.data["seed"], audit.data["pool"]) == (draw.seed, draw.pool)
    fund = Fund.objects.get(pk=draw_fund.pk)
    assert (fund.awards_made, fund.remaining_cents) == (3, 0)


def test_a_secret_seed_is_chosen_and_kept(draw_fund, make_member, committee, program):
    apply(draw_fund, make_member())
    draw = draw_run(fund=closed(draw_fund), actor=committee, places=1)
    assert len(draw.seed) == 32
    assert draw_is_reproduced(draw=draw)


def test_applicants_who_do_not_meet_the_rules_are_left_out_with_the_reason(
    draw_fund, make_member, committee, program, client
):
    eligible = apply(draw_fund, make_member())
    lapsed_person = make_member(full_name="Lapsed Member")
    lapsed = apply(draw_fund, lapsed_person)
    lapsed_person.memberships.update(status="rejected")
    draw = draw_run(fund=closed(draw_fund), actor=committee)
    assert draw.pool == [eligible.pk]
    # Kept by reference: the applicant's id, and the committee's words with a mark for the name.
    assert draw.excluded == {
        str(lapsed.pk): {
            "applicant": lapsed_person.pk,
            "why": "{applicant} is not a confirmed SSD member, and only SSD members can receive "
            "it.",
        }
    }
    audit = AuditEvent.objects.get(verb="scholarship.drawn")
    assert "Lapsed Member" not in str(audit.data)
    lapsed.refresh_from_db()
    assert lapsed.status == "declined"
    # The applicant reads the reason addressed to them; the draw keeps the committee's.
    assert lapsed.reason.startswith("Not in the draw on")
    assert lapsed.reason.endswith(
        "(draw 1): Only SSD members can receive it and you are not a confirmed SSD member, so "
        "you were not in this draw."
    )
    assert "Lapsed Member" not in lapsed.reason
    client.force_login(lapsed_person)
    page = client.get(lapsed.get_absolute_url()).text
    assert "so you were not in this draw." in page
    client.force_login(committee)  # the committee reads its own words, with the draw
    page = client.get(lapsed.get_absolute_url()).text
    assert "draw 1</a>: Lapsed Member is not a confirmed SSD member" in page
    assert "you were not in this draw" not in page


def test_a_draw_is_refused_with_reasons(draw_fund, enrollment_fund, make_member, committee):
    with pytest.raises(DomainError, match="awards by committee decision, not by a draw"):
        draw_run(fund=closed(enrollment_fund), actor=committee)
    with pytest.raises(DomainError, match="nobody to draw from"):
        draw_run(fund=closed(draw_fund), actor=committee)
    apply(draw_fund, make_member(), on=before_closing())
    with pytest.raises(DomainError, match="draw 3 or fewer") as refused:
        draw_run(fund=closed(draw_fund), actor=committee, places=4)
    assert refused.value.field == "places"
    with pytest.raises(DomainError, match="committee decides"):
        draw_run(fund=closed(draw_fund), actor=UserFactory(roles=["sponsor"]))


def test_a_committee_member_who_applied_cannot_run_the_draw(draw_fund, committee, ssd_org, program):
    from tests.factories import MembershipFactory

    MembershipFactory(user=committee, organisation=ssd_org)
    apply(draw_fund, committee)
    with pytest.raises(
        DomainError, match="You cannot decide your own case: ask another member of the committee"
    ):
        draw_run(fund=closed(draw_fund), actor=committee)


def test_later_draws_take_their_own_number_and_only_what_is_left(
    draw_fund, make_member, committee, program
):
    apply(draw_fund, make_member())
    first = draw_run(fund=closed(draw_fund), actor=committee, places=1)
    for _ in range(4):
        apply(draw_fund, make_member(), on=before_closing())
    second = draw_run(fund=closed(draw_fund), actor=committee)
    assert (first.number, second.number, second.places, len(second.winners)) == (1, 2, 2, 2)
    with pytest.raises(DomainError, match="no award left to draw"):
        draw_run(fund=closed(draw_fund), actor=committee)


def test_a_draw_waits_until_applications_close(draw_fund, make_member, committee, program):
    """While the window is open (until further notice, or until a day not yet past) a draw
    would leave out whoever applies next: refused, saying when it can run."""
    apply(draw_fund, make_member())
    assert draw_fund.closes_on is None
    with pytest.raises(DomainError, match="open until further notice"):
        draw_run(fund=draw_fund, actor=committee)
    Fund.objects.filter(pk=draw_fund.pk).update(closes_on=timezone.localdate())
    draw_fund.refresh_from_db()
    with pytest.raises(DomainError, match="The draw can run from") as refused:
        draw_run(fund=draw_fund, actor=committee)
    tomorrow = timezone.localdate() + timedelta(days=1)
    assert f"{tomorrow:%B} {tomorrow.day}, {tomorrow.year}" in refused.value.message
    assert not Draw.objects.exists()
    assert ScholarshipApplication.objects.get(fund=draw_fund).status == "submitted"
    draw = draw_run(fund=draw_fund, actor=committee, today=tomorrow)
    assert len(draw.winners) == 1


def test_the_draw_page_gives_a_left_out_applicant_their_own_words_and_no_one_elses_name(
    draw_fund, make_member, committee, program, client
):
    apply(draw_fund, make_member())
    me = make_member(full_name="Lapsed Member")
    other = make_member(full_name="Other Lapsed")
    mine, theirs = apply(draw_fund, me), apply(draw_fund, other)
    for person in (me, other):
        person.memberships.update(status="rejected")
    draw = draw_run(fund=closed(draw_fund), actor=committee)
    client.force_login(me)
    page = client.get(draw.get_absolute_url()).text
    assert (
        f"Application {mine.pk}: Lapsed Member (you): Only SSD members can receive it and you "
        "are not a confirmed SSD member, so you were not in this draw." in page
    )
    assert "Lapsed Member is not a confirmed" not in page
    # Another applicant's row as before, but the page that hides their name hides it here too.
    assert f"Application {theirs.pk}: The applicant is not a confirmed SSD member" in page
    assert "Other Lapsed" not in page
    client.force_login(committee)  # the committee reads its own words, with the names
    page = client.get(draw.get_absolute_url()).text
    assert f"Application {mine.pk}: Lapsed Member: Lapsed Member is not a confirmed" in page
    assert f"Application {theirs.pk}: Other Lapsed: Other Lapsed is not a confirmed" in page
    assert "you were not in this draw" not in page


def test_the_draw_page_gives_the_time_drawn_in_the_programs_zone_with_its_name(
    draw_fund, make_member, committee, program, client
):
    """A draw is the program's case: its time is shown in the zone of the program whose fees the
    fund pays, named, not in the site's."""
    apply(draw_fund, make_member())
    draw = draw_run(fund=closed(draw_fund), actor=committee)
    Program.objects.filter(pk=program.pk).update(time_zone="America/Denver")
    Draw.objects.filter(pk=draw.pk).update(
        drawn_at=datetime(2027, 3, 3, 5, 30, tzinfo=UTC)  # 23:30 in Chicago, 22:30 in Denver
    )
    client.force_login(committee)
    page = client.get(draw.get_absolute_url()).text
    assert "March 2, 2027, 10:30 p.m. MST" in page
