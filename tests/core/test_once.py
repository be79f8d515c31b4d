"""`{% static_once %}` and `{% url_once %}` (certify/core/templatetags/once.py) write what
`{% static %}` and `{% url %}` write, escaped as the page is, kept per process until a setting,
the script prefix or the language changes."""

import pytest
from django.template import Context, Template, TemplateSyntaxError
from django.urls import set_script_prefix

ONCE = "{% load once static %}"


def render(text: str, **context) -> str:
    return Template(ONCE + text).render(Context(context))


@pytest.mark.parametrize("name", ["account_login", "programs:home", "api-1:openapi-view"])
def test_url_once_writes_what_url_writes(name):
    assert render(f"{{% url_once '{name}' %}}") == render(f"{{% url '{name}' %}}")


@pytest.fixture
def plain_static(settings):
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    return settings


@pytest.mark.parametrize("path", ["certify/css/site.css", "a b&c.js"])
def test_static_once_writes_what_static_writes(path, plain_static):
    assert render(f"{{% static_once '{path}' %}}") == render(f"{{% static '{path}' %}}")


def test_escaped_as_the_page_is(plain_static):
    plain_static.STATIC_URL = "/cdn&v=2/"
    assert render("{% static_once 'x.css' %}") == render("{% static 'x.css' %}")
    assert render("{% static_once 'x.css' %}").startswith("/cdn&amp;v=2/")
    off = "{% autoescape off %}{% static_once 'x.css' %}{% endautoescape %}"
    assert render(off).startswith("/cdn&v=2/")


def test_a_changed_setting_or_script_prefix_is_heard(plain_static):
    settings = plain_static
    settings.STATIC_URL = "/one/"
    assert render("{% static_once 'x.css' %}") == "/one/x.css"
    settings.STATIC_URL = "/two/"
    assert render("{% static_once 'x.css' %}") == "/two/x.css"
    set_script_prefix("/mounted/")
    try:
        assert render("{% url_once 'programs:home' %}").startswith("/mounted/")
    finally:
        set_script_prefix("/")
    assert not render("{% url_once 'programs:home' %}").startswith("/mounted/")


@pytest.mark.parametrize(
    "tag", ["{% url_once name %}", "{% url_once %}", "{% static_once 'a' 'b' %}"]
)
def test_each_takes_one_quoted_string(tag):
    with pytest.raises(TemplateSyntaxError):
        render(tag, name="account_login")
