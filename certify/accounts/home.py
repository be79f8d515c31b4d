"""What the signed-in home page shows from other apps.

accounts sits below the apps that own those things, so it imports none of them: each app
registers a part (in its AppConfig.ready) that adds names to the page's context.
"""

from collections.abc import Callable, Sequence

from certify.accounts.models import User

HomePart = Callable[[User, Sequence[str]], dict[str, object]]  # (user, their roles) -> context
_parts: list[HomePart] = []


def home_part(part: HomePart) -> HomePart:
    """Register `part(user, roles) -> dict` for the home page (used as a decorator)."""
    if part not in _parts:
        _parts.append(part)
    return part


def home_context(*, user: User, roles: Sequence[str]) -> dict[str, object]:
    context: dict[str, object] = {}
    for part in _parts:
        context.update(part(user, roles))
    return context
