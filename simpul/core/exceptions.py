"""The one error type services raise; the API and the forms turn it into a 4xx with its message."""

from typing import Any


class ApplicationError(Exception):
    """A refusal the user can act on: `message` is shown (already translated), `code` is stable."""

    status = 400

    def __init__(self, message: str, code: str = "invalid", extra: dict[str, Any] | None = None) -> None:
        super().__init__(message)
        self.message = str(message)
        self.code = code
        self.extra = extra or {}


class NotFoundError(ApplicationError):
    """Missing, or someone else's: the two are never told apart."""

    status = 404

    @classmethod
    def plain(cls) -> "NotFoundError":
        """The one message for anything missing or not the asker's."""
        from django.utils.translation import gettext as _

        return cls(_("The page or object you asked for does not exist."), code="not_found")


class PermissionDeniedError(ApplicationError):
    """The object is visible to the actor, but the action is not theirs to take."""

    status = 403


class ConflictError(ApplicationError):
    """The request clashes with one already recorded (a client key reused for another request)."""

    status = 409


class AuthenticationFailedError(ApplicationError):
    """The credentials were recognised but no longer work (an expired API token): a 401 that says why."""

    status = 401
