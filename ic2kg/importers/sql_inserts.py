"""Rows of the INSERT INTO ... VALUES statements of a PostgreSQL dump, read without a database."""

from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path

from ic2kg.errors import DataLoadError

_INSERT = re.compile(r"INSERT INTO\s+([\w.\"]+)\s*(?:\(([^)]*)\))?\s*VALUES\s*", re.IGNORECASE)
_NUMBER = re.compile(r"-?\d+(?:\.\d+)?")

Value = str | None


def _values(text: str, start: int, where: str) -> tuple[list[Value], int]:
    """Parse one ``(v1, v2, ...)`` tuple starting at ``text[start] == '('``."""
    if text[start] != "(":
        raise DataLoadError("expected '(' after VALUES", where=where)
    values: list[Value] = []
    i = start + 1
    while True:
        while text[i] in " \t\r\n":
            i += 1
        if text[i] == "'":
            chunk = []
            i += 1
            while True:
                j = text.index("'", i)
                chunk.append(text[i:j])
                # SQL doubles a quote inside a string: 'it''s'.
                if j + 1 < len(text) and text[j + 1] == "'":
                    chunk.append("'")
                    i = j + 2
                    continue
                i = j + 1
                break
            values.append("".join(chunk))
        elif text.startswith("NULL", i):
            values.append(None)
            i += 4
        else:
            match = _NUMBER.match(text, i)
            if not match:
                raise DataLoadError(f"unexpected value at {text[i : i + 20]!r}", where=where)
            values.append(match.group(0))
            i = match.end()
        while text[i] in " \t\r\n":
            i += 1
        if text[i] == ",":
            i += 1
            continue
        if text[i] == ")":
            return values, i + 1
        raise DataLoadError(f"expected ',' or ')' at {text[i : i + 20]!r}", where=where)


def _columns(schema: str) -> dict[str, list[str]]:
    """Column names of each ``CREATE TABLE`` in ``schema``, in order."""
    tables = {}
    for match in re.finditer(r"CREATE TABLE\s+([\w.]+)\s*\((.*?)\n\);", schema, re.S | re.I):
        names = []
        for line in match.group(2).splitlines():
            line = line.strip()
            if line and not line.upper().startswith(("CONSTRAINT", "PRIMARY", "UNIQUE")):
                names.append(line.split()[0].strip('"'))
        tables[match.group(1).split(".")[-1]] = names
    return tables


def read_inserts(path: Path, schema_path: Path | None = None) -> dict[str, list[dict[str, Value]]]:
    """Table name (without schema) -> rows as dicts, from the INSERT statements in ``path``.

    Column names come from the statement's column list, else from the CREATE TABLE statements
    of ``schema_path`` (or of ``path`` itself).
    """
    try:
        text = path.read_text(encoding="utf-8")
        schema = schema_path.read_text(encoding="utf-8") if schema_path else text
    except (OSError, UnicodeDecodeError) as error:
        raise DataLoadError(f"cannot read: {error}", where=str(path)) from error
    columns = _columns(schema)
    rows: dict[str, list[dict[str, Value]]] = defaultdict(list)
    for match in _INSERT.finditer(text):
        table = match.group(1).replace('"', "").split(".")[-1]
        line = text.count("\n", 0, match.start()) + 1
        where = f"{path} line {line}"
        names = (
            [c.strip().strip('"') for c in match.group(2).split(",")]
            if match.group(2)
            else columns.get(table)
        )
        if not names:
            raise DataLoadError(
                f"no column names for table {table}",
                where=where,
                hint="pass the schema file that creates it",
            )
        position = match.end()
        while True:
            values, position = _values(text, position, where)
            if len(values) != len(names):
                raise DataLoadError(
                    f"{len(values)} values for the {len(names)} columns of {table}", where=where
                )
            rows[table].append(dict(zip(names, values, strict=True)))
            rest = text[position:].lstrip()
            if not rest.startswith(","):
                break
            position = text.index(",", position) + 1
            while text[position] in " \t\r\n":
                position += 1
    if not rows:
        raise DataLoadError("no INSERT statements", where=str(path), hint="is this a SQL dump?")
    return dict(rows)
