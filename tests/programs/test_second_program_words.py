"""A candidate of a second program, set up through the settings services the screens use (not
the data file), reads none of LSSCP's, ALA's or SSD's words: not on the pages they use, not in
the e-mails they are sent, not in their invoice's PDF."""

import io
import re

import pytest
from django.urls import reverse
from pypdf import PdfReader

from certify.notifications.models import OutgoingEmail
from certify.payments.api import enrollment_invoice_get_or_create
from tests.programs.second_program import rmt_set_up
from tests.programs.test_second_program import rmt_candidate

WORDS = re.compile(r"\b(LSSCP|ALA|ALA-APA|SSD|OLA)\b|Library Support Staff|library support staff")


@pytest.fixture
def rmt(lsscp, staff):
    return rmt_set_up(staff)


def _leaks(text):
    return sorted({m.group(0) for m in WORDS.finditer(text)})


def test_a_second_programs_candidate_reads_none_of_lsscps_words(rmt, staff, client):
    from certify.scholarships.api import defaults_ensure

    defaults_ensure()  # SSD and its funds, as every installation has them
    candidate, _application = rmt_candidate(rmt, staff)
    invoice = enrollment_invoice_get_or_create(user=candidate, program=rmt, actor=candidate)
    client.force_login(candidate)
    pages = {
        name: reverse(name, args=args)
        for name, args in [
            ("accounts:home", []),
            ("progress:plan", []),
            ("payments:list", []),
            ("payments:invoice", [invoice.code]),
            ("scholarships:index", []),
            ("notifications:list", []),
            *((f"programs:{p}", ["rmt"]) for p in ("overview", "who_can_apply", "costs", "faq")),
            ("programs:ways", ["rmt"]),
            ("programs:competencies", ["rmt"]),
        ]
    }
    found = {}
    for name, url in pages.items():
        answer = client.get(url)
        assert answer.status_code == 200, (name, answer.status_code)
        if leaks := _leaks(answer.content.decode()):
            found[name] = leaks
    pdf = client.get(reverse("payments:invoice_pdf", args=[invoice.code]))
    assert pdf.status_code == 200
    pdf_text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(b"".join(pdf))).pages)
    assert "RMT" in pdf_text or "Records Management" in pdf_text
    if leaks := _leaks(pdf_text):
        found["invoice PDF"] = leaks
    emails = OutgoingEmail.objects.filter(to=candidate.email)
    assert emails.exists()  # the decision on the application, at least
    for email in emails:
        if leaks := _leaks(email.subject + email.text_body + email.html_body):
            found[f"e-mail {email.subject}"] = leaks
    assert found == {}


def test_a_second_programs_holder_reads_none_of_lsscps_words_on_the_certificate(rmt, client):
    from django.utils import timezone

    from tests.renewals.conftest import holder_with_certificate

    certificate = holder_with_certificate(rmt, issued_on=timezone.localdate())
    client.force_login(certificate.holder)
    number = certificate.number
    found = {}
    for name, args in [
        ("certificates:mine", []),
        ("certificates:verify", [number]),
        ("certificates:credential", [number]),
    ]:
        answer = client.get(reverse(name, args=args))
        assert answer.status_code == 200, (name, answer.status_code)
        if leaks := _leaks(b"".join(answer).decode()):
            found[name] = leaks
    pdf = client.get(reverse("certificates:pdf", args=[number]))
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(b"".join(pdf))).pages)
    assert "Records Management" in text
    if leaks := _leaks(text):
        found["certificate PDF"] = leaks
    assert found == {}


def test_a_scholarship_applicant_of_a_second_program_reads_its_words_for_experience(rmt, client):
    from tests.factories import FundFactory, ScholarshipApplicationFactory, UserFactory

    fund = FundFactory(program=rmt, name="Records Bursary", min_years_experience=2)
    applicant = UserFactory(roles=["candidate"])
    application = ScholarshipApplicationFactory(fund=fund, applicant=applicant, years_experience=3)
    client.force_login(applicant)
    page = client.get(reverse("scholarships:application", args=[application.pk])).text
    assert "Records management experience" in page
    assert "Library experience" not in page


def test_a_scholarship_decision_of_a_second_programs_fund_is_signed_by_that_program(rmt):
    from certify.scholarships.services.notices import tell_decision
    from tests.factories import FundFactory, ScholarshipApplicationFactory, UserFactory

    fund = FundFactory(program=rmt, name="Records Bursary")
    applicant = UserFactory(roles=["candidate"])
    application = ScholarshipApplicationFactory(fund=fund, applicant=applicant)
    tell_decision(application=application, reason="The fund is spent.")
    email = OutgoingEmail.objects.get(to=applicant.email)
    assert f"{rmt.name} · {rmt.certifying_body}" in email.text_body
    assert _leaks(email.subject + email.text_body + email.html_body) == []
