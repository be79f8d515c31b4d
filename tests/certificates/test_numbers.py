"""Certificate and candidate numbers (ADR 0021, ADR 0030): new ones carry a random part nobody
can walk; every number issued before keeps resolving, however it is typed."""

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from certify.applications.models import Application
from certify.applications.services import application_start
from certify.certificates.models import Certificate
from certify.certificates.numbers import number_format, number_new, number_normal
from certify.core.codes import ALPHABET, LENGTH, code_new, codes_new, plain_digits
from certify.courses.numbers import candidate_number, candidate_number_parse
from tests.certificates.conftest import finish, nearly_done
from tests.factories import UserFactory

codes = st.text(alphabet=ALPHABET, min_size=LENGTH, max_size=LENGTH).filter(
    lambda c: not c.isdigit()
)
separators = st.sampled_from(["-", " ", " - ", "\u2013", "--", "_"])


def test_a_new_code_is_eight_unambiguous_symbols_with_a_letter():
    for _ in range(500):
        code = code_new()
        assert re.fullmatch(rf"[{ALPHABET}]{{{LENGTH}}}", code)
        assert not code.isdigit()  # an all-digit part is an old, sequential number
    assert not set("01OIL UV") & set(ALPHABET)


def test_codes_made_in_bulk_are_all_different_and_avoid_the_ones_taken(monkeypatch):
    made = iter(["AAAAAAAA", "BBBBBBBB", "AAAAAAAA", "CCCCCCCC", "DDDDDDDD"])
    monkeypatch.setattr("certify.core.codes.code_new", lambda: next(made))
    assert codes_new(3, taken={"BBBBBBBB"}) == ["AAAAAAAA", "CCCCCCCC", "DDDDDDDD"]


@given(code=codes, year=st.integers(2000, 2099))
def test_a_new_number_has_its_format_and_reads_back_as_itself(code, year):
    number = number_format(short_name="LSSCP", year=year, code=code)
    assert re.fullmatch(rf"LSSCP-\d{{4}}-[{ALPHABET}]{{8}}", number)
    assert number_normal(number) == number


@given(code=codes, year=st.integers(2000, 2099), first=separators, second=separators)
def test_a_typed_number_is_read_in_any_case_with_any_separators(code, year, first, second):
    number = number_format(short_name="LSSCP", year=year, code=code)
    typed = f"  lsscp{first}{year}{second}{code.lower()} "
    assert number_normal(typed) == number


@given(n=st.integers(1, 999_999), year=st.integers(2000, 2099), sep=separators)
def test_an_old_number_is_read_with_or_without_its_leading_zeros(n, year, sep):
    printed = f"LSSCP-{year}-{n:06d}"
    assert number_normal(printed) == printed
    assert number_normal(f"lsscp{sep}{year}{sep}{n}") == printed


@given(code=codes, first=separators, second=separators, n=st.integers(1, 999_999))
def test_a_typed_candidate_number_is_read_like_a_certificate_number(code, first, second, n):
    assert candidate_number_parse(f" lsscp{first}c{second}{code.lower()} ") == ("LSSCP", code)
    assert candidate_number_parse(f"LSSCP{first}C{second}{n}") == ("LSSCP", f"{n:06d}")
    assert candidate_number_parse(f"LSSCP-{code}") is None  # a certificate's shape is not one


def test_a_repeated_random_part_is_drawn_again(monkeypatch):
    drawn = iter(["7K3Q9M2X", "7K3Q9M2X", "4HW8RT2N"])
    monkeypatch.setattr("certify.certificates.numbers.code_new", lambda: next(drawn))
    held = {"LSSCP-2026-7K3Q9M2X"}
    assert number_new(short_name="LSSCP", year=2026, taken=held.__contains__) == (
        "LSSCP-2026-4HW8RT2N"
    )


@pytest.mark.django_db
def test_two_consecutive_certificates_differ_in_their_random_part(program):
    numbers = []
    for name in ("Ann One", "Ben Two"):
        application, last = nearly_done(program, name=name)
        finish(last)
        numbers.append(Certificate.objects.get(application=application).number)
    first, second = (n.rsplit("-", 1)[1] for n in numbers)
    assert first != second  # not the next of a sequence: each is drawn afresh
    assert not first.isdigit()
    assert not second.isdigit()


