class DomainError(Exception):
    """A business rule refused an action. The message is written for the person acting."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


class LinkClosedError(DomainError):
    """An e-mailed link was real but works no more (used, replaced, expired, too late): the
    page answers 410 Gone with the message, not 404."""


def require_within(text: str, limit: int, *, field: str, what: str = "it") -> None:
    """Refuse text longer than `limit` characters, in the writer's words, beside its field."""
    if len(text) > limit:
        raise DomainError(
            f"Keep {what} to {limit:,} characters: it has {len(text):,}.", field=field
        )
