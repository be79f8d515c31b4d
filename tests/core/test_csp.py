"""The Content-Security-Policy middleware (certify/core/csp.py): the same headers as Django's,
with the policy text built once when a response needs no nonce."""

import pytest
from django.http import HttpResponse
from django.middleware.csp import ContentSecurityPolicyMiddleware as DjangoCSPMiddleware
from django.test import RequestFactory, override_settings
from django.utils.csp import CSP
from django.views.decorators.csp import csp_override, csp_report_only_override

from certify.core.csp import ContentSecurityPolicyMiddleware

pytestmark = pytest.mark.database_free

ENFORCE, REPORT_ONLY = str(CSP.HEADER_ENFORCE), str(CSP.HEADER_REPORT_ONLY)
OTHER = {"default-src": [CSP.SELF], "script-src": [CSP.SELF, CSP.NONCE], "img-src": ["data:"]}


def plain(request):
    return HttpResponse("ok")


def with_nonce(request):
    return HttpResponse(f"<script nonce='{request._csp_nonce}'></script>")


def own_header(request):
    response = HttpResponse("ok")
    response[ENFORCE] = "default-src 'none'"
    return response


def served(middleware_class, view, repeat=1):
    middleware = middleware_class(view)
    return [middleware(RequestFactory().get("/")) for _ in range(repeat)]


def headers(response):
    return {name: response.get(name) for name in (ENFORCE, REPORT_ONLY)}


@pytest.mark.parametrize(
    "view",
    [
        plain,
        with_nonce,
        own_header,
        csp_override(OTHER)(plain),
        csp_report_only_override(OTHER)(plain),
    ],
)
@pytest.mark.parametrize("report_only", [{}, OTHER])
def test_the_headers_are_djangos(view, report_only):
    with override_settings(SECURE_CSP_REPORT_ONLY=report_only):
        ours = served(ContentSecurityPolicyMiddleware, view, repeat=2)
        django = served(DjangoCSPMiddleware, view)[0]
    for response in ours:
        if view is with_nonce:  # a new nonce each time, in the header and the page alike
            nonce = response.content.decode().split("'")[1]
            assert f"'nonce-{nonce}'" in response[ENFORCE]
            assert response[ENFORCE].replace(nonce, "") == django[ENFORCE].replace(
                django.content.decode().split("'")[1], ""
            )
        else:
            assert headers(response) == headers(django)
    assert ours[0].get(ENFORCE)


def test_a_policy_without_a_nonce_is_built_once_per_configuration(monkeypatch):
    import certify.core.csp as module

    built = []
    real = module.build_policy
    monkeypatch.setattr(module, "build_policy", lambda *a: built.append(a) or real(*a))
    middleware = ContentSecurityPolicyMiddleware(plain)
    first = [middleware(RequestFactory().get("/"))[ENFORCE] for _ in range(3)]
    assert len(built) == 1
    assert len(set(first)) == 1
    with override_settings(SECURE_CSP=OTHER):  # a changed setting is a new object: built afresh
        changed = middleware(RequestFactory().get("/"))[ENFORCE]
    assert len(built) == 2
    assert changed == "default-src 'self'; script-src 'self'; img-src data:"
    assert middleware(RequestFactory().get("/"))[ENFORCE] == first[0]


@override_settings(SECURE_CSP={})
def test_no_policy_no_header():
    assert ENFORCE not in served(ContentSecurityPolicyMiddleware, plain)[0]