@pytest.mark.django_db
def test_a_new_candidate_number_is_random_and_a_repeat_is_drawn_again(program, monkeypatch):
    taken = Application.objects.create(
        candidate=UserFactory(), program=program, number_key="7K3Q9M2X"
    )
    drawn = iter(["7K3Q9M2X", "4HW8RT2N"])
    monkeypatch.setattr("certify.applications.services.code_new", lambda: next(drawn))
    application = application_start(candidate=UserFactory(), program=program)
    assert application.number_key == "4HW8RT2N"
    assert candidate_number(application) == "LSSCP-C-4HW8RT2N"
    assert candidate_number(taken) != candidate_number(application)
    assert candidate_number_parse(" lsscp-c-4hw8rt2n ") == ("LSSCP", "4HW8RT2N")


OLD_NUMBERS = ["LSSCP-2024-000002", "LSSCP-2021-000123"]


@pytest.mark.django_db
@pytest.mark.parametrize("old", OLD_NUMBERS)
def test_every_old_number_still_resolves_on_its_page_the_api_the_lookup_and_downloads(
    client, program, old
):
    """Printed QR codes, providers' files, credentials and LinkedIn links hold the old numbers."""
    application, last = nearly_done(program, name="Old Holder")
    finish(last)
    certificate = Certificate.objects.get(application=application)
    Certificate.objects.filter(pk=certificate.pk).update(number=old)
    _, year, n = old.split("-")

    assert client.get(f"/verify/{old}/").status_code == 200
    assert "Old Holder" in client.get(f"/verify/{old}/").text
    assert client.get(f"/api/v1/certificates/{old}").json()["number"] == old
    # Typed another way: the page sends to the printed number's page, the API answers the same.
    for typed in (old.lower(), f"LSSCP-{year}-{int(n)}", f"lsscp {year} {n}"):
        response = client.get(f"/verify/{typed}/")
        assert response.status_code == 302
        assert response["Location"] == f"/verify/{old}/"
        assert client.get(f"/api/v1/certificates/{typed}").json()["number"] == old
    lookup = client.get("/verify/", {"number": f" {old.lower()} "})
    assert lookup["Location"] == f"/verify/{old}/"
    client.force_login(certificate.holder)
    assert client.get(f"/certificates/{old}/certificate.pdf").status_code == 200
    assert client.get(f"/certificates/{old}/credential.json").status_code == 200


@pytest.mark.django_db
def test_an_unknown_number_is_still_not_found_whatever_its_shape(client, program):
    for number in ("LSSCP-2026-ZZZZZZZZ", "LSSCP-2024-999999", "nothing"):
        assert client.get(f"/verify/{number}/", follow=True).status_code == 404
        assert client.get(f"/api/v1/certificates/{number}").status_code == 404


@given(text=st.text())
def test_any_typed_text_is_read_without_an_error(text):
    """`str.isdigit()` says yes to "³", which `int()` refuses: a number with one (the contract
    fuzz sent `0\r²` to the wallet offer) was a server error instead of no such number."""
    number_normal(text)
    candidate_number_parse(text)


def test_a_superscript_is_not_a_digit_of_a_number():
    assert number_normal("lsscp-2026-³") == "LSSCP-2026-³"
    assert candidate_number_parse("LSSCP-C-²") is None


def test_plain_digits_are_what_int_reads():
    assert plain_digits("0123")
    for text in ("", "³", "١٢", "12a", " 1", "-1", "1.0"):
        assert not plain_digits(text)


@pytest.mark.database_free
def test_a_run_of_digits_longer_than_any_number_is_not_read_as_one():
    """Python refuses to read more than 4,300 digits (a `ValueError`, so a 500), and a bigint
    holds 18 digits safely: a longer run is not a number anywhere Certify reads one."""
    long = "1" * 5000
    assert plain_digits("9" * 18)
    assert not plain_digits("1" * 19)
    assert not plain_digits(long)
    assert number_normal(f"lsscp 2024 {long}") == f"LSSCP-2024-{long}"
    assert candidate_number_parse(f"LSSCP-C-{long}") is None


@pytest.mark.django_db
def test_the_public_pages_answer_a_number_of_thousands_of_digits_with_not_found(client):
    long = "1" * 5000
    for url in (
        f"/verify/LSSCP-2024-{long}/",
        f"/api/v1/certificates/LSSCP-2024-{long}",
    ):
        response = client.get(url)
        assert response.status_code == 404, url
