"""What a committee member's day on a phone found in the words and forms (the browser walk is
tests/browser/test_committee_day_phone.py): a refused form opens at a summary linking each
problem to its field, a draw fund with nothing to draw says why instead of offering a form of
0 places, and an award's use is told to the committee in the third person."""

import pytest
from django.urls import reverse

from certify.scholarships.services import application_award, draw_run
from tests.factories import FundFactory
from tests.scholarships.conftest import apply, closed, enroll


@pytest.fixture
def draw_fund(ssd, ssd_org):
    return FundFactory(sponsor=ssd, method="draw", max_awards=1, required_organisations=[ssd_org])


def _fund_page(client, fund) -> str:
    response = client.get(reverse("scholarships:fund", args=[fund.slug]))
    assert response.status_code == 200
    return response.text


def test_a_draw_fund_offers_the_draw_only_while_there_is_something_to_draw(
    client, committee, draw_fund, make_member, program
):
    client.force_login(committee)
    page = _fund_page(client, draw_fund)
    assert "No application is waiting for a decision, so there is nobody to draw from." in page
    assert "Continue to the draw" not in page
    for _ in range(2):
        apply(draw_fund, make_member())
    page = _fund_page(client, draw_fund)
    assert "Continue to the draw" in page
    assert "nobody to draw from" not in page
    draw_run(fund=closed(draw_fund), actor=committee)
    page = _fund_page(client, draw_fund)
    assert f"The {draw_fund.name} has made its one award" in page
    assert "nothing is left to award." in page
    assert "Continue to the draw" not in page


def test_a_refused_score_opens_at_a_summary_linking_each_field(
    client, committee, enrollment_fund, member, program
):
    from certify.scholarships.services import rubric_save

    rubric_save(
        fund=enrollment_fund,
        actor=_admin(enrollment_fund),
        criteria=[{"name": "Need", "max_points": 10, "description": "How it helps."}],
    )
    application = apply(enrollment_fund, member)
    url = reverse("scholarships:score", args=[application.pk])
    client.force_login(committee)
    assert 'id="score-errors"' not in client.get(url).text
    criterion = enrollment_fund.criteria.get()
    response = client.post(url, {f"points_{criterion.pk}": "99"})
    assert response.status_code == 400
    page = response.text
    assert f'action="{url}#score-errors"' in page
    assert 'id="score-errors"' in page
    assert f'href="#id_points_{criterion.pk}">“Need” is scored from 0 to 10.</a>' in page


def _admin(fund):
    from certify.scholarships.models import SponsorMember
    from tests.scholarships.conftest import sponsor_member_make

    return sponsor_member_make(fund.sponsor, SponsorMember.Role.ADMIN, "Alex Admin")


def test_an_empty_conflict_declaration_opens_at_its_summary(
    client, committee, enrollment_fund, member
):
    application = apply(enrollment_fund, member)
    url = reverse("scholarships:conflict", args=[application.pk])
    client.force_login(committee)
    response = client.post(url, {"reason": " "})
    assert response.status_code == 400
    assert f'action="{url}#conflict-errors"' in response.text
    assert (
        '<a href="#id_reason">Say what the conflict is (kept in the record).</a>' in response.text
    )


def test_a_refused_class_payment_or_withdrawal_opens_at_its_summary(
    client, committee, ssd_admin, ce_fund, member, program
):
    application = apply(ce_fund, member, purpose="class", class_details="Cataloging basics")
    award = application_award(application=application, actor=committee)
    enroll(ce_fund, member, on=award.awarded_on)
    client.force_login(committee)
    response = client.post(
        reverse("scholarships:award_payment", args=[award.pk]),
        {
            "payee": "provider",
            "payee_name": "",
            "reference": "C-12",
            "paid_on": award.awarded_on.isoformat(),
        },
    )
    assert response.status_code == 400
    page = response.text
    assert 'id="payment-errors"' in page
    assert '<a href="#id_payee_name">Enter the name of the class provider who was paid.</a>' in page
    client.force_login(ssd_admin)  # the sponsor's administrators withdraw an award
    response = client.post(reverse("scholarships:award_withdraw", args=[award.pk]), {"reason": ""})
    assert response.status_code == 400
    assert 'id="withdraw-errors"' in response.text
    assert "Say why the award is withdrawn: the recipient reads this." in response.text


