"""A second program set up from nothing through the screens alone (ADR 0055), as staff do it.

Staff sign in, create ALA-APA's Certified Public Library Administrator Program (its published
rules, with their sources, are in docs/programs/cpla.md), fill every section of its settings,
add its questions, preview its pages with unsaved text, draft its competency framework on the
framework screens (ADR 0056) and publish both. The public then sees its facts and fees; LSSCP's
pages are what they were. The settings page is checked at 1280, 390 and 320 px.

Then a candidate already enrolled in LSSCP applies to CPLA on its own page with an accredited
master's, staff record her check for CPLA's fee and accept her, she chooses her electives, her
sets are completed, staff approve her certificate (CPLA's rule), and she and the public see it as
CPLA's, issued by ALA-APA; her LSSCP application, plan and invoice stay as they were.
"""

import re

import pytest
from playwright.sync_api import Locator, Page, expect

from certify.programs.models import Program

from .certified_in_cpla import CANDIDATE, certified_in_cpla, lsscp_enrolled
from .journey import submit

pytestmark = pytest.mark.django_db(transaction=True)

STAFF = "staff@example.org"

CPLA = {
    "identity": {
        "Program name": "Certified Public Library Administrator Program",
        "Short name (e.g. LSSCP)": "CPLA",
        "Certifying body": "ALA-APA (the American Library Association-Allied Professional "
        "Association)",
        "Tagline (one sentence under the name)": "A voluntary post-MLS certification for public "
        "librarians with three years or more of supervisory experience.",
        "Contact e-mail address": "cpla@certify.invalid",
        "Time zone": "America/Chicago",
        "Checks are made out to": "ALA-APA",
        "Postal address for checks": "ALA-CPLA Program\n225 N. Michigan Ave., Suite 1300\n"
        "Chicago, IL 60601",
    },
    "eligibility": {
        "Hours of experience needed": "5460",
        "Within how many years before applying": "10",
        "Where candidates work, in one word": "library",
        "The field of the work": "library",
        "Kinds of workplace a candidate chooses from": "Public",
        "What experience counts": "paid or unpaid, in a public library",
        "Who accredits the degree program": "the American Library Association (ALA)",
        "Graduates of a recognized program apply within (years)": "0",
    },
    "money": {
        "Enrollment fee (US dollars)": "350.00",
        "Members of this organization pay the member price": "ALA",
        "Member price of enrollment (US dollars)": "250",
        "Renewal fee (US dollars)": "0.00",
        "Course approval fee (US dollars)": "0",
    },
    "candidacy": {
        "Elective sets each candidate completes": "3",
        "Years from acceptance to finish": "5",
    },
    "routes": {
        "Years a course approval lasts": "5",
        "Course completions count from up to this many years before approval": "1",
        "Share of competencies fully met to pass a portfolio set (%)": "100",
        "Resubmissions allowed": "0",
    },
    "certificate": {"Years a certificate is valid": "5"},
    "renewal": {
        "Renewal opens this many months before expiry": "12",
        "Grace period after expiry (months)": "0",
        "Continuing education hours to renew": "60",
        "Of which on one competency set (hours)": "0",
        "Contact hours in one semester credit": "15",
        "Contact hours in one quarter credit": "10",
        "Contact hours in one conference day": "6",
        "Share of renewals chosen at random for an evidence check (%)": "10",
        "Remind holders this many months before expiry": "6, 3, 1",
    },
    "appeals": {
        "Days to give notice of an appeal": "10",
        "Days to send the grounds of an appeal": "30",
    },
    "targets": {
        "Days to decide an application (target)": "90",
        "Days to review a portfolio (target)": "30",
        "Days to decide a renewal (target)": "30",
    },
    "pages": {
        "Overview": "The Certified Public Library Administrator Program (CPLA) is a voluntary "
        "post-MLS certification for public librarians who supervise.\n\nCandidates complete the "
        "four core standards and any {electives_required:words} of the five electives within "
        "{completion_limit_years:words} years of acceptance.",
        "Ways to show competence": "Each standard is met by an approved course from an approved "
        "provider. There is no portfolio route.",
        "Who can apply": "You need {education} and at least three years of supervisory "
        "experience in a public library.",
        "Costs": "Participation costs {enrollment_fee}, or {member_fee} for members of "
        "{member_organisation}. Course fees are paid to the providers.",
        "Help with costs": "Ask your library or state library about continuing education funds.",
    },
}
CHECKS = {
    "eligibility": {"Education outside the US is reviewed by staff": True},
    "money": {
        "Accept card payments": False,
        "Accept checks": True,
        "Accept purchase orders": True,
    },
    "certificate": {"Staff approve each certificate before it is issued": True},
}
RADIOS = {
    "eligibility": "A master's degree from an accredited program",
    "money": "When applying (refunded if not eligible)",
}
SETS = (
    ("BF", "Budget and Finance", "Required (core)"),
    ("TEC", "Management of Technology", "Required (core)"),
    ("OPA", "Organization and Personnel Administration", "Required (core)"),
    ("PMB", "Planning and Management of Buildings", "Required (core)"),
    ("CI", "Current Issues", "Elective"),
    ("FG", "Fundraising and Grantwriting", "Elective"),
    ("MK", "Marketing", "Elective"),
    ("PN", "Politics and Networking", "Elective"),
    ("SDP", "Service to Diverse Populations", "Elective"),
)


