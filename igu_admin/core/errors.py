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


class ConflictError(RuntimeError):
    """The record changed since the caller read it (code "stale"), or its
    status does not allow the action (code "status"). Nothing was changed.
    `field` is the input the adapters blame; for a refused action `kind`
    (agreement, plan, claim), `action` and `status` say which and why."""

    def __init__(self, code: str, *, kind: str | None = None, action: str | None = None,
                 status: str | None = None) -> None:
        super().__init__(code)
        self.code = code
        self.field = "lock_version" if code == "stale" else "status"
        self.kind, self.action, self.status = kind, action, status


class PermissionDenied(PermissionError):
    """The actor's role never takes this action (403): not a matter of the
    record's status, and not a hint that a record exists outside the tenancy."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


class SubmissionRefused(ValueError):
    """Well-formed, but the rules refuse it as it stands (422): every reason at
    once, translated, per field path. For an agreement: what is missing, rules
    it breaks, and why the trainee is not eligible; for a bonus schedule: an
    extension the rule set does not allow."""

    def __init__(self, errors: dict[str, list[str]]) -> None:
        super().__init__(sorted(errors))  # the paths, never the values
        self.errors = errors


class RulesRefused(ValueError):
    """Well-formed, but the rules refuse it as the record stands (422), e.g.
    completing a course before its end date: translated messages per field
    path."""

    def __init__(self, errors: dict[str, list[str]]) -> None:
        super().__init__(sorted(errors))
        self.errors = errors
