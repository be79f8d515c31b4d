"""Authentication backends that load, with the signed-in person, what every page asks next.

Every signed-in request loads the user (Django's `get_user`), then every page asks for their
roles (navigation, permissions), the number of unread notifications (navigation badge) and, for
staff and reviewers, whether they have an authenticator app or a security key
(`RequireMFAMiddleware`): four
queries before the page does anything. Here one query answers all four, as subqueries of the
user row; `User.roles`, the context processor and the middleware use the answers when present
and ask the database themselves when not (a user loaded any other way).

The answers are as of the start of the request, like `User.roles` always was (read once per
request). A page that changes them redirects afterwards (POST, redirect, GET), so the next page
shows the change.
"""

from collections.abc import Callable
from typing import Any

from allauth.account.auth_backends import AuthenticationBackend as AllauthBackend
from django.contrib.auth.backends import ModelBackend as DjangoModelBackend
from django.db.models import (
    Count,
    Exists,
    IntegerField,
    OuterRef,
    QuerySet,
    StringAgg,
    Subquery,
    TextField,
    Value,
)
from django.db.models.functions import Coalesce

from certify.accounts.models import RoleAssignment, User
from certify.core.precompiled import Precompiled

ROLE_SEPARATOR = ","

# Facts about the person that apps above accounts add to the same query (what the navigation
# shows depends on where they are in their journey): name -> (the annotation, with
# OuterRef("pk") for the user; the same answer for a user loaded any other way).
_facts: dict[str, tuple[Callable[[], Any], Callable[[User], Any]]] = {}
_MISSING = object()


def request_fact(
    name: str, *, annotation: Callable[[], Any], fallback: Callable[[User], Any]
) -> None:
    """Load `annotation()` with the signed-in user (as `request_<name>`); `fallback(user)`
    answers for a user loaded any other way. Registered by apps in their AppConfig.ready."""
    _facts[name] = (annotation, fallback)
    _REQUEST_USER.clear()


def request_fact_value(user: User, name: str) -> Any:
    """The fact as loaded with the user, or asked of the database once for this user object."""
    value = getattr(user, f"request_{name}", _MISSING)
    if value is _MISSING:
        value = _facts[name][1](user)
        setattr(user, f"request_{name}", value)
    return value


def _request_user_query(pk: int) -> QuerySet[User]:
    """The user row with `request_roles`, `request_unread` and `request_has_two_factor`."""
    from allauth.mfa.models import Authenticator

    from certify.accounts.mfa import SECOND_FACTORS
    from certify.notifications.models import Notification

    roles = (
        RoleAssignment.objects.filter(user=OuterRef("pk"))
        .order_by()
        .values("user")
        .annotate(joined=StringAgg("role", Value(ROLE_SEPARATOR)))
        .values("joined")
    )
    unread = (
        Notification.objects.filter(recipient=OuterRef("pk"), read_at__isnull=True)
        .order_by()
        .values("recipient")
        .annotate(n=Count("*"))
        .values("n")
    )
    two_factor = Authenticator.objects.filter(user=OuterRef("pk"), type__in=SECOND_FACTORS)
    return (
        User.objects.filter(pk=pk)
        .annotate(
            request_roles=Coalesce(Subquery(roles), Value(""), output_field=TextField()),
            request_unread=Coalesce(Subquery(unread, output_field=IntegerField()), 0),
            request_has_two_factor=Exists(two_factor),
            **{f"request_{name}": annotation() for name, (annotation, _) in _facts.items()},
        )
        .order_by()
    )


# Building and compiling that query costs several times more than running it (three subqueries
# through the ORM on every request), so it is a `Precompiled` (certify/core/precompiled.py, ADR
# 0062): compiled once per database and run with the person's id, the row made into a User by
# hand as Django's iterable would (one table: annotations set as attributes, ADR 0065). On
# PostgreSQL the id is bound on the server, so the statement is prepared once per connection and
# not planned again on every request (ADR 0063).
_REQUEST_USER = Precompiled(_request_user_query, ints=("pk",))


def user_for_request(*, pk: Any) -> User | None:
    """The user with `request_roles`, `request_unread` and `request_has_two_factor` answered."""
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        return None
    rows = _REQUEST_USER.run(pk=pk, rows=(None, 1))
    return rows[0] if rows else None


class _LoadsRequestFacts:
    def get_user(self, user_id: Any) -> User | None:
        user = user_for_request(pk=user_id)
        return user if user is not None and self.user_can_authenticate(user) else None  # type: ignore[attr-defined]


class ModelBackend(_LoadsRequestFacts, DjangoModelBackend):
    """Django's backend (password sign-in), loading the request's facts with the user."""


class AuthenticationBackend(_LoadsRequestFacts, AllauthBackend):
    """allauth's backend (e-mail sign-in, codes), loading the request's facts with the user."""
