"""What other apps use from accounts (the Python interface, not HTTP).

Roles
- `has_role(user, role) -> bool` and `require_role(user, role, *, to)`: the one role check (an
  active, signed-in person holding the role; superusers hold no role silently); `require_role`
  raises a `DomainError` ("Only program staff can extend a deadline.").
- `is_candidate`, `is_program_staff`, `is_reviewer`, `is_provider`, `is_sponsor`: django-rules
  predicates (active, signed-in user holding the role) for other apps' `rules.py`.
- `role_grant(*, user, role, actor, reason="")` and `role_revoke(...)`: audited role changes;
  an ended role's period is kept (`EndedRole`) and `ROLE_ENDED` ("role.ended") published.
- `account_deactivate(*, user, actor, reason="")`: the one deactivation that is not the owner's
  closure (the admin's "Active" box calls it), audited; `ACCOUNT_DEACTIVATED`
  ("account.deactivated") published, on which apps end what the person did or had done.
- `account_reactivate(*, user, actor, reason="")`: the one reopening of an inactive account (the
  admin's "Active" box checked), audited; `ACCOUNT_REACTIVATED` ("account.reactivated")
  published. Nothing ended is reopened; apps register `reopened_words(user) -> list[str]` with
  `reopened_words` to tell staff what stays ended and what they can do.
- `roles_ended_at(*, users, role) -> dict[int, datetime]`: when each last stopped holding `role`;
  `ended_roles_of(*, user)`: a person's ended periods, the latest first.
- `mfa_required(user) -> bool` (their roles need two-factor authentication) and
  `has_two_factor(user) -> bool` (they have an authenticator app or a security key): the sign-in
  rule, which keys other apps issue follow too (ADR 0023, ADR 0074); `two_factor_known(users)`
  answers `has_two_factor` for a list of people with one query, `with_two_factor(user_ids)`
  says which of those ids have it (one query). `mfa_required_for(roles, *, is_superuser)` is
  `mfa_required` for someone read as roles and a flag (many people at once).
- `two_factor_stop(maker, *, made_with_mfa) -> str`: the one two-factor rule for what acts as
  its maker without signing in (tokens, provider API keys, webhook endpoints; ADR 0023):
  `BEFORE_MFA` (made with a password alone, and 2FA is on now: stopped), `MAKER_NEEDS_MFA`
  (their roles need 2FA and it is off: paused until it is on) or ""; `two_factor_rule(*,
  made_with_mfa, has_two_factor, required)` is the same for facts read in bulk.

People
- `user_list(*, search="", role="") -> QuerySet[User]`.
- Addresses proven to be a person's (`accounts/addresses.py`): the one rule for every feature
  that gives an account something because of an address (shares, webhooks, invitations):
  `proven_addresses_of(user)` (their confirmed addresses, lower-cased, a subquery),
  `proven_owners_of(addresses)` (ids of the accounts that confirmed one, a subquery),
  `has_proven_address(user, address)`, `proven_owners_by_address(addresses)` (address → the
  one account that confirmed it, a dict), `proven_addresses_by_user(users)` (each account's
  confirmed addresses, primary first, one query: where notices are e-mailed). The account's
  `email` field alone proves nothing.
- `user_email_addresses(*, user) -> set[str]`: every address that is the person's own (the
  account's and each allauth address), lower-cased.
- `own_answer_refusal(*, candidate, signed_in, sent_to, own, recipient, answer) -> str | None`:
  why the candidate's own answer through a link meant for someone else cannot count.

Conflicts of interest (ADR 0022)
- `conflict_declare(*, actor, reason, person_email="", organisation="", person=None)` (an
  address names whoever confirmed it; `person` the account itself), `conflict_withdraw`;
  `may_declare(user)` (the deciding roles) and `conflict_list_for(*, user)` (their own, standing
  first) for the REST package.
- `conflicted_with(*, people, candidates) -> set`: which possible deciders declared a conflict
  with one of `people` or their library (reviewer assignment); `conflict_pairs` the same as
  (decider, person) pairs (a committee's list, per application). Every move and
  `core.duties.require_not_own` already refuse conflicted people.

Colleague invitations (ADR 0025)
- `ColleagueKind` and `colleague_kind(kind)`: register a kind of organisation people are
  invited to act for (who may invite, what accepting attaches, its colleague page).
- `colleague_invite(*, kind, organisation_id, organisation_name, email, actor, role="")`:
  send an invitation; the same answer whether or not the address has an account.
- `colleague_invitations_pending(*, kind, organisation_id)`: the list on the colleague page;
  `invitation_sent_message(invitation)`: what the inviter reads after sending.
- For the REST package (the pages' answers and withdrawals): `colleague_invitations_for(*,
  user)`, `colleague_invitation_for_user_get(*, user, pk)`, `colleague_invitation_find(*, pk)`,
  `colleague_invitation_sent_to_get(*, user, pk)` (any status, to the person's verified
  addresses), `why_not_standing(invitation)` (why accepting would be refused, "" if it stands),
  `colleague_invitation_accept(...)`, `colleague_invitation_decline(...)`,
  `colleague_invitation_withdraw(...)`, `colleague_kind_of(name)` (who manages it),
  `colleague_invitation_require_manager(...)` (403 to those who know of it, else 404).

Pages
- `home_part(func)`: add to the signed-in home page's context (`func(user, roles) -> dict`).
- `person_reference_lookup(func)`: `func(user) -> str`, the reference staff find a person by
  once their account is closed (applications registers the newest candidate number);
  `person_reference(user)` reads it ("" when none answers).
- `person_program_lookup(func)`: `func(user) -> program | None`, the program whose time zone
  the person's account e-mails show moments in (applications registers the newest
  application's); the site's zone when none answers.
- The candidate's task list (ADR 0038): `task_part(order)` registers an app's rows
  (`part(journey)`, adding `Task`s with a `TaskStatus`); `candidate_tasks(*, user)` and
  `task_groups(tasks)` read it; `turnaround_from(pairs, *, what, target_days)` and
  `turnaround_since()` compute a typical turnaround (`Turnaround`) over the last 90 days;
  `expected_by(turnaround, *, who)` is the "what happens next, and by when" sentence of a
  confirmation.
- The staff home (ADR 0047): `work_part(order)` registers an app's cards (`part(user) ->
  [WorkCard]`, each with `WorkLink`s for narrower slices) under one of the headings
  `APPLICATIONS_AND_PEOPLE`, `REVIEWS_AND_COURSES`, `MONEY`, `CERTIFICATES_AND_RENEWALS`,
  `PROGRAM`; a selector returns what it counted as a `Waiting(count, oldest, zone)`, the zone
  the oldest item's program's, whose calendar its days are counted in; `oldest_waiting(rows,
  since, *, zone)` reads one in one query (grouped by the zone at `zone`, "" for no program:
  the home counts such work's days in every program's zone when they share one, else the
  site's).
- `request_fact(name, *, annotation, fallback)`: load a fact about the signed-in person with
  them, in the same query (the navigation shows what applies to a candidate's stage);
  `request_fact_value(user, name)` reads it (asking the database for a user loaded otherwise).
- `data_versions_of(user) -> (person's, shared)`: the data versions read with the person's row;
  `versions_key(request, *parts)`: the key of a page kept per process under the versions of
  the person's data and of the shared program data that the database's triggers write (ADR
  0071), read with their row: the person, both versions, `parts`; None when it may not be kept.
  A page kept under it is as fresh as the rows the triggers track.

A person's data
- `privacy_part(name, *, files=None, erase=None)`: register an app's part of the data export
  and account closure (a `PrivacyPart`), from the app's own `privacy` module; `rows(queryset)`
  turns its rows into JSON-ready dicts. `data_export_build(*, user) -> bytes`: the person's own
  export (a ZIP), for the REST package. `closed_by_owner(user)`: whether the person closed
  their own account (not an administrator's deactivation); `CLOSED_NAME`, the name a closure
  leaves, which staff titles never show: `case_title(noun, person, *, reference)` ("Application
  of Dana Okafor", "Application (account closed), candidate LSSCP-C-7K3Q9M2X") and
  `case_person(person, *, reference)` (its heading's person: the name, or "account closed,
  candidate LSSCP-C-7K3Q9M2X"); `closure_erased(user)`: the account holds the closure's
  placeholder (closed, or opened again since without a name and address of its own).
  `actor_named(actor, *, candidate=None)`: who acted, in a history's "by <this>" (the name, "the
  candidate (account closed)", "a portfolio reviewer whose account is closed"); templates use
  `{% load people %}` `{{ t.actor|by_whom:candidate }}` and `{{ person|account_closed }}`;
  `actors_attach(actors)` first reads the last roles of a history's closed actors in one query.
  `listed_name(person, *, reference=None)`: a person in a staff list's row, an export's cell or
  an API list's field (the name, or "Account closed (candidate LSSCP-C-7K3Q9M2X)");
  `references_attach(people)` first reads the references of a list's closed accounts in one
  query (`references_attached(items, person_of)` for a streamed export, a chunk at a time;
  `person_references_lookup(func)` registers `func(user_ids) -> {id: reference}`);
  templates use `{{ person|listed_name }}`.
- `on_conflict_declared(func)`: register `func(declaration)`, run inside the transaction that
  records a new conflict declaration (a reviewer's open review of the person is given back).
- `person_lock(func)`: register `func(user_id)`, which locks (in the app's own order, ADR 0007)
  the rows whose data versions a write of that person's row, or their closure, changes for
  other people (a candidate's reviewers); a name change and a closure take them first.

Tokens (for the REST package)
- `token_authenticate(raw, *, scope) -> User`: the person, holding for this request only the
  roles the scope needs that the token was made with and they still hold (ADR 0023); raises
  `TokenRefused` (`message`, `status`, `kind`). `token_revoke(*, token, actor)`: the owner
  ends one of their tokens (a revoked one stays revoked). `token_check(raw)`: the same
  authentication alone (`TokenRefused`, 401, when the token is not genuine, current and of an
  open account), for operations that take another credential.

Passwords (ADR 0023)
- `password_changed_signal`: sent inside the transaction of every new password on an account,
  however set (`user`, `reason`); a receiver stops what the person made in its app (provider
  API keys, webhook endpoints) and returns a sentence for the person's one e-mail, or None.

Models others may name in a foreign key or a type hint: `User`, `Role` (from `accounts.models`).
"""

