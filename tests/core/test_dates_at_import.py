"""A test module that works out a day when it is imported (`TODAY = timezone.localdate()` at
module level, or in a parameter list) holds the day pytest collected it on. A run that crosses
the site's midnight between collecting and running the module then tests yesterday's day
against today's rules: a date "in the future" is today, a five-year window has moved a day.
On 2026-12-07 a `.ci/run` started at 23:36 in Chicago failed five such tests after midnight
(docs/testing.md, "The clock"). Every module now works out its days when the test runs (a
parameter names a day with `tests.days`); none may go back to doing it at import.

The scan sees a call of the clock itself and, as far as can be seen without running anything, a
call of what reads it: a function of `tests/` whose body calls the clock or such a function, a
factory whose declarations (lambdas included), `post_generation` hooks or sub-factories do, or
its `.create()`/`.build()`; followed through imports. A helper that only returns a fixture
(`certificate_per_module()`) reads nothing at import. Not seen: a method called on a value, and
code of `certify/` (a model's `default=timezone.now`)."""

import ast
import gc
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone

from tests.days import TOMORROW, YESTERDAY, InDays, dated

pytestmark = pytest.mark.database_free

ROOT = Path(__file__).resolve().parents[2]
TESTS = ROOT / "tests"
CLOCK_CALLS = {"localdate", "now", "today", "localtime", "program_today"}
# A factory_boy class runs these of its methods when it makes a row.
FACTORY_HOOKS = {"post_generation", "lazy_attribute", "lazy_attribute_sequence", "sequence"}
BUILDERS = {"create", "build", "create_batch", "build_batch"}  # a factory's ways to make rows
RUN_ON_CALL = {"__init__", "__new__", "__post_init__"}
# Modules allowed to work out a day at import: none since 2026-12-07 (36 were converted then).
KNOWN: set[str] = set()  # dotted names: tests.app.test_module


class Source:
    """One module of the project: what it defines at its top level and what it imports, so a
    name called in it can be followed to the function or class it means."""

    def __init__(self, dotted: str, tree: ast.Module) -> None:
        self.dotted, self.tree = dotted, tree
        self.defs: dict[str, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef] = {}
        self.imports: dict[str, str] = {}  # local name -> dotted name it stands for
        package = dotted.rsplit(".", 1)[0] if "." in dotted else ""
        for node in tree.body:
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
                self.defs[node.name] = node
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    parent = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                    base = f"{parent}.{base}" if base else parent
                for alias in node.names:
                    self.imports[alias.asname or alias.name] = f"{base}.{alias.name}"
            elif isinstance(node, ast.Import):
                for alias in node.names:
                    if alias.asname:
                        self.imports[alias.asname] = alias.name


