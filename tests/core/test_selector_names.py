"""One naming convention for reads (docs/architecture.md, "Names"): a selector named `*_get`
returns the object or raises, one named `*_find` returns the object or None."""

import importlib
import inspect
from pathlib import Path

import pytest

CERTIFY = Path(__file__).resolve().parent.parent.parent / "certify"


def selector_modules() -> list[str]:
    paths = [*CERTIFY.glob("*/selectors.py"), *CERTIFY.glob("*/selectors/*.py")]
    names = []
    for path in sorted(paths):
        parts = path.relative_to(CERTIFY.parent).with_suffix("").parts
        names.append(".".join(parts[:-1] if parts[-1] == "__init__" else parts))
    return names


def readers(suffix: str) -> list[tuple[str, str]]:
    found = []
    for module_name in selector_modules():
        module = importlib.import_module(module_name)
        for name, func in inspect.getmembers(module, inspect.isfunction):
            if func.__module__ == module_name and name.endswith(suffix):
                found.append((module_name, name))
    return found


def may_return_none(module_name: str, name: str) -> bool:
    func = getattr(importlib.import_module(module_name), name)
    return "None" in str(inspect.signature(func).return_annotation)


def test_there_are_readers_of_both_kinds():
    assert len(readers("_get")) >= 5
    assert len(readers("_find")) >= 5


@pytest.mark.parametrize(("module_name", "name"), readers("_get"))
def test_a_get_selector_never_returns_none(module_name, name):
    assert not may_return_none(module_name, name), f"{module_name}.{name}: rename it *_find"


@pytest.mark.parametrize(("module_name", "name"), readers("_find"))
def test_a_find_selector_says_it_may_return_none(module_name, name):
    assert may_return_none(module_name, name), f"{module_name}.{name}: rename it *_get"
