"""The renewal operations, fuzzed with a holder's token that has the "renewals" scope (the
project-wide contract test signs in as a candidate without a certificate or this scope)."""

import schemathesis
from django.utils import timezone
from hypothesis import HealthCheck, given, settings

from certify.accounts.tokens import token_create
from tests.renewals.conftest import in_window
from tests.rest.test_contract import _operations, api_schema  # noqa: F401  (fixture)


def test_no_renewal_operation_fails_for_a_holder(api_schema, lsscp):  # noqa: F811
    certificate = in_window(lsscp, timezone.localdate())
    secret = token_create(user=certificate.holder, name="contract", scopes=["renewals"]).secret
    headers = {"Authorization": f"Bearer {secret}"}
    checked = 0
    for operation in _operations(api_schema):
        if "/renewals" not in operation.path:
            continue
        checked += 1

        @settings(
            max_examples=8, deadline=None, database=None, suppress_health_check=list(HealthCheck)
        )
        @given(case=operation.as_strategy())
        def run(case):
            response = case.call(headers=headers)
            where = f"{case.method} {case.formatted_path} -> {response.status_code}"
            assert response.status_code < 500, where + " " + response.text[:300]
            if response.status_code >= 400:
                headers_seen = {k.lower(): v for k, v in response.headers.items()}
                ctype = headers_seen.get("content-type", [""])
                ctype = ctype[0] if isinstance(ctype, list) else ctype
                assert ctype.startswith("application/problem+json"), where
            else:
                # ignored_auth resends without the token; test_api.py proves auth is enforced.
                case.validate_response(
                    response, headers=headers, excluded_checks=[schemathesis.checks.ignored_auth]
                )

        run()
    # The holder's seven, the resubmission, and staff's list, decision and reinstatement
    # (refused here with a problem document).
    assert checked == 11
