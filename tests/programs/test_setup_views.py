"""The program settings pages and the API's staff operations: the same service, the same words,
program staff only; fees typed in the program's currency; errors beside their fields; the history
shown."""

import pytest
from django.urls import reverse

from certify.core.models import AuditEvent
from certify.programs.models import Program
from tests.conftest import count_queries
from tests.factories import LSSCP_RULES, FaqEntryFactory, ProgramFactory


def _settings(slug: str = "lsscp") -> str:
    return reverse("programs:setup_settings", args=[slug])


def _section(section: str, slug: str = "lsscp") -> str:
    return reverse("programs:setup_section", args=[slug, section])


MONEY = {
    "money-currency": "USD",
    "money-enrollment_fee_cents": "375.50",
    "money-member_organisation": "ALA",
    "money-member_fee_cents": "$350",
    "money-renewal_fee_cents": "150.00",
    "money-course_approval_fee_cents": "100",
    "money-payment_timing": "at_application",
    "money-accepts_card": "on",
    "money-accepts_check": "on",
}


def test_fees_are_typed_in_dollars_and_kept_in_cents(lsscp, client, staff):
    client.force_login(staff)
    page = client.get(_settings())
    assert page.status_code == 200
    # shown in dollars, the way they are typed
    enrollment = LSSCP_RULES["enrollment_fee_cents"]
    assert f'value="{enrollment // 100}.{enrollment % 100:02d}"' in page.text
    response = client.post(_section("money"), MONEY)
    assert response.status_code == 302
    lsscp.refresh_from_db()
    assert (lsscp.enrollment_fee_cents, lsscp.member_fee_cents) == (37550, 35000)
    assert not lsscp.accepts_purchase_order
    history = client.get(_settings()).text
    assert "Enrollment fee (US dollars)" in client.get(_settings()).text
    assert "Enrollment fee: " in history
    assert "→ $375.50" in history


def test_a_refused_section_keeps_what_was_typed_with_the_reason_beside_the_field(
    lsscp, client, staff
):
    client.force_login(staff)
    response = client.post(_section("money"), {**MONEY, "money-member_fee_cents": "999.99"})
    assert response.status_code == 400
    text = response.text
    assert "There is a problem" in text
    assert "The member price cannot be more than the enrollment fee." in text
    assert 'value="999.99"' in text  # kept as typed
    assert 'href="#id_money-member_fee_cents"' in text  # the summary links to the field
    lsscp.refresh_from_db()
    assert lsscp.member_fee_cents == LSSCP_RULES["member_fee_cents"]


def test_the_technology_set_is_chosen_from_the_program_s_own_sets(lsscp, client, staff):
    client.force_login(staff)
    page = client.get(_settings()).text
    assert '<option value="TEC" selected>' in page
    data = {
        f"renewal-{name}": str(getattr(lsscp, name))
        for name in (
            "renewal_window_months",
            "renewal_grace_months",
            "renewal_ce_hours",
            "renewal_technology_hours",
            "semester_credit_hours",
            "quarter_credit_hours",
            "conference_day_hours",
            "renewal_audit_percent",
        )
    }
    data |= {"renewal-renewal_technology_set_code": "", "renewal-renewal_reminder_months": "6, 1"}
    response = client.post(_section("renewal"), data)
    assert response.status_code == 400
    assert "A minimum of hours on a set needs that competency set" in response.text
    data |= {"renewal-renewal_technology_set_code": "TEC"}
    assert client.post(_section("renewal"), data).status_code == 302
    lsscp.refresh_from_db()
    assert lsscp.reminder_months == (6, 1)


def test_a_new_program_is_unpublished_and_its_pages_are_hidden_until_published(db, client, staff):
    client.force_login(staff)
    response = client.post(
        reverse("programs:setup_new"),
        {
            "name": "Certified Public Library Administrator Program",
            "short_name": "CPLA",
            "slug": "cpla",
            "certifying_body": "ALA-APA",
        },
    )
    assert response.url == f"{_settings('cpla')}#main"
    client.logout()
    assert client.get("/programs/cpla/").status_code == 404
    assert "Certified Public Library Administrator" not in client.get("/programs/").text
    client.force_login(staff)
    preview = client.post(
        reverse("programs:setup_preview", args=["cpla", "overview"]),
        {"pages-overview": "A draft overview, not saved."},
    )
    assert "A draft overview, not saved." in preview.text
    assert Program.objects.get(slug="cpla").overview == ""
    refused = client.post(reverse("programs:setup_publish", args=["cpla"]))
    assert refused.status_code == 302
    assert not Program.objects.get(slug="cpla").is_published
    pages = {f"pages-{n}": "" for n in ("ways_to_show_competence", "who_can_apply", "costs")}
    client.post(_section("pages", "cpla"), {**pages, "pages-overview": "About CPLA."})
    identity = {
        "identity-name": "Certified Public Library Administrator Program",
        "identity-short_name": "CPLA",
        "identity-certifying_body": "ALA-APA",
        "identity-contact_email": "cpla@certify.invalid",
        "identity-time_zone": "America/Chicago",
    }
    assert client.post(_section("identity", "cpla"), identity).status_code == 302
    confirm = client.get(reverse("programs:setup_publish", args=["cpla"]))
    assert "Yes, publish it" in confirm.text
    client.post(reverse("programs:setup_publish", args=["cpla"]))
    client.logout()
    assert "About CPLA." in client.get("/programs/cpla/").text