def test_a_renewal_award_is_described_to_the_committee_and_to_its_recipient(
    client, committee, ssd, ssd_org, member, program
):
    fund = FundFactory(
        sponsor=ssd, pays_enrollment=False, pays_renewal=True, required_organisations=[ssd_org]
    )
    application = apply(fund, member)
    application_award(application=application, actor=committee)
    url = reverse("scholarships:application", args=[application.pk])
    client.force_login(committee)
    page = client.get(url).text
    assert "credited on the recipient&#x27;s renewal invoice as soon as they have one." in page
    assert "your renewal invoice" not in page
    client.force_login(member)
    assert "credited on your renewal invoice as soon as you have one." in client.get(url).text


def _rubric_post(lines: list[tuple[str, str]], initial: int = 0) -> dict[str, str]:
    data = {"form-TOTAL_FORMS": str(len(lines)), "form-INITIAL_FORMS": str(initial)}
    for i, (name, points) in enumerate(lines):
        data |= {f"form-{i}-name": name, f"form-{i}-max_points": points}
    return data


def test_a_refused_rubric_opens_at_a_summary_naming_each_criterion_and_keeps_what_was_typed(
    client, enrollment_fund
):
    url = reverse("scholarships:rubric", args=[enrollment_fund.slug])
    client.force_login(_admin(enrollment_fund))
    assert 'id="rubric-errors"' not in client.get(url).text
    # The second line is left empty: the third's problems still stand beside the third's fields.
    lines = [("Need", "10"), ("", ""), ("Service", "0"), ("need", "5"), ("", "x")]
    response = client.post(url, _rubric_post(lines))
    assert response.status_code == 400
    page = response.text
    assert f'action="{url}#rubric-errors"' in page
    assert 'id="rubric-errors" tabindex="-1" data-error-summary' in page
    for href, words in (
        ("#id_form-2-max_points", "Criterion 3: Give at least 1 point."),
        ("#id_form-4-max_points", "Criterion 5: Enter a whole number of points, for example 10."),
    ):
        assert f'<a href="{href}">{words}</a>' in page
    assert not enrollment_fund.criteria.exists()
    assert 'name="form-2-name" value="Service"' in page  # what was typed is kept
    # Past the form's own checks, the service's: each linked to the line it is about.
    response = client.post(url, _rubric_post([("Need", "10"), ("", ""), ("need", "5"), ("X", "")]))
    assert response.status_code == 400
    page = response.text
    assert '<a href="#id_form-2-name">Criterion 3: “need” is already in the rubric.</a>' in page
    assert (
        '<a href="#id_form-3-max_points">Criterion 4: Give the most points, from 1 to 100.</a>'
        in page
    )
    assert 'name="form-3-name" value="X"' in page
    assert not enrollment_fund.criteria.exists()


def test_emptying_a_saved_criterions_name_removes_it_as_the_rubric_page_says(
    client, enrollment_fund
):
    from certify.scholarships.services import rubric_save

    admin = _admin(enrollment_fund)
    rubric_save(
        fund=enrollment_fund,
        actor=admin,
        criteria=[{"name": "Need", "max_points": 10}, {"name": "Service", "max_points": 5}],
    )
    url = reverse("scholarships:rubric", args=[enrollment_fund.slug])
    client.force_login(admin)
    assert "To remove a criterion, empty its name." in client.get(url).text
    response = client.post(url, _rubric_post([("", "10"), ("Service", "5"), ("", "")], initial=2))
    assert response.status_code == 302
    assert [(c.name, c.max_points) for c in enrollment_fund.criteria.all()] == [("Service", 5)]


def test_the_fund_page_says_what_committed_and_the_seed_mean_and_counts_one_applicant(
    client, committee, draw_fund, make_member, program
):
    client.force_login(committee)
    apply(draw_fund, make_member())
    page = _fund_page(client, draw_fund)
    assert "Committed: money set aside for awards made but not used yet" in page
    assert "number (its seed) and the list drawn from are kept" in page
    draw_run(fund=closed(draw_fund), actor=committee)
    assert "1 of 1 eligible applicant drawn." in _fund_page(client, draw_fund)
