"""The evidence viewer's pdf.js is vendored like htmx: the minified build and its license, in a
folder named for the version, byte for byte what the pinned npm package ships (ADR 0049). An
upgrade is therefore deliberate: change package.json, copy the files into a new folder, point
the assess page at it; this test fails until all three agree."""

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
    return json.loads((ROOT / "package.json").read_text())["devDependencies"]["pdfjs-dist"]


def vendored() -> Path:
    return ROOT / "certify" / "core" / "static" / "vendor" / f"pdfjs-{pinned_version()}"


def test_the_vendored_folder_is_named_for_the_pinned_version_and_the_page_uses_it():
    assert sorted(p.name for p in vendored().iterdir()) == sorted(FILES)
    folders = [p.name for p in vendored().parent.glob("pdfjs-*")]
    assert folders == [vendored().name], "keep one pdf.js version in the vendor folder"
    template = ROOT / "certify" / "portfolios" / "templates" / "portfolios" / "assess.html"
    assert f"vendor/{vendored().name}/pdf.min.mjs" in template.read_text()


def test_the_vendored_files_are_byte_identical_to_the_npm_package():
    if not PACKAGE.is_dir():
        reason = "node_modules/pdfjs-dist is missing (run `npm ci`): cannot compare pdf.js"
        if os.environ.get("REQUIRE_BROWSER") == "1":
            pytest.fail(f"{reason}; REQUIRE_BROWSER=1 forbids skipping", pytrace=False)
        pytest.skip(reason)
    assert json.loads((PACKAGE / "package.json").read_text())["version"] == pinned_version()
    for name, source in FILES.items():
        assert (vendored() / name).read_bytes() == (PACKAGE / source).read_bytes(), name
