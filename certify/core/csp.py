"""Django's Content-Security-Policy middleware, building a policy without a nonce once.

Django builds the header's text from the configuration on every response (`build_policy`: a
loop over the directives, joins and f-strings). The text depends only on the configuration and,
when a template used it, the request's nonce. A response whose nonce was never used (most pages:
the nonce is generated only when read) gets the same text as every other such response under the
same configuration, so that text is kept per configuration object: the settings' (forgotten when
a setting changes) and a view's `csp_override` one (kept by its decorator for the life of the
process). A response whose nonce was used gets its policy built afresh, nonce included.
"""

from typing import Any

from django.conf import settings
from django.core.signals import setting_changed
from django.middleware.csp import ContentSecurityPolicyMiddleware as DjangoCSPMiddleware
from django.middleware.csp import get_nonce
from django.utils import csp as django_csp
from django.utils.csp import CSP

MAX_KEPT = 64
# id(config) -> (config, policy). The config is held, so its id cannot be reused meanwhile.
_kept: dict[int, tuple[Any, str]] = {}


def build_policy(config: Any, nonce: Any = None) -> str:
    """`django.utils.csp.build_policy`, kept when there is no nonce to write in."""
    if nonce:
        return django_csp.build_policy(config, nonce)
    entry = _kept.get(id(config))
    if entry is not None and entry[0] is config:
        return entry[1]
    policy = django_csp.build_policy(config, None)
    if len(_kept) >= MAX_KEPT:
        _kept.clear()
    _kept[id(config)] = (config, policy)
    return policy


def _forget(**kwargs: object) -> None:
    _kept.clear()


setting_changed.connect(_forget)


class ContentSecurityPolicyMiddleware(DjangoCSPMiddleware):
    """Django's middleware (the same headers, the same per-view overrides), with the policy
    without a nonce kept."""

    def process_response(self, request: Any, response: Any) -> Any:
        nonce = get_nonce(request)
        sentinel = object()
        if (config := getattr(response, "_csp_config", sentinel)) is sentinel:
            config = settings.SECURE_CSP
        if (report_only := getattr(response, "_csp_ro_config", sentinel)) is sentinel:
            report_only = settings.SECURE_CSP_REPORT_ONLY
        for header, each in ((CSP.HEADER_ENFORCE, config), (CSP.HEADER_REPORT_ONLY, report_only)):
            # As Django: a header the view set is kept; an empty configuration adds none.
            if each and header not in response:
                response.headers[str(header)] = build_policy(each, nonce)
        return response
