"""After a save that worked, each program setup form's redirect names its own fragment (ADR 0043):
the forms post to `…#<form>-errors`, and a browser keeps that fragment across a redirect whose
address names none, so the saved page's address would aim at a summary that is not there."""

from django.urls import reverse

from tests.factories import FaqEntryFactory
from tests.programs.test_setup_views import MONEY


def saved_to(response, url: str, fragment: str = "main") -> None:
    assert response.status_code == 302
    assert response["Location"] == f"{url}#{fragment}"


def test_a_new_program_opens_its_settings_at_the_main_content(db, client, staff):
    client.force_login(staff)
    form = {"name": "Certified Public Library Administrator Program", "short_name": "CPLA"}
    form |= {"slug": "cpla", "certifying_body": "ALA-APA"}
    response = client.post(reverse("programs:setup_new"), form)
    saved_to(response, reverse("programs:setup_settings", args=["cpla"]))


def test_a_saved_section_opens_the_settings_at_that_section(lsscp, client, staff):
    client.force_login(staff)
    response = client.post(reverse("programs:setup_section", args=["lsscp", "money"]), MONEY)
    saved_to(response, reverse("programs:setup_settings", args=["lsscp"]), "money")
    page = client.get(reverse("programs:setup_settings", args=["lsscp"])).text
    assert 'id="money"' in page  # the fragment names a part that is there


def test_a_question_added_or_changed_opens_the_settings_at_it(lsscp, client, staff):
    client.force_login(staff)
    settings = reverse("programs:setup_settings", args=["lsscp"])
    add = {"faq-new-question": "What does it cost?", "faq-new-answer": "{enrollment_fee}."}
    saved_to(client.post(reverse("programs:setup_faq_add", args=["lsscp"]), add), settings, "faq")
    entry = FaqEntryFactory(program=lsscp, question="Is it online?", answer="Yes.", order=90)
    edit = {f"faq{entry.pk}-question": "Is it online?", f"faq{entry.pk}-answer": "Yes, all."}
    url = reverse("programs:setup_faq_edit", args=["lsscp", entry.pk])
    saved_to(client.post(url, edit), settings, f"faq-{entry.pk}")
    entry.refresh_from_db()
    assert entry.answer == "Yes, all."
    page = client.get(settings).text
    assert 'id="faq"' in page
    assert f'id="faq-{entry.pk}"' in page
