"""The domain events webhooks follow (listed in `catalog`): each becomes a delivery per
endpoint that chose its event type and may hear about it. The certificate's changes also reach
the employers it is shared with by e-mail (`employer_notices.employers_told`)."""

from certify.core.events import subscriber
from certify.webhooks import employer_notices  # noqa: F401  (its subscriber)
from certify.webhooks.catalog import domain_events
from certify.webhooks.delivery import fan_out


def webhooks_fan_out(*, event_id: int, **payload: object) -> None:
    """Idempotent: a delivery exists once per endpoint and change."""
    fan_out(event_id=event_id, payload=dict(payload))


for _name in domain_events():
    subscriber(_name)(webhooks_fan_out)