def field(part: Page | Locator, label: str) -> Locator:
    """The input labeled exactly `label` (a text input's label ends with a colon)."""
    return part.get_by_label(re.compile(f"^{re.escape(label)}:?$"))


def section(page: Page, key: str) -> Locator:
    return page.locator(f"section#{key}")


def save(page: Page, key: str) -> None:
    part = section(page, key)
    submit(page, part.get_by_role("button", name=re.compile(r"^Save ")))
    expect(page.get_by_text(re.compile(r": saved\.$"))).to_be_visible()


def fill_section(page: Page, key: str) -> None:
    part = section(page, key)
    for label, value in CPLA.get(key, {}).items():
        field(part, label).fill(value)
    for label, on in CHECKS.get(key, {}).items():
        field(part, label).set_checked(on)
    if key in RADIOS:
        field(part, RADIOS[key]).check()
    save(page, key)


def draft_framework(page: Page) -> None:
    page.goto("/staff/programs/cpla/framework/")
    submit(page, page.get_by_role("button", name="Start a draft"))
    version_url = page.url
    for code, name, kind in SETS:
        page.goto(version_url)
        form = page.locator("form").filter(has=page.get_by_role("button", name="Add the set"))
        field(form, "Code").fill(code)
        field(form, "Name").fill(name)
        field(form, kind).check()
        field(form, "Approved course only").check()
        submit(page, form.get_by_role("button", name="Add the set"))
        adding = page.locator("form").filter(
            has=page.get_by_role("button", name="Add the competency")
        )
        field(adding, "Code").fill(f"{code}-1")
        field(adding, "Statement").fill(f"Manages {name.lower()} well.")
        submit(page, adding.get_by_role("button", name="Add the competency"))
    page.goto(version_url)
    page.get_by_role("link", name="publish it").click()
    submit(page, page.get_by_role("button", name=re.compile(r"^Publish ")))


