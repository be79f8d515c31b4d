"""Help with a program's costs that other apps offer, listed on its costs page under the staff's
own words: the scholarship funds that pay its fees, each stated from the fund's own figures.

A fund's amount, its number of awards and its waiting period are the fund's values, which its
sponsor changes on the fund's page. Written out in the program's prose they went stale the day
the fund changed; listed from the fund, they cannot. The programs app imports no domain app: the
app that keeps the help registers a function here (`cost_help_register`, from its `ready`).
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class CostHelp:
    """One offer of help, in plain text (escaped like any text): "SSD LSSCP Enrollment
    Scholarship", "USD 1,000 in all: five awards of USD 200 toward the enrollment fee. …"."""

    title: str
    text: str
    url: str = ""


_providers: list[Callable[[Any], list[CostHelp]]] = []


def cost_help_register(provider: Callable[[Any], list[CostHelp]]) -> None:
    """Register `provider(program) -> [CostHelp]` (once per provider, however often called)."""
    if provider not in _providers:
        _providers.append(provider)


def cost_help_for(program: Any) -> list[CostHelp]:
    """Every registered offer of help with `program`'s costs, in registration order; read once
    per program object (a page asks for its title and its body)."""
    found = getattr(program, "_cost_help", None)
    if found is None:
        found = [item for provider in _providers for item in provider(program)]
        program._cost_help = found
    return found
