"""The program's settings, in the sections staff see them (the settings page, the API, the
history). One place says which fields a section holds and what each is called in words a staff
member understands; the setup service (`programs/setup.py`) checks and saves them."""

from dataclasses import dataclass

from certify.programs.models import PAYMENT_FIELDS, RULE_FIELDS

# Fields kept in whole cents and typed in the program's currency ("350.00").
MONEY_FIELDS = (
    "enrollment_fee_cents",
    "member_fee_cents",
    "renewal_fee_cents",
    "course_approval_fee_cents",
)


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    intro: str
    fields: tuple[str, ...]


SECTIONS: tuple[Section, ...] = (
    Section(
        "identity",
        "Name and contact",
        "What the program is called, who runs it, and where people and checks reach it.",
        (
            "name",
            "short_name",
            "certifying_body",
            "tagline",
            "contact_email",
            "time_zone",
            "check_payable_to",
            "check_address",
        ),
    ),
    Section(
        "eligibility",
        "Who can apply",
        "The experience and education an application needs.",
        (
            "experience_hours_required",
            "experience_window_years",
            "workplace_noun",
            "experience_field",
            "workplace_kinds",
            "experience_counts",
            "education_required",
            "education_accreditor",
            "non_us_education_case_by_case",
            "recognised_programme_years",
        ),
    ),
    Section(
        "money",
        "Fees and payment",
        "Fees are typed in the program's currency, to the cent. A change of fee or currency "
        "applies to new invoices; invoices already issued keep their amounts and currency.",
        (
            "currency",
            "enrollment_fee_cents",
            "member_organisation",
            "member_fee_cents",
            "renewal_fee_cents",
            "course_approval_fee_cents",
            "payment_timing",
            "accepts_card",
            "accepts_check",
            "accepts_purchase_order",
        ),
    ),
    Section(
        "candidacy",
        "Competency sets and deadline",
        "How many elective sets a candidate completes, and how long they have.",
        ("electives_required", "completion_limit_years"),
    ),
    Section(
        "routes",
        "Courses and portfolios",
        "How approved courses count and how a portfolio is judged.",
        (
            "course_approval_years",
            "course_completion_lookback_years",
            "portfolio_met_percent",
            "portfolio_resubmissions",
        ),
    ),
    Section(
        "certificate",
        "Certificate",
        "How long a certificate is valid and whether staff approve each one.",
        ("certificate_validity_years", "certificate_approval_required"),
    ),
    Section(
        "renewal",
        "Renewal",
        "When and how a certificate is renewed, and when holders are reminded.",
        (
            "renewal_window_months",
            "renewal_grace_months",
            "renewal_ce_hours",
            "renewal_technology_hours",
            "renewal_technology_set_code",
            "semester_credit_hours",
            "quarter_credit_hours",
            "conference_day_hours",
            "renewal_audit_percent",
            "renewal_reminder_months",
        ),
    ),
    Section(
        "appeals",
        "Appeals",
        "How long a candidate has to appeal a decision.",
        ("appeal_notice_days", "appeal_grounds_days"),
    ),
    Section(
        "targets",
        "Service targets",
        "How soon the program means to decide, shown to candidates.",
        ("target_application_days", "target_portfolio_review_days", "target_renewal_days"),
    ),
    Section(
        "pages",
        "Public pages",
        "Plain text; a blank line starts a new paragraph. Quote a rule with a placeholder such "
        "as {enrollment_fee} or {experience_window_years:words}: the page fills it in.",
        ("overview", "ways_to_show_competence", "who_can_apply", "costs", "help_with_costs"),
    ),
)
SECTION_BY_KEY = {section.key: section for section in SECTIONS}

