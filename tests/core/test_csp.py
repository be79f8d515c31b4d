"""The CSP middleware keeps the policy without a nonce, and writes a used nonce in every time."""

from django.conf import settings
from django.http import HttpResponse
from django.test import RequestFactory, override_settings
from django.utils.csp import CSP, build_policy
from django.views.decorators.csp import csp_override

from certify.core.csp import ContentSecurityPolicyMiddleware


def _served(view):
    return ContentSecurityPolicyMiddleware(view)(RequestFactory().get("/"))


def _plain(request):
    return HttpResponse("plain")


def _with_nonce(request):
    return HttpResponse(f"<script nonce='{request._csp_nonce}'></script>")


def test_a_page_without_a_nonce_gets_djangos_policy_every_time():
    expected = build_policy(settings.SECURE_CSP)
    assert "nonce" not in expected
    assert [_served(_plain)[CSP.HEADER_ENFORCE] for _ in range(3)] == [expected] * 3


def test_a_page_that_used_its_nonce_gets_that_nonce_in_its_policy_each_time():
    first, second = _served(_with_nonce), _served(_with_nonce)
    for response in (first, second):
        nonce = response.content.decode().split("nonce='")[1].split("'")[0]
        assert f"'nonce-{nonce}'" in response[CSP.HEADER_ENFORCE]
    assert first[CSP.HEADER_ENFORCE] != second[CSP.HEADER_ENFORCE]
    # and the kept policy without a nonce is not disturbed by those
    assert _served(_plain)[CSP.HEADER_ENFORCE] == build_policy(settings.SECURE_CSP)


def test_a_changed_setting_is_followed():
    assert "example.org" not in _served(_plain)[CSP.HEADER_ENFORCE]
    with override_settings(SECURE_CSP={"default-src": [CSP.SELF, "https://example.org"]}):
        assert _served(_plain)[CSP.HEADER_ENFORCE] == "default-src 'self' https://example.org"
    assert _served(_plain)[CSP.HEADER_ENFORCE] == build_policy(settings.SECURE_CSP)


def test_a_views_own_policy_and_a_report_only_policy_are_each_used():
    own = csp_override({"img-src": ["data:"]})(_plain)
    assert _served(own)[CSP.HEADER_ENFORCE] == "img-src data:"
    assert _served(_plain)[CSP.HEADER_ENFORCE] == build_policy(settings.SECURE_CSP)
    with override_settings(SECURE_CSP_REPORT_ONLY={"script-src": [CSP.SELF]}):
        assert _served(_plain)[CSP.HEADER_REPORT_ONLY] == "script-src 'self'"
    assert CSP.HEADER_REPORT_ONLY not in _served(_plain)


def test_a_header_the_view_set_is_kept():
    def sets_its_own(request):
        response = HttpResponse()
        response[CSP.HEADER_ENFORCE] = "default-src 'none'"
        return response

    assert _served(sets_its_own)[CSP.HEADER_ENFORCE] == "default-src 'none'"
