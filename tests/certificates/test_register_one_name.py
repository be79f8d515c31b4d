"""A person with a single name is found in the public register by that one word (ADR 0030):
only a listed holder all of whose names (on the account and on the certificates) are that word,
and only their certificates printed with it, folded like every search (case, accents, spaces
around). One word of a longer name, part of a word, or a word with an initial is refused as a
name not in full, as before, whoever is listed; the limit of 10 and the state hold as for two
words. The page and the API (`GET /api/v1/register`) answer alike."""

from datetime import timedelta

import pytest
from django.utils import timezone

from certify.accounts.models import Role
from certify.certificates.models import Certificate
from certify.certificates.register import (
    NAME_NEEDED,
    ONE_NAME,
    RESULTS_LIMIT,
    TOO_BROAD,
    search_terms,
)
from certify.certificates.services import register_listing_set
from certify.core.codes import code_new
from certify.core.errors import DomainError
from tests.certificates.test_register import REGISTER, holder
from tests.factories import UserFactory

API = "/api/v1/register"


def on_page(text: str) -> str:
    return text.replace("&#x27;", "'")


def shown(client, **query) -> list[str]:
    """The names the page lists, after checking the API lists the same."""
    page = client.get(REGISTER, query)
    answer = client.get(API, query)
    assert (page.status_code, answer.status_code) == (200, 200), on_page(page.text)
    names = [row["holder_name"] for row in answer.json()["results"]]
    for name in names:
        assert f"<strong>{name}</strong>" in page.text
    assert page.text.count("<strong>") == len(names)
    return sorted(names)


def refused(client, words: str, **query) -> None:
    page = client.get(REGISTER, query)
    answer = client.get(API, query)
    assert page.status_code == 400, query
    assert words in on_page(page.text)
    assert "<strong>" not in page.text  # nobody listed
    assert answer.status_code == 400, query
    assert (answer.json()["detail"], answer.json()["field"]) == (words, "name")


def certificate(person, program, printed: str) -> Certificate:
    today = timezone.localdate()
    return Certificate.objects.create(
        holder=person,
        program=program,
        number=f"LSSCP-2026-{code_new()}",
        holder_name=printed,
        status=Certificate.Status.VALID,
        issued_on=today - timedelta(days=10),
        expires_on=today + timedelta(days=1000),
    )


@pytest.mark.database_free
@pytest.mark.parametrize(
    ("typed", "one_name"),
    [("Madonna", True), ("  ZOË ", True), ("madonna madonna", True), ("avery stone", False)],
)
def test_one_whole_word_alone_is_read_as_a_whole_name(typed, one_name):
    assert search_terms(typed).one_name is one_name


@pytest.mark.database_free
@pytest.mark.parametrize("typed", ["", "m", "m.", "madonna m", "m madonna", "--!"])
def test_no_word_one_letter_or_one_word_with_an_initial_is_refused(typed):
    with pytest.raises(DomainError) as refusal:
        search_terms(typed)
    assert (refusal.value.message, refusal.value.field) == (NAME_NEEDED, "name")


@pytest.mark.django_db
def test_a_holder_with_one_name_is_found_by_it_folded_page_and_api_alike(client, program):
    holder(program, "Madonna", state="NY")
    holder(program, "Zoë", state="OH")
    for typed in ("madonna", "MADONNA", "  Madonna  ", "madonna madonna"):
        assert shown(client, name=typed) == ["Madonna"], typed
    assert shown(client, name="zoe") == ["Zoë"]
    assert shown(client, name="Zoë", state="OH") == ["Zoë"]


@pytest.mark.django_db
def test_one_word_of_a_longer_name_is_refused_as_before_whoever_is_listed(client, program):
    holder(program, "Avery Stone", state="TX")
    holder(program, "Stone", state="TX")
    for typed in ("avery", "AVERY", "avery a"):
        refused(client, NAME_NEEDED, name=typed)
    assert shown(client, name="stone") == ["Stone"]  # only the one whose whole name it is
    assert shown(client, name="stone avery") == ["Avery Stone"]