def test_staff_set_up_a_second_program_from_nothing_and_a_candidate_is_certified_in_it(
    page: Page, sign_in, workspace_step
):
    lsscp_app = lsscp_enrolled(CANDIDATE)  # Dana is in LSSCP first (her application, her plan)
    lsscp_costs_before = page.goto("/programs/lsscp/costs/").text()
    lsscp_who_before = page.goto("/programs/lsscp/who-can-apply/").text()
    sign_in(page, STAFF)

    page.goto("/staff/")  # the staff navigation's "Settings and records" leads there
    expect(page.locator('nav a[href="/staff/programs/"]').first).to_have_text(
        "Programs and their settings"
    )
    page.goto("/staff/programs/")
    page.get_by_role("link", name="New program").click()
    page.get_by_label("Program name").fill(CPLA["identity"]["Program name"])
    page.get_by_label("Short name (e.g. CPLA)").fill("CPLA")
    page.get_by_label("Web address name").fill("cpla")
    page.get_by_label("Certifying body").fill("ALA-APA")
    submit(page, page.get_by_role("button", name="Create the program"))
    expect(page.get_by_text("is set up, unpublished")).to_be_visible()
    workspace_step(page, "program-settings")

    # A fee the program cannot have is refused beside its field, with what was typed kept.
    money = section(page, "money")
    field(money, "Enrollment fee (US dollars)").fill("350.00")
    field(money, "Member price of enrollment (US dollars)").fill("400")
    field(money, "Members of this organization pay the member price").fill("ALA")
    submit(page, money.get_by_role("button", name=re.compile(r"^Save ")))
    money = section(page, "money")
    expect(money.get_by_text("There is a problem")).to_be_visible()
    expect(field(money, "Member price of enrollment (US dollars)")).to_have_value("400")
    workspace_step(page, "program-settings-refused")

    for key in ("identity", "eligibility", "money", "candidacy", "routes", "certificate"):
        fill_section(page, key)
    for key in ("renewal", "appeals", "targets", "pages"):
        fill_section(page, key)

    faq = section(page, "faq")
    for question, answer in (
        ("Do I have to be an ALA member?", "No. Members of {member_organisation} pay "
         "{member_fee} instead of {enrollment_fee}."),
        ("How long do I have to finish?", "{completion_limit_years:words} years from acceptance."),
    ):  # fmt: skip
        faq = section(page, "faq")
        field(faq, "Question").last.fill(question)
        field(faq, "Answer").last.fill(answer)
        submit(page, faq.get_by_role("button", name="Add the question"))
    submit(page, section(page, "faq").get_by_role("button", name=re.compile(r"^Move up")).first)

    # Preview with text typed and not saved; the saved text stays as it was.
    pages = section(page, "pages")
    field(pages, "Help with costs").fill("Draft help text, not saved yet.")
    submit(page, pages.get_by_role("button", name="Preview: Costs and help"))
    expect(page.get_by_text("Draft help text, not saved yet.")).to_be_visible()
    expect(page.get_by_text("$350.00", exact=False).first).to_be_visible()
    assert "Draft help" not in Program.objects.get(slug="cpla").help_with_costs

    draft_framework(page)

    page.goto("/staff/programs/cpla/settings/")
    expect(page.get_by_text("Fees and payment").first).to_be_visible()
    expect(page.get_by_text("→ $350.00").first).to_be_visible()  # the history, in its currency
    page.get_by_role("link", name="Publish…").click()
    submit(page, page.get_by_role("button", name="Yes, publish it"))
    expect(page.get_by_text("is published: its pages are public")).to_be_visible()
    expect(page.get_by_text("Pages shown to the public: no → yes")).to_be_visible()

    # The public sees CPLA's facts and fees; LSSCP's pages are unchanged.
    public = page.context.browser.new_context(base_url=page.url.split("/staff/")[0])
    visitor = public.new_page()
    visitor.goto("/programs/")
    expect(visitor.get_by_role("link", name=re.compile("Certified Public Library"))).to_be_visible()
    visitor.goto("/programs/cpla/costs/")
    expect(
        visitor.get_by_text("Participation costs $350.00, or $250.00 for members of ALA.")
    ).to_be_visible()
    visitor.goto("/programs/cpla/who-can-apply/")
    expect(
        visitor.get_by_text(
            "a master's degree from a program accredited by the American Library Association"
        ).first
    ).to_be_visible()
    visitor.goto("/programs/cpla/")
    expect(visitor.get_by_text("any three of the five electives within five years")).to_be_visible()
    expect(visitor.get_by_role("link", name="Service to Diverse Populations")).to_be_visible()
    visitor.goto("/programs/cpla/faq/")
    expect(visitor.locator("summary").first).to_have_text("How long do I have to finish?")
    assert visitor.goto("/programs/lsscp/costs/").text() == lsscp_costs_before
    assert visitor.goto("/programs/lsscp/who-can-apply/").text() == lsscp_who_before
    public.close()

    # A candidate applies to CPLA through its own page, which asks CPLA's questions.
    candidate = page.context.browser.new_context(base_url=page.url.split("/staff/")[0])
    dana = candidate.new_page()
    sign_in(dana, CANDIDATE)
    dana.goto("/apply/cpla/")
    expect(dana.get_by_role("heading", name=re.compile("Certified Public Library"))).to_be_visible()
    expect(
        dana.get_by_text("a master's degree from a program accredited by the American Library")
    ).to_be_visible()
    submit(dana, dana.get_by_role("button", name="Start my application"))
    expect(
        dana.get_by_label(
            "My degree is from a program accredited by the American Library Association (ALA)."
        )
    ).to_be_visible()
    expect(dana.get_by_label("Master's degree or higher")).to_be_visible()
    cpla_app_url = dana.url
    # LSSCP's apply page takes her to her LSSCP application: each program its own.
    dana.goto("/apply/lsscp/")
    expect(dana).to_have_url(re.compile(re.escape(lsscp_app.get_absolute_url()) + "$"))
    expect(dana.get_by_text("American Library Association (ALA)")).to_have_count(0)

    cpla = Program.objects.get(slug="cpla")
    assert (cpla.enrollment_fee_cents, cpla.member_fee_cents) == (35000, 25000)
    assert cpla.education_required == Program.EducationRule.MASTERS_ACCREDITED
    assert cpla.reminder_months == (6, 3, 1)
    assert cpla.certificate_approval_required
    lsscp = Program.objects.get(slug="lsscp")
    assert lsscp.education_required == Program.EducationRule.HIGH_SCHOOL
    assert lsscp.competency_sets.filter(code="BF").count() == 0

    # She finishes her CPLA application, staff settle its fee and accept her, she is certified
    # (tests/browser/certified_in_cpla.py), and her LSSCP side stays as it was.
    certified_in_cpla(
        staff=page, dana=dana, cpla_app_url=cpla_app_url, lsscp_app=lsscp_app, step=workspace_step
    )
    candidate.close()
