"""`{% fragment "template.html" name=value ... %}`: a piece of markup that is a pure function of a
few values, rendered once per process for each distinct set of values (ADR 0062).

The template is rendered with those values only: no other variable of the page, no request, no
user, so what it writes can depend on nothing else, and the same values always give the same
markup, whoever asks. The navigation, for instance, is the same for everyone with the same links
on the same page (the unread count, a value, is part of what is remembered). The key also holds
the template itself (a changed template in development is a new key), the active language and
time zone and the autoescape setting.

One thing is written per page: `{% csrf_token %}`. The fragment is rendered with a placeholder
token (random, made when the process starts), and each page puts its own CSRF field in its
place: the kept markup never holds anyone's token.

The fragment is rendered in a context of its own: a `{% localize %}` around the tag does not reach
inside (put it in the fragment's template).

A fragment may not reverse URLs or name static files (`{% url %}`, `{% static %}` and their
`_once` forms) or include another template (their output
depends on settings or the request, not on the values): the tag refuses such a template. Values
that cannot be hashed (a list) make the fragment render every time, as an include would.
"""

import secrets
import weakref
from typing import Any, cast

from django import template
from django.template import Context
from django.template.defaulttags import CsrfTokenNode, URLNode
from django.template.loader_tags import IncludeNode
from django.templatetags.static import StaticNode
from django.utils import timezone, translation
from django.utils.safestring import SafeString, mark_safe

from certify.core.bounded import Bounded
from certify.core.templatetags.once import StaticOnceNode, URLOnceNode

register = template.Library()

# What is kept is bounded: past either limit, everything is forgotten and rendered again.
_kept: Bounded[SafeString] = Bounded(max_entries=2048, max_size=8_000_000)  # characters
_checked: "weakref.WeakSet[template.Template]" = weakref.WeakSet()

_IMPURE = (URLNode, StaticNode, IncludeNode, URLOnceNode, StaticOnceNode)

# The token a fragment is rendered with; each page's own CSRF field replaces the field it makes.
_PLACEHOLDER = secrets.token_hex(24)
PLACEHOLDER = _PLACEHOLDER  # content kept by its facts uses the same one (ADR 0068)
_PLACEHOLDER_FIELD = CsrfTokenNode().render(Context({"csrf_token": _PLACEHOLDER}))


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
        return _with_token(_render(fragment, values, context), context)
    if html is None:
        html = _render(fragment, values, context)
        _kept.put(key, html)
    return _with_token(html, context)


def _render(fragment: template.Template, values: dict[str, Any], page: Context) -> SafeString:
    context = Context({**values, "csrf_token": _PLACEHOLDER}, autoescape=page.autoescape)
    return mark_safe(fragment.render(context))  # noqa: S308  (a template's output)


def _with_token(html: SafeString, page: Context) -> SafeString:
    """The fragment with the page's own CSRF field (as `{% csrf_token %}` writes it there)."""
    if _PLACEHOLDER_FIELD not in html:
        return html
    return mark_safe(html.replace(_PLACEHOLDER_FIELD, CsrfTokenNode().render(page)))  # noqa: S308  (the fragment and Django's field)