@pytest.mark.django_db
def test_part_of_a_one_word_name_or_more_than_it_finds_nobody(client, program):
    holder(program, "Madonna")
    for typed in ("madon", "adonna", "madonnas", "madonna m", "madonna ciccone"):
        page = client.get(REGISTER, {"name": typed})
        assert "<strong>Madonna" not in page.text, typed
    refused(client, NAME_NEEDED, name="madon")
    refused(client, NAME_NEEDED, name="madonna m")


@pytest.mark.django_db
def test_a_state_narrows_a_one_word_search_and_nobody_there_is_refused(client, program):
    holder(program, "Madonna", state="NY")
    assert shown(client, name="madonna", state="NY") == ["Madonna"]
    refused(client, NAME_NEEDED, name="madonna", state="TX")


@pytest.mark.django_db
def test_every_listed_name_must_be_that_one_word(client, program):
    """A holder whose account or a certificate carries another word is found by two words."""
    signed_up_short = UserFactory(full_name="Prince", roles=[Role.CANDIDATE])
    certificate(signed_up_short, program, "Prince Nelson")
    register_listing_set(user=signed_up_short, state="MN")
    longer_account = UserFactory(full_name="Cher Sarkisian", roles=[Role.CANDIDATE])
    certificate(longer_account, program, "Cher")
    register_listing_set(user=longer_account, state="CA")
    refused(client, NAME_NEEDED, name="prince")
    refused(client, NAME_NEEDED, name="cher")
    assert shown(client, name="nelson prince") == ["Prince Nelson"]
    assert shown(client, name="cher sarkisian") == ["Cher"]


@pytest.mark.django_db
def test_a_certificate_printed_later_with_more_words_is_not_shown_by_one_word(client, program):
    person = holder(program, "Madonna", state="NY")
    certificate(person, program, "Madonna Ciccone")
    certificate(person, program, "Madonna-Ciccone")
    assert shown(client, name="madonna") == ["Madonna"]


@pytest.mark.django_db
def test_more_one_word_matches_than_the_limit_are_refused_as_too_broad(client, program):
    for n in range(RESULTS_LIMIT + 1):
        holder(program, "Maria", state="OH" if n < 2 else "TX")
    refused(client, TOO_BROAD.format(limit=RESULTS_LIMIT), name="maria")
    assert shown(client, name="maria", state="OH") == ["Maria", "Maria"]


@pytest.mark.django_db
def test_a_one_word_search_costs_the_same_queries_for_few_or_many(
    client, program, django_assert_num_queries
):
    holder(program, "Quinn")
    with django_assert_num_queries(2) as few:  # the programs' time zones, the search itself
        client.get(API, {"name": "quinn"})
    for _ in range(RESULTS_LIMIT - 1):
        holder(program, "Quinn")
    with django_assert_num_queries(len(few.captured_queries)):
        answer = client.get(API, {"name": "quinn"})
    assert len(answer.json()["results"]) == RESULTS_LIMIT


@pytest.mark.django_db
def test_the_rule_is_said_beside_the_name_field_and_in_the_api_description(client):
    page = on_page(client.get(REGISTER).text)
    field = page.find('name="name"')
    assert field > 0
    assert abs(page.find(ONE_NAME) - field) < 600
    schema = client.get("/api/v1/openapi.json").json()
    name = next(
        p for p in schema["paths"]["/api/v1/register"]["get"]["parameters"] if p["name"] == "name"
    )
    assert "whole name is that one word" in name["description"]


@pytest.mark.django_db
def test_the_one_word_rule_is_said_once_on_a_refused_search_and_the_help_says_what_to_type(
    client,
):
    """The field's help says what to type for a person of one name; what one word finds is said
    in the refusal beside the field, where a person who typed one word and found nobody reads
    it, and not in the help under it a second time."""
    rule = "whole name is that word"
    empty = on_page(client.get(REGISTER).text)
    assert ONE_NAME in empty
    assert rule not in ONE_NAME
    assert empty.count(rule) == 0
    page = client.get(REGISTER, {"name": "avery"})
    assert page.status_code == 400
    text = on_page(page.text)
    assert NAME_NEEDED in text
    assert ONE_NAME in text
    assert text.count(rule) == 1
