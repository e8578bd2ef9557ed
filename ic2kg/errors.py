"""One error hierarchy for ic2kg: callers catch broadly (Ic2kgError) or precisely."""

from __future__ import annotations

from typing import Any


class Ic2kgError(Exception):
    """Base of every ic2kg error; the message says what, where and what to do."""

    def __init__(self, message: str, *, where: str | None = None, hint: str | None = None):
        self.message = message
        self.where = where
        self.hint = hint
        super().__init__(str(self))

    def __str__(self) -> str:
        text = f"{self.where}: {self.message}" if self.where else self.message
        return f"{text} (hint: {self.hint})" if self.hint else text

    def __reduce__(self) -> tuple[Any, ...]:
        # Pickling re-calls the class with args by default, which breaks subclasses whose
        # __init__ takes other arguments (BadParameter); errors cross process boundaries.
        return (_rebuild, (type(self), self.__dict__.copy()))


def _rebuild(cls: type[Ic2kgError], state: dict[str, Any]) -> Ic2kgError:
    error = cls.__new__(cls)
    error.__dict__.update(state)
    Exception.__init__(error, str(error))
    return error


class DataLoadError(Ic2kgError, ValueError):
    """An RDF file or payload could not be parsed."""


class ValidationFailed(Ic2kgError):
    """Data violates the SHACL shapes."""


class QueryError(Ic2kgError, ValueError):
    """A SPARQL query is malformed or failed to run."""


class QueryHeaderError(Ic2kgError, ValueError):
    """A saved query's #+ header is missing or malformed."""


class UnknownQueryError(Ic2kgError, KeyError):
    """No saved query has that name."""

    def __str__(self) -> str:  # KeyError would otherwise quote the message
        return Ic2kgError.__str__(self)


class BadParameter(Ic2kgError, ValueError):
    """A query parameter is unknown or does not match its declared type."""

    def __init__(
        self,
        parameter: str,
        message: str,
        *,
        hint: str | None = None,
        suggestion: str | None = None,
        unknown: tuple[str, ...] = (),
    ):
        self.parameter = parameter
        self.suggestion = suggestion  # the closest known name, for an unknown parameter
        self.unknown = unknown  # every unknown name of the request
        super().__init__(message, where=f"parameter '{parameter}'", hint=hint)


class SettingsError(Ic2kgError, ValueError):
    """An IC2KG_* environment variable holds a value ic2kg cannot use."""


class EndpointError(Ic2kgError):
    """The query engine failed or is unavailable (the API answers 503)."""


class RemoteEndpointError(EndpointError):
    """A remote SPARQL endpoint is unreachable, refused or answered unusably (the API answers
    502, whichever route asked: the mapping is ic2kg.sparql.http.failure and refusal)."""

    def __init__(self, endpoint: str, message: str, *, hint: str | None = None):
        self.endpoint = endpoint
        super().__init__(message, hint=hint)


class ReadOnlyError(Ic2kgError):
    """An update was sent where only queries are allowed."""


class QueryTimeout(Ic2kgError):
    """A query ran longer than the time limit and was stopped."""


class ServiceNotAllowed(Ic2kgError):
    """A query calls a SERVICE endpoint that is not on the allow-list."""


class ServerBusy(Ic2kgError):
    """Every query worker stayed busy longer than a request may wait."""
