"""The shared test helpers of tests/servers.py: free ports, and Chromium that fails in CI."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest
from servers import chromium_or_skip, free_port, in_ci


def test_free_port_can_be_bound_on_loopback() -> None:
    port = free_port()
    assert 1024 <= port <= 65535
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", port))


@pytest.mark.parametrize(
    ("value", "expected"), [("true", True), ("TRUE", True), ("1", True), ("", False), ("0", False)]
)
def test_in_ci_reads_the_ci_variable(
    monkeypatch: pytest.MonkeyPatch, value: str, expected: bool
) -> None:
    monkeypatch.setenv("CI", value)
    assert in_ci() is expected


def test_chromium_is_found_by_path(tmp_path: Path) -> None:
    browser = tmp_path / "chromium"
    browser.write_text("")
    assert chromium_or_skip((str(tmp_path / "absent"), str(browser))) == str(browser)


def test_missing_chromium_fails_in_ci(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="chromium is not installed"):
        chromium_or_skip((str(tmp_path / "absent"),))


def test_missing_chromium_skips_elsewhere(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match="chromium is not installed"):
        chromium_or_skip((str(tmp_path / "absent"),))
