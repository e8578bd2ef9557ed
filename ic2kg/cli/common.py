"""What every command module shares: the consoles, the common options, error reporting and
progress lines."""

from __future__ import annotations

import sys
from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import ParamSpec, TypeVar

import click
from rich.console import Console

from ic2kg.errors import Ic2kgError
from ic2kg.settings import Settings

P = ParamSpec("P")
R = TypeVar("R")

console = Console(stderr=True)
out = Console(soft_wrap=True)

ENDPOINT_OPTION = click.option(
    "--endpoint",
    envvar="IC2KG_ENDPOINT",
    default=None,
    help="SPARQL 1.1 endpoint of a remote store (default: embedded Oxigraph). Env: IC2KG_ENDPOINT.",
)
STORE_PATH_OPTION = click.option(
    "--store-path",
    envvar="IC2KG_STORE_PATH",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Folder of a persistent embedded store (default: in memory). Env: IC2KG_STORE_PATH.",
)
LANG_OPTION = click.option(
    "--lang",
    type=click.Choice(["en", "zh"]),
    default="en",
    show_default=True,
    help="Label language.",
)


def reports_errors(func: Callable[P, R]) -> Callable[P, R]:
    """Turn ic2kg errors into one clear line on stderr and exit code 2."""

    @wraps(func)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return func(*args, **kwargs)
        except Ic2kgError as error:
            console.print(f"[bold red]error:[/] {error}", highlight=False)
            sys.exit(2)

    return wrapper


def settings_for(endpoint: str | None, store_path: Path | None) -> Settings:
    """Settings from the environment, overridden by CLI options."""
    settings = Settings.from_env().with_endpoint(endpoint)
    if store_path is not None:
        from dataclasses import replace

        settings = replace(settings, store_path=store_path)
    return settings


def progress_printer(enabled: bool = True) -> Callable[[str], None]:
    """A progress callback printing dim lines on stderr."""

    def show(message: str) -> None:
        if enabled:
            console.print(f"[dim]… {message}[/]", highlight=False)

    return show