class Project:
    """Modules (dotted name: source), and which of their functions and classes read the clock
    when they are called: directly, or through another one that does (a factory whose
    declarations or hooks read it, a factory built on one, a helper that calls either)."""

    def __init__(self, sources: dict[str, str]) -> None:
        collecting = gc.isenabled()
        gc.disable()  # the trees are kept: the collector would walk them again and again
        try:
            self.modules = {
                dotted: Source(dotted, ast.parse(text)) for dotted, text in sources.items()
            }
        finally:
            if collecting:
                gc.enable()
        self._reads: dict[str, bool] = {}

    def reads(self, key: str) -> bool:
        """Whether calling the function or class `key` (dotted) reads the clock. Worked out
        when first asked (only what a module calls at import is asked about)."""
        if key not in self._reads:
            where, _, name = key.rpartition(".")
            module = self.modules.get(where)
            if module is None or name not in module.defs:
                return False
            self._reads[key] = False  # while it is worked out: a helper calling itself
            direct, uses = self._uses(module, module.defs[name])
            self._reads[key] = direct or any(self.reads(used) for used in sorted(uses))
        return self._reads[key]

    @classmethod
    def of(cls, root: Path, *folders: str) -> "Project":
        sources = {}
        for folder in folders:
            for path in sorted((root / folder).rglob("*.py")):
                rel = path.relative_to(root).with_suffix("")
                if "migrations" in rel.parts:
                    continue
                parts = rel.parts[:-1] if rel.name == "__init__" else rel.parts
                sources[".".join(parts)] = path.read_text(encoding="utf-8")
        return cls(sources)

    def target(self, module: Source, node: ast.expr, depth: int = 0) -> str | None:
        """The dotted name a name or attribute in `module` stands for, when it is in the
        project (re-exports followed)."""
        if isinstance(node, ast.Name):
            if node.id in module.defs:
                return f"{module.dotted}.{node.id}"
            dotted = module.imports.get(node.id)
        elif isinstance(node, ast.Attribute):
            owner = self.target(module, node.value, depth)
            dotted = f"{owner}.{node.attr}" if owner in self.modules else None
        else:
            return None
        if dotted is None or depth > 5:
            return None
        if dotted in self.modules:
            return dotted
        where, _, name = dotted.rpartition(".")
        source = self.modules.get(where)
        if source is None:
            return None
        if name in source.defs:
            return dotted
        if name in source.imports:
            return self.target(source, ast.Name(id=name), depth + 1)
        return None

    def reads_clock(self, module: Source, called: ast.expr) -> bool:
        """Whether calling `called` in `module` reads the clock."""
        if _name(called) in CLOCK_CALLS:
            return True
        used = self._called(module, called)
        return used is not None and self.reads(used)

    def _called(self, module: Source, called: ast.expr) -> str | None:
        if isinstance(called, ast.Attribute) and called.attr in BUILDERS:
            called = called.value  # CertificateFactory.create(...) makes a row as ...() does
        return self.target(module, called)

    def _uses(self, module: Source, node: ast.AST) -> tuple[bool, set[str]]:
        """Whether calling `node` (a function, or a class: making one) reads the clock itself,
        and the project's functions and classes it calls (or names, for a factory's declarations,
        which run when it makes a row)."""
        uses: set[str] = set()
        direct = False

        def called(part: ast.expr) -> bool:
            nonlocal direct
            if _name(part) in CLOCK_CALLS:
                direct = True
            elif (used := self._called(module, part)) is not None:
                uses.add(used)
            return False  # the visitor's own list is not used

        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            bodies = [node]
        else:
            assert isinstance(node, ast.ClassDef)
            for base in node.bases:
                called(base)
            bodies = []
            for item in node.body:
                if isinstance(item, ast.FunctionDef | ast.AsyncFunctionDef):
                    hooks = {
                        _name(d.func if isinstance(d, ast.Call) else d) for d in item.decorator_list
                    }
                    if item.name in RUN_ON_CALL or hooks & FACTORY_HOOKS:
                        bodies.append(item)
                    continue
                for part in ast.walk(item):
                    if isinstance(part, ast.Name | ast.Attribute):
                        called(part)
        visitor = AtImport(called)
        for body in bodies:
            for statement in body.body:
                visitor.visit(statement)
        return direct, uses


def _name(node: ast.expr) -> str:
    if isinstance(node, ast.Attribute):
        return node.attr
    return node.id if isinstance(node, ast.Name) else ""


class AtImport(ast.NodeVisitor):
    """Calls that read the clock evaluated when the module is imported: not inside a function
    body or a lambda (a decorator's and a default's arguments are evaluated at import)."""

    def __init__(self, reads_clock: Callable[[ast.expr], bool] | None = None) -> None:
        self.lines: list[int] = []
        self.reads_clock = reads_clock or (
            lambda called: (
                (called.attr if isinstance(called, ast.Attribute) else getattr(called, "id", ""))
                in CLOCK_CALLS
            )
        )

    def visit_FunctionDef(self, node: ast.FunctionDef | ast.AsyncFunctionDef) -> None:
        for part in [*node.decorator_list, *node.args.defaults, *node.args.kw_defaults]:
            if part is not None:
                self.visit(part)

    visit_AsyncFunctionDef = visit_FunctionDef  # type: ignore[assignment]  # noqa: N815

    def visit_Lambda(self, node: ast.Lambda) -> None:
        return None

    def visit_Call(self, node: ast.Call) -> None:
        if self.reads_clock(node.func):
            self.lines.append(node.lineno)
        self.generic_visit(node)


def project() -> Project:
    return Project.of(ROOT, "tests")


def dated_at_import(everything: Project) -> dict[str, list[int]]:
    """The lines of each test module (by dotted name) that read the clock when it is imported."""
    found = {}
    for dotted, module in everything.modules.items():
        visitor = AtImport(lambda called, module=module: everything.reads_clock(module, called))
        visitor.visit(module.tree)
        if visitor.lines:
            found[dotted] = visitor.lines
    return found


