"""RDFC-1.0 (pyld's URDNA2015) under a work budget, as the specification asks of implementations.

Canonicalization is quick for ordinary data, but its Hash N-Degree Quads step tries every
ordering of blank nodes that look alike, recursively: a handful of blank nodes all linked to each
other (a "poison" dataset) takes minutes or days. RDFC-1.0 §4.4 says implementations must guard
against this "by limiting the number of deep iterations"; pyld has no such guard.

`BoundedURDNA2015` counts that work in units: one per call of Hash N-Degree Quads, and one per
ordering (permutation) of related blank nodes it will try. The orderings of a group are charged
as soon as the group is known, before any is tried, so a group too large to try is refused at
once. A wall-clock deadline is checked at the same moments. Whatever stops it, the work done is
never more than the budget (plus the time between two charges).

Certify's own credentials need no unit at all (their blank nodes are told apart by their content);
the W3C test suite's hardest positive tests ("poison - evil", test044 to 046) need 3,348; its clique
of ten blank nodes (test074c, a negative test) must and does abort. ADR 0027 says why 4,000.
"""

import math
import time
from collections.abc import Callable
from typing import Any

from pyld.canon import URDNA2015

from certify.certificates.credentials.bounds import DocumentLimitError

WORK_UNITS = 4_000
SECONDS = 1.0

TOO_COMPLEX = (
    "This credential is built in a way that would take too long to check: its unnamed objects "
    "(blank nodes) are linked to each other so that putting them in order would need more than "
    "{units:,} steps or {seconds:g} seconds, the most spent on one credential here. Credentials "
    "issued by Certify need none of this: this one was changed or made elsewhere."
)


class WorkBudgetError(DocumentLimitError):
    """Canonicalization stopped: the work budget (`reason` "work") or the deadline ("time")."""

    def __init__(self, budget: "WorkBudget", *, reason: str, charge: int) -> None:
        super().__init__(
            TOO_COMPLEX.format(units=budget.units, seconds=budget.seconds),
            kind="credential-too-complex",
            limit=budget.units,
        )
        self.reason = reason
        self.done = budget.spent  # the units of work done before it stopped: never above units
        self.charge = charge  # the units it would have needed next


class WorkBudget:
    """How much canonicalization work one verification may do, in units and in seconds.

    One budget is shared by every canonicalization of one verification (the document and its
    proof options), so the limits hold per request.
    """

    def __init__(
        self,
        *,
        units: int = WORK_UNITS,
        seconds: float = SECONDS,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.units = units
        self.seconds = seconds
        self.spent = 0
        self._clock = clock
        self._deadline = clock() + seconds

    def spend(self, units: int) -> None:
        """Charge `units` before doing them; refuse when they would exceed the budget, or when
        the deadline has passed."""
        if self.spent + units > self.units:
            raise WorkBudgetError(self, reason="work", charge=units)
        if self._clock() > self._deadline:
            raise WorkBudgetError(self, reason="time", charge=units)
        self.spent += units


class BoundedURDNA2015(URDNA2015):  # type: ignore[misc]  # pyld has no type hints
    """pyld's URDNA2015, charging its deep iterations to a budget (None: no limit, for what
    Certify signs itself)."""

    def __init__(self, budget: WorkBudget | None) -> None:
        super().__init__()
        self.budget = budget

    def hash_n_degree_quads(self, id_: str, issuer: Any) -> dict[str, Any]:
        if self.budget is not None:
            self.budget.spend(1)
        result: dict[str, Any] = super().hash_n_degree_quads(id_, issuer)
        return result

    def create_hash_to_related(self, id_: str, issuer: Any) -> dict[str, list[str]]:
        related: dict[str, list[str]] = super().create_hash_to_related(id_, issuer)
        if self.budget is not None:
            # Hash N-Degree Quads (step 5.4) tries every ordering of each group: charge them all
            # now. A group of 8 alike blank nodes is 40,320 orderings, refused before the first.
            for nodes in related.values():
                self.budget.spend(math.factorial(len(nodes)))
        return related


def canonize_dataset(dataset: dict[str, Any], *, budget: WorkBudget | None) -> str:
    """The canonical N-Quads of an RDF dataset (pyld's form, as `jsonld.to_rdf` returns it)."""
    nquads: str = BoundedURDNA2015(budget).main(dataset, {"format": "application/n-quads"})
    return nquads