from certify.accounts.account_emails import person_program_lookup
from certify.accounts.addresses import (
    has_proven_address,
    proven_addresses_by_user,
    proven_addresses_of,
    proven_owners_by_address,
    proven_owners_of,
)
from certify.accounts.backends import request_fact, request_fact_value
from certify.accounts.conflict_hooks import on_conflict_declared
from certify.accounts.conflicts import (
    conflict_declare,
    conflict_list_for,
    conflict_pairs,
    conflict_withdraw,
    conflicted_with,
    may_declare,
)
from certify.accounts.data_versions import data_versions_of, versions_key
from certify.accounts.events import ACCOUNT_DEACTIVATED, ACCOUNT_REACTIVATED, ROLE_ENDED
from certify.accounts.home import home_part
from certify.accounts.invitations import (
    ColleagueKind,
    colleague_invitation_accept,
    colleague_invitation_decline,
    colleague_invitation_find,
    colleague_invitation_for_user_get,
    colleague_invitation_require_manager,
    colleague_invitation_sent_to_get,
    colleague_invitation_withdraw,
    colleague_invitations_for,
    colleague_invitations_pending,
    colleague_invite,
    colleague_kind,
    invitation_sent_message,
    why_not_standing,
)
from certify.accounts.invitations import kind_of as colleague_kind_of
from certify.accounts.listed_names import (
    listed_name,
    person_references_lookup,
    references_attach,
    references_attached,
)
from certify.accounts.mfa import (
    BEFORE_MFA,
    MAKER_NEEDS_MFA,
    has_two_factor,
    mfa_required,
    mfa_required_for,
    two_factor_known,
    two_factor_rule,
    two_factor_stop,
    with_two_factor,
)
from certify.accounts.passwords import password_changed_signal
from certify.accounts.person_locks import person_lock
from certify.accounts.person_references import person_reference, person_reference_lookup
from certify.accounts.privacy import (
    CLOSED_NAME,
    PrivacyPart,
    actor_named,
    actors_attach,
    case_person,
    case_title,
    closed_by_owner,
    closure_erased,
    data_export_build,
    privacy_part,
    rows,
)
from certify.accounts.reactivation import account_reactivate, reopened_words
from certify.accounts.roles import has_role, require_role
from certify.accounts.rules import (
    is_candidate,
    is_program_staff,
    is_provider,
    is_reviewer,
    is_sponsor,
)
from certify.accounts.selectors import (
    ended_roles_of,
    own_answer_refusal,
    roles_ended_at,
    user_email_addresses,
    user_list,
)
from certify.accounts.services import account_deactivate, role_grant, role_revoke
from certify.accounts.staff_home import (
    APPLICATIONS_AND_PEOPLE,
    CERTIFICATES_AND_RENEWALS,
    MONEY,
    PROGRAM,
    REVIEWS_AND_COURSES,
    Waiting,
    WorkCard,
    WorkLink,
    oldest_waiting,
    work_part,
)
from certify.accounts.task_list import (
    Journey,
    Task,
    TaskStatus,
    Turnaround,
    candidate_tasks,
    expected_by,
    task_groups,
    task_part,
    turnaround_from,
    turnaround_since,
)
from certify.accounts.tokens import TokenRefused, token_authenticate, token_check, token_revoke