LABELS = {
    "name": "Program name",
    "short_name": "Short name (e.g. LSSCP)",
    "certifying_body": "Certifying body",
    "tagline": "Tagline (one sentence under the name)",
    "contact_email": "Contact e-mail address",
    "time_zone": "Time zone",
    "check_payable_to": "Checks are made out to",
    "check_address": "Postal address for checks",
    "experience_hours_required": "Hours of experience needed",
    "experience_window_years": "Within how many years before applying",
    "workplace_noun": "Where candidates work, in one word",
    "experience_field": "The field of the work",
    "workplace_kinds": "Kinds of workplace a candidate chooses from",
    "experience_counts": "What experience counts",
    "education_required": "Education needed",
    "education_accreditor": "Who accredits the degree program",
    "non_us_education_case_by_case": "Education outside the US is reviewed by staff",
    "recognised_programme_years": "Graduates of a recognized program apply within (years)",
    "currency": "Currency",
    "enrollment_fee_cents": "Enrollment fee",
    "member_organisation": "Members of this organization pay the member price",
    "member_fee_cents": "Member price of enrollment",
    "renewal_fee_cents": "Renewal fee",
    "course_approval_fee_cents": "Course approval fee",
    "payment_timing": "When the enrollment fee is paid",
    "accepts_card": "Accept card payments",
    "accepts_check": "Accept checks",
    "accepts_purchase_order": "Accept purchase orders",
    "electives_required": "Elective sets each candidate completes",
    "completion_limit_years": "Years from acceptance to finish",
    "course_approval_years": "Years a course approval lasts",
    "course_completion_lookback_years": "Course completions count from up to this many years "
    "before approval",
    "portfolio_met_percent": "Share of competencies fully met to pass a portfolio set (%)",
    "portfolio_resubmissions": "Resubmissions allowed",
    "certificate_validity_years": "Years a certificate is valid",
    "certificate_approval_required": "Staff approve each certificate before it is issued",
    "renewal_window_months": "Renewal opens this many months before expiry",
    "renewal_grace_months": "Grace period after expiry (months)",
    "renewal_ce_hours": "Continuing education hours to renew",
    "renewal_technology_hours": "Of which on one competency set (hours)",
    "renewal_technology_set_code": "Competency set those hours are on",
    "semester_credit_hours": "Contact hours in one semester credit",
    "quarter_credit_hours": "Contact hours in one quarter credit",
    "conference_day_hours": "Contact hours in one conference day",
    "renewal_audit_percent": "Share of renewals chosen at random for an evidence check (%)",
    "renewal_reminder_months": "Remind holders this many months before expiry",
    "appeal_notice_days": "Days to give notice of an appeal",
    "appeal_grounds_days": "Days to send the grounds of an appeal",
    "target_application_days": "Days to decide an application (target)",
    "target_portfolio_review_days": "Days to review a portfolio (target)",
    "target_renewal_days": "Days to decide a renewal (target)",
    "overview": "Overview",
    "ways_to_show_competence": "Ways to show competence",
    "who_can_apply": "Who can apply",
    "costs": "Costs",
    "help_with_costs": "Help with costs",
    "is_published": "Pages shown to the public",
    "question": "Question",
    "answer": "Answer",
    "order": "Place in the list",
}

HELP = {
    "time_zone": "Certificate dates are the day they are in this zone, e.g. America/Chicago.",
    "check_address": "One line per line. Leave empty and checks are not offered.",
    "check_payable_to": "Leave empty for the certifying body.",
    "workplace_noun": "Lowercase, e.g. library or organization: “Type of library”.",
    "experience_field": "Lowercase, e.g. library or records management: “library experience”. "
    "Leave empty to say just “experience”.",
    "workplace_kinds": "One per line, e.g. Public, Academic. Leave empty and no kind is asked. "
    "Entries already made keep their kind.",
    "experience_counts": "A phrase after the hours, e.g. “paid or unpaid, in any type of "
    "library”. Plain text.",
    "education_accreditor": "Only for an accredited master's, e.g. the American Library "
    "Association (ALA).",
    "non_us_education_case_by_case": "Staff decide each application with education outside the "
    "US; the education rule is not applied to it automatically.",
    "currency": "Fees, course costs and new scholarship funds are in it. Invoices already issued "
    "keep theirs; a fund keeps the currency it was made in.",
    "member_fee_cents": "At most the enrollment fee.",
    "renewal_technology_hours": "For example 4 on a technology set; 0 for no minimum on a set.",
    "renewal_technology_set_code": "Needed when there is a minimum on a set.",
    "renewal_audit_percent": "Once its fee is paid, a renewal chosen waits for staff to check its "
    "evidence; the others are renewed at once.",
    "renewal_reminder_months": "Whole months, separated by commas, e.g. 12, 6, 3, 1. A notice "
    "also goes out at lapse.",
    "accepts_card": "Shown only when card payments are configured for the site too.",
    "accepts_check": "Offered only once the postal address for checks is given (Name and contact).",
}

# Every field a section may change: the rules, the ways of paying, names, prose, targets.
SETTING_FIELDS = tuple(name for section in SECTIONS for name in section.fields)
# Every rule and way of paying has its section.
UNSECTIONED = (set(RULE_FIELDS) | set(PAYMENT_FIELDS)) - set(SETTING_FIELDS)


def label(name: str) -> str:
    return LABELS.get(name, name.replace("_", " ").capitalize())
