"""The WSGI handler remembers which view a path resolves to (certify/core/handler.py): the same
answers as Django's own resolving, a match of its own for every request."""

import pytest
from django.test import RequestFactory, override_settings
from django.urls import resolve as django_resolve

from certify.core import handler

PATHS = [
    "/health/",
    "/verify/LSSCP-2026-000001/",
    "/verify/LSSCP-2026-000002/",
    "/api/v1/certificates/LSSCP-2026-000001",
    "/courses/",
]


@pytest.mark.parametrize("path", PATHS)
def test_the_same_match_as_django(path):
    for _ in range(2):  # the first time worked out, the second remembered
        ours, django = handler.resolve(path), django_resolve(path)
        assert (ours.func, ours.args, ours.kwargs, ours.view_name, ours.route) == (
            django.func,
            django.args,
            django.kwargs,
            django.view_name,
            django.route,
        )


def test_each_request_gets_a_match_of_its_own():
    first = handler.resolve("/verify/LSSCP-2026-000001/")
    first.kwargs["number"] = "changed by a view"
    first.namespaces.append("changed")
    again = handler.resolve("/verify/LSSCP-2026-000001/")
    assert again is not first
    assert again.kwargs == {"number": "LSSCP-2026-000001"}
    assert again.namespaces == ["certificates"]


@pytest.mark.django_db
def test_the_handler_serves_pages_and_sets_the_match_on_the_request():
    request = RequestFactory().get("/health/")
    match = handler.Handler().resolve_request(request)
    assert request.resolver_match is match
    assert match.view_name == "core:health"


def test_an_unknown_path_is_not_remembered_and_still_404s():
    from django.urls import Resolver404

    for _ in range(2):
        with pytest.raises(Resolver404):
            handler.resolve("/no-such-page/")


def test_another_url_configuration_is_resolved_afresh():
    handler.resolve("/health/")
    with override_settings(ROOT_URLCONF="certify.core.urls"):
        assert handler.resolve("/health/").view_name == "health"  # no namespace here
    assert handler.resolve("/health/").view_name == "core:health"
