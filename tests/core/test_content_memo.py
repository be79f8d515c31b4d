"""Content kept by what it was made from (ADR 0068): the same facts give the kept markup, any
changed fact renders again, the CSRF field is each request's own, the database is refused."""

import dataclasses
from datetime import date
from decimal import Decimal

import pytest
from django.middleware.csrf import _unmask_cipher_token
from django.template import Template
from django.test import RequestFactory
from django.utils import translation

from certify.accounts.models import User
from certify.core import content_memo
from certify.core.content_memo import HiddenInputError, content_for, facts
from tests.factories import UserFactory

SECRET = "a" * 32


@pytest.fixture(autouse=True)
def _fresh():
    content_memo.forget_all()
    yield
    content_memo.forget_all()


def _request():
    request = RequestFactory().get("/plan/")
    request.META["CSRF_COOKIE"] = SECRET
    return request


class Counting:
    """`make_context` that counts how often it was asked."""

    def __init__(self, **values):
        self.values, self.calls = values, 0

    def __call__(self):
        self.calls += 1
        return dict(self.values)


@pytest.mark.database_free
def test_the_same_facts_give_the_kept_markup_without_building_the_context():
    template = Template("<p>{{ name }}</p>")
    first, second = Counting(name="Ada"), Counting(name="Ada")
    assert content_for(_request(), template, first, made_from=("Ada",)) == b"<p>Ada</p>"
    assert content_for(_request(), template, second, made_from=("Ada",)) == b"<p>Ada</p>"
    assert (first.calls, second.calls) == (1, 0)


@pytest.mark.database_free
def test_a_changed_fact_renders_again():
    template = Template("<p>{{ name }}</p>")
    content_for(_request(), template, Counting(name="Ada"), made_from=("Ada",))
    other = Counting(name="Grace")
    assert content_for(_request(), template, other, made_from=("Grace",)) == b"<p>Grace</p>"
    assert other.calls == 1


@pytest.mark.database_free
def test_the_language_is_part_of_the_key():
    template = Template("{% load i18n %}{% get_current_language as lang %}{{ lang }}")
    assert content_for(_request(), template, Counting(), made_from=()) == b"en-us"
    with translation.override("fr"):
        assert content_for(_request(), template, Counting(), made_from=()) == b"fr"


@pytest.mark.django_db
def test_a_changed_field_of_a_row_or_of_a_row_loaded_with_it_is_a_changed_fact():
    person = UserFactory(full_name="Ada Lovelace")
    same = User.objects.get(pk=person.pk)
    assert facts(person) == facts(same)
    same.full_name = "Ada King"
    assert facts(person) != facts(same)
    # An annotation (not a field) is in the facts too.
    annotated = User.objects.get(pk=person.pk)
    annotated.open_cases = 3
    assert facts(annotated) != facts(User.objects.get(pk=person.pk))


@pytest.mark.django_db
def test_the_facts_of_a_row_hold_the_rows_loaded_with_it(lsscp):
    from certify.programs.models import CompetencySet

    one = CompetencySet.objects.select_related("program").get(program=lsscp, code="FLS")
    two = CompetencySet.objects.select_related("program").get(program=lsscp, code="FLS")
    assert facts(one) == facts(two)
    two.program.name = "Another name"
    assert facts(one) != facts(two)


@pytest.mark.database_free
def test_plain_values_dataclasses_and_containers_have_facts():
    @dataclasses.dataclass
    class Box:
        size: Decimal
        on: date

    assert facts([Box(Decimal("1.50"), date(2026, 1, 2))]) == facts(
        [Box(Decimal("1.50"), date(2026, 1, 2))]
    )
    assert facts(Box(Decimal("1.50"), date(2026, 1, 2))) != facts(
        Box(Decimal("1.50"), date(2026, 1, 3))
    )
    assert facts({"a", "b"}) == facts({"b", "a"})
    assert facts(frozenset({1})) != facts(frozenset({2}))


@pytest.mark.database_free
def test_a_value_whose_facts_are_unknown_is_refused():
    class Opaque:
        pass

    with pytest.raises(TypeError, match="no facts for a"):
        facts([Opaque()])


@pytest.mark.django_db
def test_content_that_reads_the_database_is_refused_not_kept():
    person = UserFactory()
    # The template follows a relation the view did not load: a query, refused.
    template = Template("{{ person.role_assignments.all|length }}")
    lazy = User.objects.get(pk=person.pk)
    with pytest.raises(HiddenInputError, match="read the database"):
        content_for(_request(), template, Counting(person=lazy), made_from=(lazy,))
    assert len(content_memo._kept) == 0


@pytest.mark.database_free
def test_each_request_gets_its_own_csrf_field():
    template = Template("<form>{% csrf_token %}</form>")
    pages = [content_for(_request(), template, Counting(), made_from=()) for _ in range(2)]
    tokens = [page.split(b'value="')[1].split(b'"')[0].decode() for page in pages]
    assert tokens[0] != tokens[1]  # a fresh mask each time
    assert [_unmask_cipher_token(token) for token in tokens] == [SECRET, SECRET]
    # What is kept holds no one's token.
    (kept,) = content_memo._kept.values()
    assert all(token.encode() not in kept for token in tokens)


@pytest.mark.database_free
def test_what_is_kept_is_bounded(monkeypatch):
    monkeypatch.setattr(content_memo._kept, "max_entries", 3)
    template = Template("{{ n }}")
    for n in range(7):
        content_for(_request(), template, Counting(n=n), made_from=(n,))
        assert len(content_memo._kept) <= 3
