"""Outbound webhooks: integrators are told what happened, signed in the Standard Webhooks format.

Endpoints belong to a scope (the program's staff, a provider, a sponsor, or an employer following
certificates shared with them), choose event types from `catalog`, and receive one message per
change, retried with backoff by the task worker (ADR 0053)."""
