"""The evidence viewer's pdf.js comes from the npm package pinned in package.json: `make install`
copies its minified build and license into a static folder named for the version (ignored by
git), byte for byte what the package ships (ADR 0049). An upgrade is deliberate: change
package.json and the path in the assess page; this test fails until they agree."""

import json
import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "node_modules" / "pdfjs-dist"
FILES = {
    "pdf.min.mjs": "build/pdf.min.mjs",
    "pdf.worker.min.mjs": "build/pdf.worker.min.mjs",
    "LICENSE": "LICENSE",
}


def pinned_version() -> str:
    return json.loads((ROOT / "package.json").read_text())["dependencies"]["pdfjs-dist"]


def vendored() -> Path:
    return ROOT / "certify" / "core" / "static" / "vendor" / f"pdfjs-{pinned_version()}"


def require_installed(path: Path) -> None:
    if not path.exists():
        reason = f"{path.relative_to(ROOT)} is missing (run `make install`): cannot check pdf.js"
        if os.environ.get("REQUIRE_BROWSER") == "1":
            pytest.fail(f"{reason}; REQUIRE_BROWSER=1 forbids skipping", pytrace=False)
        pytest.skip(reason)


def test_the_assess_page_loads_the_pinned_version():
    template = ROOT / "certify" / "portfolios" / "templates" / "portfolios" / "assess.html"
    assert f"vendor/{vendored().name}/pdf.min.mjs" in template.read_text()
    assert f"vendor/{vendored().name}/pdf.worker.min.mjs" in template.read_text()


def test_make_install_copies_the_pinned_version_alone():
    require_installed(vendored())
    assert sorted(p.name for p in vendored().iterdir()) == sorted(FILES)
    folders = [p.name for p in vendored().parent.glob("pdfjs-*")]
    assert folders == [vendored().name], "keep one pdf.js version in the vendor folder"


def test_the_copied_files_are_byte_identical_to_the_npm_package():
    require_installed(PACKAGE)
    require_installed(vendored())
    assert json.loads((PACKAGE / "package.json").read_text())["version"] == pinned_version()
    for name, source in FILES.items():
        assert (vendored() / name).read_bytes() == (PACKAGE / source).read_bytes(), name
