"""The base of every JSON body an operation takes.

pydantic drops a field a model does not declare, so a misspelt or misplaced field (`is_pubic`,
`reason` sent to an operation that takes `note`) went through as if left out, and the request
did something other than asked with no word said. A body schema derives from `InputSchema`
instead of ninja's `Schema`, which refuses such a field: a 422 whose `errors` entry names it
and says "Leave this out: this operation does not take it." (`core/field_words.py`), and the
OpenAPI document says `additionalProperties: false` (docs/integration.md, "What a 422 says").
`tests/rest/test_unknown_fields.py` checks every operation's body, nested objects included.
"""

from ninja import Schema
from pydantic import ConfigDict


class InputSchema(Schema):
    """A JSON body (or an object inside one): a field it does not declare is refused."""

    model_config = ConfigDict(extra="forbid")
