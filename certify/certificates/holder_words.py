"""What an expired certificate is called: one word for one state wherever people read it.

A certificate past its last day is "Expired" while it can still be renewed, and "Lapsed" once
the last day to renew has passed (PRODUCT: "Then it lapses"): the verification page, the PDF,
the API's `status_label`, the link preview and the holder's pages all say so. The API's
`status` stays "expired" for both (its values do not change). The holder's own page says more
of the first ("Expired; renewal still open (grace period)"), in the renewal page's words.
Certificates cannot ask renewals (sibling apps), so renewals registers the rules here at
start-up (`renewals.handlers`): `on_holder_label`, `on_lapsed`, and `on_lapsed_rows` (the same
rule as a condition on rows, for the staff list's "Lapsed" and "Expired" filters)."""

import operator
from collections.abc import Callable, Iterable
from functools import reduce

from django.db.models import Q

from certify.certificates.models import Certificate
from certify.programs.models import Program

CycleLabel = Callable[[Certificate], str | None]
_cycle_labels: list[CycleLabel] = []
LapseRule = Callable[[list[Certificate]], set[int]]
_lapse_rules: list[LapseRule] = []


def on_lapsed(rule: LapseRule) -> LapseRule:
    """Register `rule(expired certificates) -> the ids of those that have lapsed` (their last day
    to renew has passed), for many at once: a list page asks once for all its rows."""
    _lapse_rules.append(rule)
    return rule


LapsedRows = Callable[[list[Program]], Q]
_lapsed_rows: list[LapsedRows] = []


def on_lapsed_rows(rule: LapsedRows) -> LapsedRows:
    """Register `rule(programs) -> Q`: the certificates of those programs that have lapsed if
    they are expired (their last day to renew has passed), as a condition on rows, built with
    no query."""
    _lapsed_rows.append(rule)
    return rule


def lapsed_condition(programs: list[Program]) -> Q | None:
    """The registered rules' condition (None: none is registered, and nothing lapses)."""
    conditions = [rule(programs) for rule in _lapsed_rows]
    return reduce(operator.or_, conditions) if conditions else None


def lapsed_ids(certificates: Iterable[Certificate]) -> set[int]:
    expired = [c for c in certificates if c.current_status == Certificate.EXPIRED]
    found: set[int] = set()
    for rule in _lapse_rules if expired else ():
        found |= rule(expired)
    return found


def has_lapsed(certificate: Certificate) -> bool:
    read = certificate.__dict__.get("_lapsed_read")
    return read if read is not None else certificate.pk in lapsed_ids([certificate])


def lapsed_read(certificates: Iterable[Certificate]) -> list[Certificate]:
    """Read at once whether each of a page's certificates has lapsed (one ask of the rules for
    all): `has_lapsed`, `status_word` and the standing's label then ask nothing more."""
    rows = list(certificates)
    lapsed = lapsed_ids(rows)
    for c in rows:
        c.__dict__["_lapsed_read"] = c.pk in lapsed
    return rows


def status_word(certificate: Certificate) -> str:
    """The status as everyone reads it: "Lapsed" for a lapsed certificate, else its label."""
    return Certificate.LAPSED_LABEL if has_lapsed(certificate) else certificate.current_status_label


def status_words_read(certificates: Iterable[Certificate]) -> None:
    """Read the words of a page's certificates at once: each one's `status_word` is set."""
    for c in lapsed_read(certificates):
        c.__dict__["_status_word_read"] = (
            Certificate.LAPSED_LABEL if has_lapsed(c) else c.current_status_label
        )


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