def test_faq_entries_are_added_reordered_and_taken_off_the_page(lsscp, client, staff):
    client.force_login(staff)
    FaqEntryFactory(program=lsscp, question="Is it online?", answer="Yes.", order=90)
    add = client.post(
        reverse("programs:setup_faq_add", args=["lsscp"]),
        {"faq-new-question": "What does it cost?", "faq-new-answer": "{enrollment_fee}."},
    )
    assert add.status_code == 302
    new = lsscp.faq_entries.get(question="What does it cost?")
    client.post(reverse("programs:setup_faq_move", args=["lsscp", new.pk]), {"to": "up"})
    questions = [e.question for e in lsscp.faq_entries.order_by("order", "id")]
    assert questions.index("What does it cost?") < questions.index("Is it online?")
    client.post(reverse("programs:setup_faq_publish", args=["lsscp", new.pk]), {"published": "0"})
    assert "What does it cost?" not in client.get("/programs/lsscp/faq/").text
    bad = client.post(
        reverse("programs:setup_faq_add", args=["lsscp"]),
        {"faq-new-question": "Q?", "faq-new-answer": "It costs {fee}."},
    )
    assert bad.status_code == 400
    assert "Unknown placeholder" in bad.text
    assert "It costs {fee}." in bad.text


@pytest.mark.parametrize("role", ["candidate", "reviewer", "provider", "sponsor", "no_role"])
def test_everyone_but_program_staff_is_refused(lsscp, client_as, role):
    client = client_as(role)
    assert client.get(reverse("programs:setup_list")).status_code == 403
    assert client.get(_settings()).status_code == 403
    assert client.post(_section("money"), MONEY).status_code == 403
    assert client.post(reverse("programs:setup_publish", args=["lsscp"])).status_code == 403
    api = client.patch(
        "/api/v1/staff/programs/lsscp/settings/money",
        {"renewal_fee_cents": 1},
        content_type="application/json",
    )
    assert api.status_code == 403
    lsscp.refresh_from_db()
    assert lsscp.renewal_fee_cents == LSSCP_RULES["renewal_fee_cents"]


def test_anonymous_visitors_are_sent_to_sign_in(lsscp, client):
    response = client.get(reverse("programs:setup_list"))
    assert response.status_code == 302
    assert reverse("account_login") in response.url


def test_the_list_costs_the_same_with_more_programs(lsscp, client, staff):
    client.force_login(staff)
    url = reverse("programs:setup_list")
    client.get(url)
    few = count_queries(lambda: client.get(url))
    for n in range(4):
        ProgramFactory(slug=f"p{n}", name=f"Program {n}", short_name=f"P{n}", is_published=False)
    many = count_queries(lambda: client.get(url))
    assert many == few
    assert "Program 3" in client.get(url).text


def test_the_api_changes_a_section_through_the_same_checks(lsscp, client, staff):
    client.force_login(staff)
    url = "/api/v1/staff/programs/lsscp/settings/money"
    refused = client.patch(url, {"member_fee_cents": 10**7}, content_type="application/json")
    assert refused.status_code == 400
    assert "member_fee_cents" in refused.json()["fields"]
    done = client.patch(url, {"renewal_fee_cents": 17500}, content_type="application/json")
    assert done.status_code == 200
    assert done.json()["renewal_fee_cents"] == 17500
    event = AuditEvent.objects.get(verb="program.settings_changed")
    assert event.data["changes"] == {"renewal_fee_cents": [LSSCP_RULES["renewal_fee_cents"], 17500]}
    history = client.get("/api/v1/staff/programs/lsscp/history").json()
    assert history[0]["changes"]["renewal_fee_cents"][1] == 17500
    assert history[0]["currency"] == "USD"  # the amounts' currency when they were changed
    other = client.patch(
        "/api/v1/staff/programs/lsscp/settings/money",
        {"renewal_ce_hours": 1},
        content_type="application/json",
    )
    assert other.status_code == 400


def test_the_api_lists_cost_the_same_with_more_rows(lsscp, client, staff):
    client.force_login(staff)
    programs, faq = "/api/v1/staff/programs", "/api/v1/staff/programs/lsscp/faq"
    client.get(programs)
    few = (count_queries(lambda: client.get(programs)), count_queries(lambda: client.get(faq)))
    for n in range(4):
        ProgramFactory(slug=f"p{n}", name=f"Program {n}", short_name=f"P{n}")
        FaqEntryFactory(program=lsscp, question=f"Question {n}?")
    many = (count_queries(lambda: client.get(programs)), count_queries(lambda: client.get(faq)))
    assert many == few
    assert len(client.get(programs).json()) == Program.objects.count()
