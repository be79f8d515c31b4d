"""The OpenAPI examples of a link's `expires_at` follow the whole-day rule (`core.links.link_ends`,
ADR 0024 "Days, not hours"): a colleague invitation's link works through its last day in the
site's zone and ends at the midnight after it, never N x 24 hours from the minute it was sent.
The other examples named `expires_at` are not links of days and are listed with their reason."""

from datetime import datetime, time, timedelta

from django.utils import timezone

from certify.accounts.invitations import invitation_days
from certify.core.links import link_ends, link_last_day

# Schemas whose `expires_at` is a colleague invitation's (`invitations.invitation_send`).
INVITATION_LINKS = {"InvitationSeenOut", "MemberInvitationOut"}
# Not a link of days: a personal access token lasts N x 24 hours from its making (ADR 0023's
# tokens), a wallet offer a few minutes (ADR 0033).
OTHER_ENDS = {"TokenOut", "WalletOfferOut"}


def _examples_with_expires_at(client) -> dict[str, list[str]]:
    schemas = client.get("/api/v1/openapi.json").json()["components"]["schemas"]
    return {
        name: [e["expires_at"] for e in schema.get("examples", []) if e.get("expires_at")]
        for name, schema in schemas.items()
        if "expires_at" in schema.get("properties", {})
    }


def test_every_example_of_an_invitation_link_ends_as_link_ends_would(client, db):
    found = _examples_with_expires_at(client)
    assert set(found) == INVITATION_LINKS | OTHER_ENDS  # a new one is sorted here first
    zone = timezone.get_default_timezone()
    days = invitation_days()
    for name in INVITATION_LINKS:
        assert found[name], name
        for value in found[name]:
            ends = datetime.fromisoformat(value)
            last = link_last_day(ends, zone)
            for hour in (0, 10, 23):  # sent at any minute of the day that many days before
                sent = datetime.combine(last - timedelta(days=days), time(hour, 30), tzinfo=zone)
                assert link_ends(days, zone, now=sent) == ends, (name, value)


def test_the_rule_is_said_beside_the_field(client, db):
    schemas = client.get("/api/v1/openapi.json").json()["components"]["schemas"]
    for name in INVITATION_LINKS:
        said = schemas[name]["properties"]["expires_at"]["description"]
        assert "works through the whole of that day" in said