__all__ = [
    "ACCOUNT_DEACTIVATED",
    "ACCOUNT_REACTIVATED",
    "APPLICATIONS_AND_PEOPLE",
    "BEFORE_MFA",
    "CERTIFICATES_AND_RENEWALS",
    "CLOSED_NAME",
    "MAKER_NEEDS_MFA",
    "MONEY",
    "PROGRAM",
    "REVIEWS_AND_COURSES",
    "ROLE_ENDED",
    "ColleagueKind",
    "Journey",
    "PrivacyPart",
    "Task",
    "TaskStatus",
    "TokenRefused",
    "Turnaround",
    "Waiting",
    "WorkCard",
    "WorkLink",
    "account_deactivate",
    "account_reactivate",
    "actor_named",
    "actors_attach",
    "candidate_tasks",
    "case_person",
    "case_title",
    "closed_by_owner",
    "closure_erased",
    "colleague_invitation_accept",
    "colleague_invitation_decline",
    "colleague_invitation_find",
    "colleague_invitation_for_user_get",
    "colleague_invitation_require_manager",
    "colleague_invitation_sent_to_get",
    "colleague_invitation_withdraw",
    "colleague_invitations_for",
    "colleague_invitations_pending",
    "colleague_invite",
    "colleague_kind",
    "colleague_kind_of",
    "conflict_declare",
    "conflict_list_for",
    "conflict_pairs",
    "conflict_withdraw",
    "conflicted_with",
    "data_export_build",
    "data_versions_of",
    "ended_roles_of",
    "expected_by",
    "has_proven_address",
    "has_role",
    "has_two_factor",
    "home_part",
    "invitation_sent_message",
    "is_candidate",
    "is_program_staff",
    "is_provider",
    "is_reviewer",
    "is_sponsor",
    "listed_name",
    "may_declare",
    "mfa_required",
    "mfa_required_for",
    "oldest_waiting",
    "on_conflict_declared",
    "own_answer_refusal",
    "password_changed_signal",
    "person_lock",
    "person_program_lookup",
    "person_reference",
    "person_reference_lookup",
    "person_references_lookup",
    "privacy_part",
    "proven_addresses_by_user",
    "proven_addresses_of",
    "proven_owners_by_address",
    "proven_owners_of",
    "references_attach",
    "references_attached",
    "reopened_words",
    "request_fact",
    "request_fact_value",
    "require_role",
    "role_grant",
    "role_revoke",
    "roles_ended_at",
    "rows",
    "task_groups",
    "task_part",
    "token_authenticate",
    "token_check",
    "token_revoke",
    "turnaround_from",
    "turnaround_since",
    "two_factor_known",
    "two_factor_rule",
    "two_factor_stop",
    "user_email_addresses",
    "user_list",
    "versions_key",
    "why_not_standing",
    "with_two_factor",
    "work_part",
]
