"""A refused choice of electives comes back as it was ticked, with the reason beside the list and
in an error summary linking to it; the page lands there (ADR 0043)."""

import re

import pytest
from django.urls import reverse

from certify.accounts.models import Role
from certify.applications.models import Application
from certify.progress import services
from tests.factories import ApplicationFactory, UserFactory


@pytest.fixture
def enrolled(lsscp):
    candidate = UserFactory(roles=[Role.CANDIDATE])
    return ApplicationFactory(
        candidate=candidate, program=lsscp, status=Application.Status.ACCEPTED
    )


def ticked(page: str) -> set[str]:
    return set(re.findall(r'name="electives" value="([A-Z]+)" id="id_electives_\d+" checked', page))


def test_two_electives_stay_ticked_with_the_reason_beside_the_list(client, enrolled):
    client.force_login(enrolled.candidate)

    response = client.post(reverse("progress:electives"), {"electives": ["REF", "CAT"]})

    assert response.status_code == 400  # the page again, not a redirect that forgets the ticks
    page = response.text
    assert ticked(page) == {"REF", "CAT"}
    reason = "Choose exactly 3 electives (you chose 2)."
    # Beside the list: inside its fieldset, which names it as its description.
    fieldset = page[page.index('<fieldset aria-describedby="electives-error">') :]
    fieldset = fieldset[: fieldset.index("</fieldset>")]
    assert f'<p class="error-message" id="electives-error">{reason}</p>' in fieldset
    # Summarized above it, linked to the first box; the list is open.
    assert f'<li><a href="#id_electives_0">{reason}</a></li>' in page
    assert 'id="electives-errors" tabindex="-1" data-error-summary' in page
    assert "<details open>" in page
    # Without JavaScript the refused page comes back scrolled to the summary.
    assert f'action="{reverse("progress:electives_in", args=["lsscp"])}#electives-errors"' in page
    assert not enrolled.planned_sets.filter(competency_set__kind="elective").exists()


def test_dropping_a_started_elective_keeps_the_new_ticks(client, enrolled):
    services.electives_choose(
        application=enrolled, actor=enrolled.candidate, set_codes=["REF", "CAT", "YTH"]
    )
    services.planned_set_start(planned=enrolled.planned_sets.get(competency_set__code="REF"))
    client.force_login(enrolled.candidate)

    response = client.post(reverse("progress:electives"), {"electives": ["ACC", "CAT", "YTH"]})

    assert response.status_code == 400
    assert ticked(response.text) == {"ACC", "CAT", "YTH"}
    assert "You have already started or completed Reference" in response.text
    codes = set(
        enrolled.planned_sets.filter(competency_set__kind="elective").values_list(
            "competency_set__code", flat=True
        )
    )
    assert codes == {"REF", "CAT", "YTH"}  # nothing changed


def test_a_good_choice_is_saved_and_the_plan_shows_no_error(client, enrolled):
    client.force_login(enrolled.candidate)
    response = client.post(
        reverse("progress:electives"), {"electives": ["REF", "CAT", "YTH"]}, follow=True
    )
    assert response.status_code == 200
    assert "Your electives are saved." in response.text
    assert "data-error-summary" not in response.text
    assert ticked(response.text) == {"REF", "CAT", "YTH"}


def test_a_saved_choice_does_not_keep_the_forms_error_fragment(client, enrolled):
    """The form posts to `…#electives-errors` and a browser keeps that fragment across a redirect
    whose address has none: the redirect names its own (the page's main content, where "Your
    electives are saved." stands), so a reload or a shared link aims at no missing summary."""
    client.force_login(enrolled.candidate)
    response = client.post(reverse("progress:electives"), {"electives": ["REF", "CAT", "YTH"]})
    assert response.status_code == 302
    assert response.url == reverse("progress:plan_in", args=["lsscp"]) + "#main"
    assert 'id="main"' in client.get(response.url).text
