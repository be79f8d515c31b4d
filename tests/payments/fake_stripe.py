"""A fake Stripe at the HTTP boundary: the stripe library's own request code runs (options,
idempotency header, form encoding, error mapping); only the network is replaced.

It keeps refunds the way Stripe does: a POST to /v1/refunds with an `Idempotency-Key` it has
seen answers with the refund it made then, without making another; a GET lists refunds of a
payment intent with their metadata. What each POST does is scripted, in order:

- "ok": make the refund and answer it;
- "down": answer nothing (the connection fails) and make nothing;
- "timeout": make the refund, then lose the answer (the caller sees a connection error);
- "busy": 429; "broken": 500 from Stripe;
- "error:<code>": 400 invalid_request_error with that code, e.g. "error:charge_already_refunded".

When the script runs out, every further POST is "ok".
"""

import json
from dataclasses import dataclass, field
from itertools import count
from typing import Any
from urllib.parse import parse_qs, urlsplit

import stripe
from stripe._http_client import HTTPClient

_ids = count(1)


def _form(post_data: Any) -> dict[str, str]:
    text = post_data.decode() if isinstance(post_data, bytes) else str(post_data or "")
    return {k: v[-1] for k, v in parse_qs(text, keep_blank_values=True).items()}


@dataclass
class FakeStripe(HTTPClient):
    script: list[str] = field(default_factory=list)
    refunds: dict[str, dict[str, Any]] = field(default_factory=dict)  # id → refund
    by_key: dict[str, str] = field(default_factory=dict)  # idempotency key → refund id
    calls: list[tuple[str, str, str]] = field(default_factory=list)  # (method, path, key)
    name = "fake"

    def __post_init__(self) -> None:
        super().__init__()

    # What the stripe library calls ----------------------------------------------------------

    def request(self, method, url, headers, post_data=None, *, _usage=None):
        parts = urlsplit(url)
        key = dict(headers or {}).get("Idempotency-Key", "")
        self.calls.append((method.upper(), parts.path, key))
        if method.lower() == "get" and parts.path == "/v1/refunds":
            return self._list(parse_qs(parts.query))
        if method.lower() == "post" and parts.path == "/v1/refunds":
            return self._create(_form(post_data), key)
        return self._answer(404, {"error": {"type": "invalid_request_error", "message": "?"}})

    def close(self) -> None:
        pass

    # Stripe's behaviour ---------------------------------------------------------------------

    def _create(self, form: dict[str, str], key: str):
        if key and key in self.by_key:  # Stripe replays what it answered the first time
            return self._answer(200, self.refunds[self.by_key[key]])
        step = self.script.pop(0) if self.script else "ok"
        if step == "down":
            raise stripe.APIConnectionError("Connection refused (fake: 203.0.113.9:443)")
        if step == "busy":
            return self._error(429, "rate_limit_error", "rate_limit", "Too many requests")
        if step == "broken":
            return self._error(500, "api_error", "", "Internal failure id=req_fake")
        if step.startswith("error:"):
            code = step.split(":", 1)[1]
            return self._error(400, "invalid_request_error", code, f"Raw detail for {code}")
        refund = {
            "id": f"re_fake_{next(_ids):04d}",
            "object": "refund",
            "amount": int(form["amount"]),
            "currency": "usd",
            "payment_intent": form["payment_intent"],
            "status": "succeeded",
            "metadata": {
                k[len("metadata[") : -1]: v for k, v in form.items() if k.startswith("metadata[")
            },
        }
        self.refunds[refund["id"]] = refund
        if key:
            self.by_key[key] = refund["id"]
        if step == "timeout":
            raise stripe.APIConnectionError("Read timed out (fake: the refund was made)")
        return self._answer(200, refund)

    def _list(self, query: dict[str, list[str]]):
        intent = query.get("payment_intent", [""])[0]
        data = [r for r in self.refunds.values() if r["payment_intent"] == intent]
        return self._answer(
            200, {"object": "list", "data": data, "has_more": False, "url": "/v1/refunds"}
        )

    def _error(self, status: int, kind: str, code: str, message: str):
        return self._answer(status, {"error": {"type": kind, "code": code, "message": message}})

    @staticmethod
    def _answer(status: int, body: dict[str, Any]):
        return json.dumps(body), status, {"Request-Id": "req_fake"}

    # For the tests --------------------------------------------------------------------------

    @property
    def creates(self) -> list[tuple[str, str, str]]:
        return [c for c in self.calls if c[0] == "POST"]

    def made_for(self, intent: str) -> list[dict[str, Any]]:
        return [r for r in self.refunds.values() if r["payment_intent"] == intent]
