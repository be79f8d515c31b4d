"""The activities a holder's earlier renewals counted (ADR 0014: an activity counts toward one
renewal only). They counted, for the renewal they were part of: they count in no later period
(`selectors.ce_progress`), and the log shows them apart, under that renewal's words
(`ce.CountedBefore`), never as "does not count"."""

from collections.abc import Mapping

from certify.certificates.models import Certificate
from certify.programs import api as programs_api
from certify.renewals.ce import CountedBefore
from certify.renewals.models import Renewal


def counted_before(*, certificate: Certificate) -> dict[int, CountedBefore]:
    """Activity id → the approved renewal of the holder's earlier certificates of the program it
    counted toward (one query). The certificate's own renewal, under way or approved, is not
    earlier: its activities are this period's."""
    rows = (
        Renewal.activities.through.objects.filter(
            renewal__holder_id=certificate.holder_id,
            renewal__program_id=certificate.program_id,
            renewal__status=Renewal.Status.APPROVED,
            renewal__new_certificate__isnull=False,
        )
        .exclude(renewal__certificate_id=certificate.pk)
        .values_list(
            "ceactivity_id",
            "renewal_id",
            "renewal__decided_at",
            "renewal__new_certificate__issued_on",
        )
        .order_by("renewal__submitted_at", "renewal_id")
    )
    found: dict[int, CountedBefore] = {}
    for activity_id, renewal_id, decided_at, issued_on in rows:
        # An approved renewal made its certificate: decided, or at least issued.
        approved_on = (
            programs_api.program_day(decided_at, certificate.program) if decided_at else issued_on
        )
        if approved_on is None:
            continue
        found[activity_id] = CountedBefore(renewal_id, approved_on)
    return found


def earlier_groups(
    rows: list[tuple], *, before: Mapping[int, CountedBefore]
) -> tuple[list[tuple], list[tuple[CountedBefore, list[tuple]]]]:
    """The log's rows (activity first) split: this period's, and those an earlier renewal
    counted, grouped by that renewal, newest renewal first."""
    now: list[tuple] = []
    groups: dict[int, tuple[CountedBefore, list[tuple]]] = {}
    for row in rows:
        found = before.get(row[0].pk)
        if found is None:
            now.append(row)
        else:
            groups.setdefault(found.renewal_id, (found, []))[1].append(row)
    ordered = sorted(groups.values(), key=lambda g: (g[0].approved_on, g[0].renewal_id))
    return now, list(reversed(ordered))
