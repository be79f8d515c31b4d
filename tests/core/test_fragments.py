"""`{% fragment %}` writes what an include with only its values writes, remembered per set of
values, and refuses templates whose output would depend on more than those values."""

import pytest
from django.template import Context, Engine, TemplateSyntaxError
from django.utils import translation

from certify.core.templatetags import fragments


def _engine(templates: dict[str, str]) -> Engine:
    return Engine(
        loaders=[
            (
                "django.template.loaders.cached.Loader",
                [("django.template.loaders.locmem.Loader", templates)],
            )
        ],
        libraries={
            "fragments": "certify.core.templatetags.fragments",
            "i18n": "django.templatetags.i18n",
        },
    )


PAGE = '{% load fragments %}{% fragment "nav.html" items=items n=n %}|{{ secret }}'
NAV = "{% for i in items %}<a>{{ i }}</a>{% endfor %}{{ n }}{{ secret }}{{ request.path }}"


@pytest.fixture(autouse=True)
def _forget():
    fragments._kept.clear()
    yield
    fragments._kept.clear()


def test_the_fragment_sees_only_its_values_and_is_remembered_per_value():
    engine = _engine({"page.html": PAGE, "nav.html": NAV})
    page = engine.get_template("page.html")
    first = page.render(Context({"items": ("a", "<b>"), "n": 1, "secret": "S"}))
    # The page's other variables do not reach the fragment; its values are escaped as usual.
    assert first == "<a>a</a><a>&lt;b&gt;</a>1|S"
    assert len(fragments._kept) == 1
    assert page.render(Context({"items": ("a", "<b>"), "n": 1, "secret": "T"})) == (
        "<a>a</a><a>&lt;b&gt;</a>1|T"
    )
    assert len(fragments._kept) == 1  # the same values: the same markup, kept once
    assert page.render(Context({"items": ("a",), "n": 2})).startswith("<a>a</a>2|")
    assert len(fragments._kept) == 2


def test_values_that_cannot_be_hashed_render_every_time():
    engine = _engine({"page.html": PAGE, "nav.html": NAV})
    html = engine.get_template("page.html").render(Context({"items": ["x"], "n": 0}))
    assert html == "<a>x</a>0|"
    assert not fragments._kept


def test_the_language_is_part_of_the_key():
    engine = _engine(
        {
            "page.html": '{% load fragments %}{% fragment "t.html" n=1 %}',
            "t.html": "{% load i18n %}{% get_current_language as lang %}{{ lang }}",
        }
    )
    page = engine.get_template("page.html")
    with translation.override("en"):
        assert page.render(Context({})) == "en"
    with translation.override("fr"):
        assert page.render(Context({})) == "fr"


def test_each_page_writes_its_own_csrf_field_into_a_kept_fragment():
    engine = _engine(
        {
            "page.html": '{% load fragments %}{% fragment "form.html" n=n %}{% csrf_token %}',
            "form.html": "<form>{% csrf_token %}{{ n }}</form>",
        }
    )
    page = engine.get_template("page.html")
    for token in ("first-token", "second-token"):
        html = page.render(Context({"n": 1, "csrf_token": token}))
        field = f'<input type="hidden" name="csrfmiddlewaretoken" value="{token}">'
        assert html == f"<form>{field}1</form>{field}"
        assert fragments._PLACEHOLDER not in html
    assert len(fragments._kept) == 1
    assert fragments._PLACEHOLDER in next(iter(fragments._kept.values()))  # never a real token
    # Without a token in the page (no request), no field: as `{% csrf_token %}` writes it.
    assert page.render(Context({"n": 1})) == "<form>1</form>"


@pytest.mark.parametrize(
    "body",
    [
        "{% url 'progress:plan' %}",
        "{% load static %}{% static 'x.css' %}",
        '{% include "other.html" %}',
        "{% if n %}{% url 'progress:plan' %}{% endif %}",
        "{% load once %}{% url_once 'progress:plan' %}",
        "{% load once %}{% static_once 'x.css' %}",
    ],
)
def test_a_fragment_may_not_depend_on_settings_or_the_request(body):
    engine = _engine(
        {"page.html": '{% load fragments %}{% fragment "t.html" n=1 %}', "t.html": body}
    )
    with pytest.raises(TemplateSyntaxError, match="fragment"):
        engine.get_template("page.html").render(Context({}))


def test_what_is_kept_is_bounded(monkeypatch):
    monkeypatch.setattr(fragments._kept, "max_size", 25)
    engine = _engine({"page.html": PAGE, "nav.html": NAV})
    page = engine.get_template("page.html")
    for n in range(10):
        assert page.render(Context({"items": ("abc",), "n": n})) == f"<a>abc</a>{n}|"
        assert sum(len(html) for html in fragments._kept.values()) <= 25
    assert len(fragments._kept) <= 2
