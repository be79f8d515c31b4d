class DomainError(Exception):
    """A business rule refused an action. The message is written for the person acting."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


class LinkClosedError(DomainError):
    """An e-mailed link was real but works no more (used, replaced, expired, too late): the
    page answers 410 Gone with the message, not 404."""
