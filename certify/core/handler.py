"""The WSGI handler: Django's, remembering which view each path resolves to.

Django finds a request's view by trying the URL patterns in order, on every request: 60 to 120
patterns for most pages here (every app's patterns sit under the same empty prefix), 30 to 70 µs a
request, more than some pages' own work. Which view a path resolves to depends only on the path,
the URL configuration and (for translated routes) the language, so the answer is remembered per
process for the most recent paths. Each request gets its own copy of the match (views and
middleware may read or change it); a path that resolves to nothing is never remembered.
"""

from functools import lru_cache
from typing import Any

from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import setting_changed
from django.http import HttpRequest
from django.urls import ResolverMatch, get_resolver
from django.utils.translation import get_language


@lru_cache(maxsize=4096)
def _resolved(path: str, language: str | None) -> ResolverMatch:
    return get_resolver().resolve(path)


def resolve(path: str) -> ResolverMatch:
    """`django.urls.resolve(path)` with the default URL configuration, remembered."""
    match = _resolved(path, get_language())
    fresh = ResolverMatch.__new__(ResolverMatch)  # (copy.copy would pickle it: refused)
    fresh.__dict__.update(match.__dict__)
    fresh.args = tuple(match.args)
    fresh.kwargs = dict(match.kwargs)
    for name in ("captured_kwargs", "extra_kwargs"):
        value = getattr(match, name, None)
        setattr(fresh, name, dict(value) if value is not None else None)
    fresh.app_names = list(match.app_names)
    fresh.namespaces = list(match.namespaces)
    fresh.tried = list(match.tried) if match.tried is not None else None
    return fresh


def _forget(*, setting: str, **kwargs: Any) -> None:
    if setting == "ROOT_URLCONF":
        _resolved.cache_clear()


setting_changed.connect(_forget)


class Handler(WSGIHandler):
    def resolve_request(self, request: HttpRequest) -> ResolverMatch:
        if hasattr(request, "urlconf"):  # a URL configuration of its own: Django's way
            return super().resolve_request(request)
        match = resolve(request.path_info)
        request.resolver_match = match
        return match
