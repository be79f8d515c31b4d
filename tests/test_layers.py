"""The import contracts that `make lint` runs (lint-imports): they hold today, and they fail on a
new import that breaks a layer or skips an app's api.py. ADR 0017 explains them."""

import shutil
import subprocess
import sys
from pathlib import Path

import grimp
import pytest

from tools.import_contracts import ApiOnlyContract

# No database: runs once, in the SQLite suite (tests/conftest.py, docs/testing.md).
pytestmark = pytest.mark.database_free


ROOT = Path(__file__).resolve().parent.parent
LINT_IMPORTS = Path(sys.executable).parent / "lint-imports"


def lint_imports(cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache", "--no-logo"],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.fixture
def project_copy(tmp_path: Path) -> Path:
    """The project's Python files, contracts and contract type, in a folder of their own."""
    shutil.copytree(
        ROOT / "certify",
        tmp_path / "certify",
        ignore=shutil.ignore_patterns("templates", "static", "data", "__pycache__"),
    )
    (tmp_path / "tools").mkdir()
    shutil.copy(ROOT / "tools" / "import_contracts.py", tmp_path / "tools")
    shutil.copy(ROOT / "pyproject.toml", tmp_path)
    return tmp_path


def test_the_project_keeps_its_import_contracts():
    result = lint_imports(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Contracts: 2 kept, 0 broken." in result.stdout


@pytest.mark.parametrize(
    ("path", "line", "complaint"),
    [
        (  # core is the bottom layer: it imports no app
            "certify/core/probe.py",
            "from certify.payments.models import Invoice",
            "certify.core is not allowed to import certify.payments",
        ),
        (  # accounts sits below the domain apps
            "certify/accounts/probe.py",
            "from certify.certificates.api import expiry_date",
            "certify.accounts is not allowed to import certify.certificates",
        ),
        (  # an app reaches another through its api.py, not its services
            "certify/renewals/probe.py",
            "from certify.payments.services import payment_record",
            "certify.renewals.probe -> certify.payments.services (l.1): go through "
            "certify.payments.api or models",
        ),
        (  # rest, on top, too
            "certify/rest/probe.py",
            "from certify.scholarships import selectors",
            "certify.rest.probe -> certify.scholarships.selectors (l.1)",
        ),
    ],
)
def test_lint_fails_on_an_import_that_breaks_a_layer_or_skips_api(
    project_copy, path, line, complaint
):
    assert lint_imports(project_copy).returncode == 0  # the copy itself is clean
    (project_copy / path).write_text(f"{line}  # noqa\n")

    result = lint_imports(project_copy)

    assert result.returncode == 1
    assert complaint in " ".join(result.stdout.split())


def graph_of(*imports: tuple[str, str]) -> grimp.ImportGraph:
    graph = grimp.ImportGraph()
    for importer, imported in imports:
        graph.add_import(importer=importer, imported=imported, line_number=3, line_contents="")
    return graph


def contract() -> ApiOnlyContract:
    return ApiOnlyContract(
        name="api only",
        session_options={},
        contract_options={"apps": ["pkg.shop", "pkg.bank"], "importers": ["pkg.web"]},
    )


@pytest.mark.parametrize(
    "imported",
    [
        "pkg.bank.api",
        "pkg.bank.models",
        "pkg.bank.models.invoice",  # models as a package
        "pkg.shop.services",  # inside its own app
        "pkg.core.money",  # not an app: a library every app may use
        "django.db",
    ],
)
def test_the_api_contract_allows_interfaces_own_modules_and_libraries(imported):
    check = contract().check(graph_of(("pkg.shop.views", imported)), verbose=False)
    assert check.kept, check.metadata


@pytest.mark.parametrize(
    ("importer", "imported"),
    [
        ("pkg.shop.views", "pkg.bank.services"),
        ("pkg.shop.views", "pkg.bank"),  # the package's __init__ is not its interface
        ("pkg.shop.handlers.payments", "pkg.bank.selectors.invoices"),
        ("pkg.web.shop", "pkg.shop.selectors"),  # an importer that is not an app, held too
        ("pkg.bank.views", "pkg.shop.apiary"),  # "api" must be the whole name
    ],
)
def test_the_api_contract_refuses_another_apps_insides(importer, imported):
    check = contract().check(graph_of((importer, imported)), verbose=False)
    assert not check.kept
    [breach] = check.metadata["breaches"]
    assert (breach.importer, breach.imported, breach.line_numbers) == (importer, imported, (3,))


def test_the_api_contract_leaves_packages_outside_it_alone():
    graph = graph_of(("pkg.loaddata.seed", "pkg.bank.services"), ("pkg.urls", "pkg.shop.views"))
    assert contract().check(graph, verbose=False).kept