def test_no_new_test_module_works_out_a_day_when_it_is_imported():
    found = dated_at_import(project())
    new = {name: lines for name, lines in found.items() if name not in KNOWN}
    assert not new, (
        f"These modules work out a day at import (lines {new}): work it out in the test or a "
        "fixture, so a run that crosses midnight tests one day (docs/testing.md, 'The clock')."
    )
    assert not KNOWN - set(found), f"No longer dated at import: {sorted(KNOWN - set(found))}"


PLANTED = {
    "tests.factories": (
        "class ThingFactory(factory.django.DjangoModelFactory):\n"
        "    on = factory.LazyFunction(lambda: timezone.localdate())\n"
        "class OwnerFactory(factory.django.DjangoModelFactory):\n"
        "    thing = factory.SubFactory(ThingFactory)\n"
        "class PlainFactory(factory.django.DjangoModelFactory):\n"
        "    name = 'plain'\n"
        "    def later(self):\n"
        "        return timezone.now()\n"
        "class HookedFactory(factory.django.DjangoModelFactory):\n"
        "    @factory.post_generation\n"
        "    def stamped(self, create, extracted, **kwargs):\n"
        "        self.at = timezone.now()\n"
    ),
    "tests.things.conftest": (
        "from tests.factories import ThingFactory\n"
        "def certificate_per_module():\n"
        "    @pytest.fixture\n"
        "    def certificate(db):\n"
        "        return ThingFactory()\n"
        "    return certificate\n"
        "def a_year_on():\n"
        "    return _today() + timedelta(days=365)\n"
        "def _today():\n"
        "    return program_today(None)\n"
        "def made_now():\n"
        "    return ThingFactory.create()\n"
    ),
    "tests.things.test_planted": (
        "from tests import factories\n"
        "from tests.factories import OwnerFactory, PlainFactory\n"
        "from .conftest import a_year_on, certificate_per_module, made_now\n"
        "certificate = certificate_per_module()\n"  # builds when a test asks: fine
        "PLAIN = PlainFactory.build()\n"  # reads the clock only when asked to: fine
        "EXPIRES = a_year_on()\n"
        "OWNER = OwnerFactory.build()\n"
        "@pytest.mark.parametrize('thing', [made_now(), factories.HookedFactory()])\n"
        "def test_thing(thing, day=a_year_on):\n"
        "    assert a_year_on() > made_now().on\n"
    ),
}


def test_a_helper_or_factory_that_reads_the_clock_is_seen_when_called_at_import():
    """Module-level calls of what reads the clock when called (followed through imports, other
    helpers, factories' declarations and hooks, `.create()`/`.build()`) are found; what only
    reads it later (a fixture a helper returns, a method, a test's body) is not."""
    planted = Project(PLANTED)
    assert dated_at_import(planted) == {"tests.things.test_planted": [6, 7, 8, 8]}
    readers = {
        name
        for dotted, module in planted.modules.items()
        for name in module.defs
        if planted.reads(f"{dotted}.{name}")
    }
    assert readers == {
        "ThingFactory",
        "OwnerFactory",
        "HookedFactory",
        "a_year_on",
        "_today",
        "made_now",
        "test_thing",
    }


def test_the_finder_sees_a_day_at_import_and_not_one_in_a_test():
    visitor = AtImport()
    visitor.visit(
        ast.parse(
            "TODAY = timezone.localdate()\n"
            "CASES = {'future': {'on': date.today() + timedelta(days=1)}}\n"
            "@clock_at(timezone.now())\n"
            "def test_x(day=timezone.localdate()):\n"
            "    return timezone.now()\n"
            "LATER = lambda: timezone.now()\n"
        )
    )
    assert visitor.lines == [1, 2, 3, 4]


def test_a_named_day_is_worked_out_when_the_test_asks():
    today = timezone.localdate()
    named = {"on": TOMORROW, "rows": [(YESTERDAY, "x")], "kept": "2001-01-01", "n": 3}
    assert dated(named) == {
        "on": today + timedelta(days=1),
        "rows": [(today - timedelta(days=1), "x")],
        "kept": "2001-01-01",
        "n": 3,
    }
    assert dated(named, iso=True)["on"] == (today + timedelta(days=1)).isoformat()
    assert dated(InDays(-364), iso=True) == (today - timedelta(days=364)).isoformat()
    assert named["on"] is TOMORROW  # the parameter is left as it was, for the next test
