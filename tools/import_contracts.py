"""An import-linter contract that import-linter's own types cannot say: "through api.py only".

    [[tool.importlinter.contracts]]
    type = "api_only"
    apps = ["certify.payments", ...]        # whose insides are private to them
    importers = ["certify.rest", ...]       # more packages held to the rule (optional)
    interfaces = ["api", "models"]          # what other packages may import (the default)

An import from one listed package into another app is allowed only when it names that app's
interface modules (`<app>.api`, `<app>.models`, or a module inside them); an import inside one
package, or into a package that is not listed (core, Django, ...), is not this contract's concern.
Only direct imports are checked: importing `payments.api`, which imports `payments.services`, is
the point of the interface. The layers contract checks the direction of every chain.

Registered in pyproject.toml (`contract_types`); it imports nothing from Django or the project.
"""

from __future__ import annotations

from dataclasses import dataclass

from grimp import ImportGraph
from importlinter import Contract, ContractCheck, fields, output


@dataclass(frozen=True)
class Breach:
    importer: str
    imported: str
    owner: str
    line_numbers: tuple[int, ...]


class ApiOnlyContract(Contract):
    type_name = "api_only"

    apps = fields.ListField(subfield=fields.StringField())
    importers = fields.ListField(subfield=fields.StringField(), required=False, default=[])
    interfaces = fields.ListField(subfield=fields.StringField(), required=False, default=[])

    def _interfaces(self) -> list[str]:
        return list(self.interfaces) or ["api", "models"]  # type: ignore[call-overload]

    def check(self, graph: ImportGraph, verbose: bool) -> ContractCheck:
        apps: list[str] = list(self.apps)  # type: ignore[call-overload]
        packages = sorted({*apps, *self.importers}, key=len, reverse=True)  # type: ignore[misc]

        def owner(module: str) -> str | None:
            return next((p for p in packages if module == p or module.startswith(p + ".")), None)

        def allowed(module: str, app: str) -> bool:
            return any(
                module == f"{app}.{name}" or module.startswith(f"{app}.{name}.")
                for name in self._interfaces()
            )

        breaches: list[Breach] = []
        for importer in sorted(graph.modules):
            source = owner(importer)
            if source is None:
                continue
            for imported in sorted(graph.find_modules_directly_imported_by(importer)):
                target = owner(imported)
                if target is None or target == source or target not in apps:
                    continue
                if allowed(imported, target):
                    continue
                details = graph.get_import_details(importer=importer, imported=imported)
                lines = tuple(sorted({int(d["line_number"]) for d in details}))
                breaches.append(Breach(importer, imported, target, lines))
        return ContractCheck(kept=not breaches, metadata={"breaches": breaches})

    def render_broken_contract(self, check: ContractCheck) -> None:
        interfaces = " or ".join(self._interfaces())
        for breach in check.metadata["breaches"]:
            lines = ", ".join(f"l.{n}" for n in breach.line_numbers)
            output.print_error(
                f"{breach.importer} -> {breach.imported} ({lines}): "
                f"go through {breach.owner}.{interfaces}",
                bold=False,
            )
        output.new_line()
        output.print(
            "Add what the other app needs to its api.py (a re-export of the selector or service) "
            "and import it from there; a model may be imported from its models module."
        )
