"""How staff pages name a person who may have closed their account (ADR 0016): never the
closure's placeholder name, which reads like a person's.

- `{{ t.actor|by_whom:application.candidate }}`: who acted, in a history's "by <this>"
  (`accounts.api.actor_named`): the name, "the candidate (account closed)" or "a portfolio
  reviewer whose account is closed".
- `{% if person|account_closed %}`: whether the account holds the closure's placeholder (closed
  by its owner, or opened again since without a name and address of its own), so a title says
  "account closed" with a reference instead of the name.
- `{% case_title "Application" person %}`: `accounts.api.case_title` with the person's candidate
  number ("Application (account closed), candidate LSSCP-C-7K3Q9M2X"), for a title built where
  the view does not build it.
- `{{ c.candidate|listed_name }}`: a person in a list's row (`accounts.api.listed_name`): the
  name, or "Account closed (candidate LSSCP-C-7K3Q9M2X)"; the view reads the list's references
  first (`references_attach`), so the rows cost no query each."""

from typing import Any

from django import template

from certify.accounts.listed_names import listed_name as name_in_list
from certify.accounts.person_references import person_reference
from certify.accounts.privacy import actor_named, closure_erased
from certify.accounts.privacy import case_title as title_of

register = template.Library()


@register.filter
def by_whom(actor: Any, candidate: Any = None) -> str:
    return actor_named(actor, candidate=candidate)


@register.filter
def account_closed(person: Any) -> bool:
    return person is not None and closure_erased(person)


@register.simple_tag(name="case_title")
def case_title(noun: str, person: Any) -> str:
    reference = person_reference(person) if closure_erased(person) else ""
    return title_of(noun, person, reference=reference)


@register.filter
def listed_name(person: Any) -> str:
    return name_in_list(person)
