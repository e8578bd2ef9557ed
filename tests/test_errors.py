"""The error hierarchy (ic2kg/errors.py): one base formats what, where and hint; built-ins too."""

from __future__ import annotations

import pickle

import pytest

from ic2kg import errors
from ic2kg.errors import (
    BadParameter,
    DataLoadError,
    EndpointError,
    Ic2kgError,
    QueryError,
    QueryHeaderError,
    RemoteEndpointError,
    UnknownQueryError,
)

EVERY_ERROR = sorted(
    (
        value
        for value in vars(errors).values()
        if isinstance(value, type) and issubclass(value, Ic2kgError)
    ),
    key=lambda cls: cls.__name__,
)


def test_message_names_what_where_and_hint() -> None:
    error = Ic2kgError("expected '.'", where="graph/funders.ttl line 42", hint="unclosed string?")
    assert str(error) == "graph/funders.ttl line 42: expected '.' (hint: unclosed string?)"
    assert (error.message, error.where, error.hint) == (
        "expected '.'",
        "graph/funders.ttl line 42",
        "unclosed string?",
    )


@pytest.mark.parametrize(
    ("where", "hint", "expected"),
    [
        (None, None, "broken"),
        ("f.rq", None, "f.rq: broken"),
        (None, "fix it", "broken (hint: fix it)"),
    ],
)
def test_where_and_hint_are_optional(where: str | None, hint: str | None, expected: str) -> None:
    assert str(Ic2kgError("broken", where=where, hint=hint)) == expected


@pytest.mark.parametrize("cls", EVERY_ERROR, ids=lambda cls: cls.__name__)
def test_every_error_is_an_ic2kg_error_with_the_shared_format(cls: type[Ic2kgError]) -> None:
    if cls is BadParameter:
        error: Ic2kgError = BadParameter("country", "bad", hint="e.g. ES")
        assert str(error) == "parameter 'country': bad (hint: e.g. ES)"
    elif cls is RemoteEndpointError:
        error = RemoteEndpointError("http://x.example/sparql", "no answer", hint="is it up?")
        assert str(error) == "no answer (hint: is it up?)"
    else:
        error = cls("bad", where="here", hint="do this")
        assert str(error) == "here: bad (hint: do this)"
    with pytest.raises(Ic2kgError):
        raise error


@pytest.mark.parametrize(
    ("cls", "builtin"),
    [
        (DataLoadError, ValueError),
        (QueryError, ValueError),
        (QueryHeaderError, ValueError),
        (BadParameter, ValueError),
        (UnknownQueryError, KeyError),
    ],
)
def test_errors_are_also_the_builtin_callers_expect(
    cls: type[Ic2kgError], builtin: type[Exception]
) -> None:
    assert issubclass(cls, builtin)


def test_unknown_query_is_not_quoted_like_a_key_error() -> None:
    error = UnknownQueryError("no saved query 'x'", hint="try cq-01")
    assert str(error) == "no saved query 'x' (hint: try cq-01)"
    assert str(KeyError("x")) == "'x'", "KeyError alone would quote its message"


def test_bad_parameter_keeps_the_parameter_name() -> None:
    error = BadParameter("lang", "'xx-' is not a language tag")
    assert error.parameter == "lang" and error.where == "parameter 'lang'"


def test_remote_endpoint_error_is_an_endpoint_error_naming_its_endpoint() -> None:
    error = RemoteEndpointError("http://x.example/sparql", "timed out")
    assert isinstance(error, EndpointError) and error.endpoint == "http://x.example/sparql"


@pytest.mark.parametrize(
    "error",
    [
        QueryError("syntax error", where="line 3", hint="check the braces"),
        BadParameter("country", "'XX' is not a country code", hint="e.g. ES"),
        RemoteEndpointError("http://x.example/sparql", "timed out"),
        UnknownQueryError("no saved query 'x'"),
    ],
    ids=lambda error: type(error).__name__,
)
def test_errors_survive_pickling_with_their_fields(error: Ic2kgError) -> None:
    """Errors cross process boundaries (query workers, batch validation) pickled."""
    copy = pickle.loads(pickle.dumps(error))  # noqa: S301 - our own object
    assert type(copy) is type(error) and str(copy) == str(error)
    assert vars(copy) == vars(error)
