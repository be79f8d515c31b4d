"""`{% fragment "template.html" name=value ... %}`: a piece of markup that is a pure function of a
few values, rendered once per process for each distinct set of values (ADR 0062).

The template is rendered with those values only: no other variable of the page, no request, no
user, no CSRF token, so what it writes can depend on nothing else, and the same values always
give the same markup, whoever asks. The navigation, for instance, is the same for everyone with
the same links on the same page (the unread count, a value, is part of what is remembered). The
key also holds the template itself (a changed template in development is a new key), the active
language and time zone and the autoescape setting.

A fragment may not reverse URLs, name static files, write a CSRF token or include another
template (their output depends on settings or the request, not on the values): the tag refuses
such a template. Values that cannot
be hashed (a list) make the fragment render every time, as an include would.
"""

import weakref
from typing import Any, cast

from django import template
from django.template import Context
from django.template.defaulttags import CsrfTokenNode, URLNode
from django.template.loader_tags import IncludeNode
from django.templatetags.static import StaticNode
from django.utils import timezone, translation
from django.utils.safestring import SafeString, mark_safe

register = template.Library()

# What is kept is bounded: past either limit, everything is forgotten and rendered again.
MAX_KEPT = 2048
MAX_CHARACTERS = 8_000_000
_kept: dict[tuple[Any, ...], SafeString] = {}
_size = [0]
_checked: "weakref.WeakSet[template.Template]" = weakref.WeakSet()

_IMPURE = (URLNode, StaticNode, CsrfTokenNode, IncludeNode)


def _check(fragment: template.Template) -> None:
    if fragment in _checked:
        return
    for node_type in _IMPURE:
        if fragment.nodelist.get_nodes_by_type(node_type):
            raise template.TemplateSyntaxError(
                f"{fragment.origin.template_name!s}: a fragment may not use {node_type.__name__} "
                "(its output would not depend on the fragment's values only)"
            )
    _checked.add(fragment)


@register.simple_tag(takes_context=True)
def fragment(context: Context, template_name: str, **values: Any) -> SafeString:
    page = cast(template.Template, context.template)  # a tag renders inside a template
    fragment = page.engine.get_template(template_name)
    _check(fragment)
    key = (
        fragment,
        translation.get_language(),
        timezone.get_current_timezone_name(),
        context.autoescape,
        tuple(sorted(values.items())),
    )
    try:
        html = _kept.get(key)
    except TypeError:  # a value that cannot be hashed: render it, keep nothing
        return mark_safe(fragment.render(Context(values, autoescape=context.autoescape)))  # noqa: S308  (a template's output)
    if html is None:
        html = mark_safe(fragment.render(Context(values, autoescape=context.autoescape)))  # noqa: S308  (a template's output)
        if len(_kept) >= MAX_KEPT or _size[0] + len(html) > MAX_CHARACTERS:
            _kept.clear()
            _size[0] = 0
        _kept[key] = html
        _size[0] += len(html)
    return html
