"""Conformance with 1EdTech's Open Badges 3.0 JSON Schemas (copied under `schemas/`).

`assert_ob3_valid(credential)` fails with every schema error, in words and with its path, so a
change that breaks conformance says where.
"""

import json
from functools import cache
from pathlib import Path
from typing import Any

from jsonschema import Draft201909Validator

SCHEMAS = Path(__file__).parent / "schemas"


@cache
def validator(name: str) -> Draft201909Validator:
    schema = json.loads((SCHEMAS / name).read_text(encoding="utf-8"))
    Draft201909Validator.check_schema(schema)
    return Draft201909Validator(schema)


def schema_errors(document: Any, name: str = "achievementcredential.json") -> list[str]:
    errors = validator(name).iter_errors(document)
    return sorted(f"{'/'.join(map(str, e.absolute_path)) or '(top)'}: {e.message}" for e in errors)


def assert_ob3_valid(credential: Any) -> None:
    """The credential is an OB 3.0 AchievementCredential with zero schema errors."""
    errors = schema_errors(credential)
    assert errors == [], "\n".join(errors)
