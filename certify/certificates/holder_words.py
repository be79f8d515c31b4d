"""What an expired certificate is called on its holder's own page: the renewal cycle's word for
it ("Expired; renewal still open (grace period)", or "Lapsed" once the last day to renew has
passed), the same word as the renewal page. Certificates cannot ask renewals (sibling apps), so
renewals registers the rule here at start-up (`renewals.handlers`). The verification page, the
PDF and the API keep the one public status, "Expired" (ADR 0036)."""

from collections.abc import Callable

from certify.certificates.models import Certificate

CycleLabel = Callable[[Certificate], str | None]
_cycle_labels: list[CycleLabel] = []


def on_holder_label(rule: CycleLabel) -> CycleLabel:
    """Register `rule(certificate) -> label or None` (None: the status's own label)."""
    _cycle_labels.append(rule)
    return rule


def holder_label(certificate: Certificate) -> str:
    for rule in _cycle_labels:
        label = rule(certificate)
        if label:
            return label
    return certificate.current_status_label
