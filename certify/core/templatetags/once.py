"""`{% static_once 'path' %}` and `{% url_once 'name' %}`: `{% static %}` and `{% url %}` for the
links every page writes (the stylesheet, the scripts, the header's and footer's links), worked out
once per process rather than on every page (ADR 0062).

A static file's URL depends only on the settings (the storage and its manifest); a URL without
arguments only on the URL configuration, the script prefix and the language. Those are the key;
any change of settings (tests override them) forgets everything. `url_once` takes no arguments:
a link with an id is `{% url %}` or `core.rows.url_for_each`. Each tag takes one quoted string
(not a variable) and is a node of its own, writing the kept text already escaped: as simple tags
they resolved their argument and escaped their answer on every page, about 3 µs a tag (ADR 0070).
"""

import functools
from typing import Any

from django import template
from django.core.signals import setting_changed
from django.template import Context
from django.template.base import Node, Parser, Token
from django.templatetags.static import static
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString
from django.utils.translation import get_language

register = template.Library()


@functools.lru_cache(maxsize=256)
def _static(path: str) -> str:
    return static(path)


@functools.lru_cache(maxsize=256)
def _url(viewname: str, urlconf: Any, prefix: str, language: str | None) -> str:
    return reverse(viewname, urlconf=urlconf)


# What the tags write where the page is escaped (every page here): escaped once, as a template
# escapes a simple tag's output, rather than on every page.
@functools.lru_cache(maxsize=256)
def _static_html(path: str) -> SafeString:
    return conditional_escape(_static(path))


@functools.lru_cache(maxsize=256)
def _url_html(viewname: str, urlconf: Any, prefix: str, language: str | None) -> SafeString:
    return conditional_escape(_url(viewname, urlconf, prefix, language))


def _literal(parser: Parser, token: Token) -> str:
    """The tag's one argument, a quoted string: what it names is known when the template is
    compiled, so the tag is a node of its own rather than a simple tag resolving its argument
    on every page (a few µs each, 15-odd on every page)."""
    bits = token.split_contents()
    if len(bits) != 2 or len(bits[1]) < 2 or bits[1][0] != bits[1][-1] or bits[1][0] not in "'\"":
        raise template.TemplateSyntaxError(f"{bits[0]} takes one quoted string")
    return bits[1][1:-1]


class StaticOnceNode(Node):
    child_nodelists = ()

    def __init__(self, path: str) -> None:
        self.path = path

    def render(self, context: Context) -> str:
        return _static_html(self.path) if context.autoescape else _static(self.path)


@register.tag
def static_once(parser: Parser, token: Token) -> StaticOnceNode:
    return StaticOnceNode(_literal(parser, token))


# The URL configuration and script prefix are set per request, never during a render: looked up
# once per render (a page has several `url_once`). The language is looked up each time
# (`{% language %}` can change it inside a template).
_WHERE = "certify.url_once.where"


class URLOnceNode(Node):
    child_nodelists = ()

    def __init__(self, viewname: str) -> None:
        self.viewname = viewname

    def render(self, context: Context) -> str:
        where = context.render_context.get(_WHERE)
        if where is None:
            where = context.render_context[_WHERE] = (get_urlconf(), get_script_prefix())
        kept = _url_html if context.autoescape else _url
        return kept(self.viewname, *where, get_language())


@register.tag
def url_once(parser: Parser, token: Token) -> URLOnceNode:
    return URLOnceNode(_literal(parser, token))


def _forget(**kwargs: object) -> None:
    for kept in (_static, _url, _static_html, _url_html):
        kept.cache_clear()


setting_changed.connect(_forget)
