"""Errors the services raise for the adapters to translate."""


class NotFound(LookupError):
    """No such record, or not in the user's tenancy: the two are not told apart."""


class ServiceError(ValueError):
    """A request the rules refuse. `field` names the input to blame, `code` is
    a stable reason the adapters word in the user's language."""

    def __init__(self, code: str, field: str | None = None) -> None:
        super().__init__(code)
        self.code = code
        self.field = field
