"""Settings from IC2KG_* environment variables (ic2kg/settings.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from ic2kg.errors import SettingsError
from ic2kg.settings import Settings


def test_an_empty_environment_gives_the_defaults() -> None:
    assert Settings.from_env({}) == Settings()
    assert Settings.from_env({"IC2KG_ENDPOINT": "", "IC2KG_QUERY_TIMEOUT": " "}) == Settings()


def test_every_variable_is_read() -> None:
    settings = Settings.from_env(
        {
            "IC2KG_ENDPOINT": "http://127.0.0.1:8890/sparql",
            "IC2KG_UPDATE_ENDPOINT": "http://127.0.0.1:8890/sparql-auth",
            "IC2KG_GSP_ENDPOINT": "https://example.org/store",
            "IC2KG_GRAPH": "https://w3id.org/ic2kg/graph",
            "IC2KG_STORE_PATH": "/srv/ic2kg-store",
            "IC2KG_QUERY_TIMEOUT": "2.5",
            "IC2KG_MAX_RESULTS": "50",
            "IC2KG_MAX_QUERY_BYTES": "4096",
            "IC2KG_SERVICE_ALLOWLIST": " http://a.example/sparql  https://b.example/q ",
            "UNRELATED": "ignored",
        }
    )
    assert settings == Settings(
        endpoint="http://127.0.0.1:8890/sparql",
        update_endpoint="http://127.0.0.1:8890/sparql-auth",
        gsp_endpoint="https://example.org/store",
        graph="https://w3id.org/ic2kg/graph",
        store_path=Path("/srv/ic2kg-store"),
        query_timeout=2.5,
        max_results=50,
        max_query_bytes=4096,
        service_allowlist=("http://a.example/sparql", "https://b.example/q"),
    )


def test_reads_the_process_environment_by_default(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("IC2KG_MAX_RESULTS", "7")
    assert Settings.from_env().max_results == 7


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("IC2KG_QUERY_TIMEOUT", "ten", "not a positive number of seconds"),
        ("IC2KG_QUERY_TIMEOUT", "0", "not a positive number of seconds"),
        ("IC2KG_QUERY_TIMEOUT", "-1", "not a positive number of seconds"),
        ("IC2KG_QUERY_TIMEOUT", "nan", "not a positive number of seconds"),
        ("IC2KG_QUERY_TIMEOUT", "inf", "not a positive number of seconds"),
        ("IC2KG_MAX_RESULTS", "1e4", "not a positive whole number"),
        ("IC2KG_MAX_RESULTS", "0", "not a positive whole number"),
        ("IC2KG_MAX_QUERY_BYTES", "-5", "not a positive whole number"),
        ("IC2KG_MAX_QUERY_BYTES", "²", "not a positive whole number"),
        ("IC2KG_ENDPOINT", "localhost:7878/query", "not an http"),
        ("IC2KG_GSP_ENDPOINT", "ftp://example.org/store", "not an http"),
        ("IC2KG_SERVICE_ALLOWLIST", "http://ok.example/q urn:x", "not an http"),
    ],
)
def test_bad_values_name_the_variable_and_how_to_fix_it(
    name: str, value: str, message: str
) -> None:
    with pytest.raises(SettingsError, match=message) as caught:
        Settings.from_env({name: value})
    text = str(caught.value)
    assert text.startswith(f"{name}: "), text
    assert "hint:" in text, text


def test_with_endpoint_overrides_only_when_given() -> None:
    base = Settings(endpoint="http://a.example/sparql", max_results=5)
    assert base.with_endpoint(None) is base
    assert base.with_endpoint("http://b.example/sparql") == Settings(
        endpoint="http://b.example/sparql", max_results=5
    )
