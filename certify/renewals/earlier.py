"""The CE log's activities that the holder's earlier renewals counted, shown apart (ADR 0014: an
activity counts toward one renewal only). They counted, for the renewal they were part of: they
count in no later period (`selectors.ce_progress`), and the log shows them apart, under that
renewal's words (`ce.CountedBefore`), never as "does not count". Which they are is a read
(`selectors.counted_before`); grouping the log's rows by them is here, with no query, for the
renewal page (`views.ce_log`)."""

from collections.abc import Mapping

from certify.renewals.ce import CountedBefore


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
