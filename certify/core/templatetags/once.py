"""`{% static_once 'path' %}` and `{% url_once 'name' %}`: `{% static %}` and `{% url %}` for the
links every page writes (the stylesheet, the scripts, the header's and footer's links), worked out
once per process rather than on every page (ADR 0062).

A static file's URL depends only on the settings (the storage and its manifest); a URL without
arguments only on the URL configuration, the script prefix and the language. Those are the key;
any change of settings (tests override them) forgets everything. `url_once` takes no arguments:
a link with an id is `{% url %}` or `core.rows.url_for_each`.
"""

import functools
from typing import Any

from django import template
from django.core.signals import setting_changed
from django.template import Context
from django.templatetags.static import static
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.translation import get_language

register = template.Library()


@functools.lru_cache(maxsize=256)
def _static(path: str) -> str:
    return static(path)


@functools.lru_cache(maxsize=256)
def _url(viewname: str, urlconf: Any, prefix: str, language: str | None) -> str:
    return reverse(viewname, urlconf=urlconf)


@register.simple_tag
def static_once(path: str) -> str:
    return _static(path)


# The URL configuration and script prefix are set per request, never during a render: looked up
# once per render (a page has several `url_once`). The language is looked up each time
# (`{% language %}` can change it inside a template).
_WHERE = "certify.url_once.where"


@register.simple_tag(takes_context=True)
def url_once(context: Context, viewname: str) -> str:
    where = context.render_context.get(_WHERE)
    if where is None:
        where = context.render_context[_WHERE] = (get_urlconf(), get_script_prefix())
    return _url(viewname, *where, get_language())


def _forget(**kwargs: object) -> None:
    _static.cache_clear()
    _url.cache_clear()


setting_changed.connect(_forget)
