"""A course's tuition is asked for in its program's currency (ADR 0055): the course form's label
and error say it in words, as the settings page's fees do; while no set is chosen and programs
charge in different currencies, the help says which program charges in which."""

import pytest
from django.urls import reverse

from certify.programs.setup import program_settings_update
from tests.factories import CourseFactory
from tests.programs.second_program import rmt_set_up


@pytest.fixture
def rmt(lsscp, staff):
    program = rmt_set_up(staff)
    return program_settings_update(
        program=program, actor=staff, section="money", data={"currency": "EUR"}
    )


def test_a_new_course_asks_the_tuition_in_the_chosen_sets_currency(
    client, rmt, provider, provider_user
):
    client.force_login(provider_user)
    url = reverse("courses:course_new", args=[provider.pk])
    page = client.get(url).text
    assert "LSSCP: US dollars; RMT: euros" in page
    chosen = rmt.competency_sets.get(code="RET")
    refused = client.post(
        url, {"competency_set": chosen.pk, "title": "Retention", "cost_cents": "a lot"}
    )
    assert refused.status_code == 400
    assert "Enter the price in euros and cents, for example 250" in refused.text
    assert "dollars" not in refused.text.split("Tuition", 1)[1].split("</div>", 2)[0]
    assert "Tuition (euros)" in refused.text


def test_editing_a_course_asks_the_tuition_in_its_programs_currency(
    client, rmt, lsscp, provider, provider_user
):
    client.force_login(provider_user)
    course = CourseFactory(provider=provider, competency_set=rmt.competency_sets.get(code="RET"))
    url = reverse("courses:course_edit", args=[provider.pk, course.pk])
    assert "Tuition (euros)" in client.get(url).text
    refused = client.post(url, {"competency_set": course.competency_set_id, "cost_cents": "x"})
    assert "Enter the price in euros and cents" in refused.text
    ours = CourseFactory(provider=provider, competency_set=lsscp.competency_sets.get(code="CT"))
    page = client.get(reverse("courses:course_edit", args=[provider.pk, ours.pk])).text
    assert "Tuition (US dollars)" in page


def test_the_catalog_filter_asks_the_cost_in_the_programs_currency(client, rmt):
    page = client.get(f"{reverse('courses:catalogue')}?program=rmt&max_cost=cheap").text
    assert "Enter the price in euros and cents" in page
