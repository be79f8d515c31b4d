"""Row helpers for long tables write exactly what the template tags they replace would write."""

from datetime import date

import pytest
from django.template import Context, Template
from django.urls import NoReverseMatch, clear_script_prefix, reverse, set_script_prefix
from django.utils import translation

from certify.core.rows import Row, _date_text, date_text, date_texts, url_for_each


@pytest.mark.parametrize("pk", [1, 7, 42, 918273645, 10**12])
def test_url_for_each_is_reverse_for_every_id(pk):
    assert url_for_each("portfolios:assess")(pk) == reverse("portfolios:assess", args=[pk])


def test_url_for_each_keeps_the_script_prefix_it_was_made_under():
    set_script_prefix("/certify/")
    try:
        link = url_for_each("portfolios:assess")
        assert link(5).startswith("/certify/")
        assert link(5) == reverse("portfolios:assess", args=[5])
    finally:
        clear_script_prefix()


def test_url_for_each_follows_a_changed_url_configuration(settings):
    assert url_for_each("portfolios:assess")(3) == reverse("portfolios:assess", args=[3])
    settings.ROOT_URLCONF = "tests.core.urls_moved"
    assert url_for_each("portfolios:assess")(3) == "/moved/3/"


def test_url_for_each_refuses_a_pattern_without_one_integer():
    with pytest.raises(NoReverseMatch):
        url_for_each("portfolios:review_queue")


@pytest.mark.parametrize("day", [date(2026, 3, 1), date(2026, 9, 30), date(2027, 1, 9)])
@pytest.mark.parametrize("fmt", ["M j, Y", "F j, Y", "DATE_FORMAT"])
def test_date_text_is_the_date_filter(day, fmt):
    filtered = Template("{{ day|date:fmt }}").render(Context({"day": day, "fmt": fmt}))
    assert date_text(day, fmt) == filtered
    assert date_text(day, fmt) == filtered  # remembered, the same


def test_date_text_follows_the_active_language():
    day = date(2026, 5, 4)
    with translation.override("de"):
        german = Template('{{ day|date:"F j, Y" }}').render(Context({"day": day}))
        assert date_text(day, "F j, Y") == german
    assert date_text(day, "F j, Y") == "May 4, 2026"


def test_date_texts_is_date_text_in_the_language_active_when_made():
    # From an empty memo: a German text kept by an earlier test (as test_date_text_follows_...
    # keeps one) hid that the memo wrote the language active when first asked, not its key's.
    _date_text.cache_clear()
    day = date(2026, 5, 4)
    with translation.override("de"):
        german = date_texts("F j, Y")
    english = date_texts("F j, Y")
    assert german(day) != english(day)
    with translation.override("de"):
        assert german(day) == date_text(day, "F j, Y")
    assert english(day) == date_text(day, "F j, Y") == "May 4, 2026"


def test_a_row_is_a_dictionary_that_hashes_by_its_contents():
    a = Row(url="/a/", n=1, choices=(Row(value="x", checked=True),))
    b = Row(n=1, choices=(Row(value="x", checked=True),), url="/a/")  # another order
    assert a == b
    assert hash(a) == hash(b)
    assert hash(a) != hash(Row(url="/a/", n=2, choices=()))
    assert len({(a,), (b,)}) == 1  # the same rows: one fragment key
    assert Template("{{ r.url }} {{ r.n }}").render(Context({"r": a})) == "/a/ 1"
