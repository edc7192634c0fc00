"""Read one issue's actors from a CSV file with header ``actor,capability,position,salience``.

Every problem in the file is collected and reported at once, each as
``file:line: column: what is wrong``, in a :class:`ForecastInputError`.
"""

from __future__ import annotations

import csv
import io
import math
from pathlib import Path

from sim.forecast.inputs import MAX_ACTORS, ForecastInput
from sim.scenario.safe_files import FileRefused, read_bounded

COLUMNS = ("actor", "capability", "position", "salience")
"""The columns of a forecast CSV, in the order they are written (any order is read)."""
MAX_CSV_BYTES = 1_000_000
"""Largest forecast CSV read (far more than MAX_ACTORS rows need)."""


class ForecastInputError(Exception):
    """A forecast input that cannot be used; ``messages`` has one line per problem."""

    def __init__(self, messages: list[str]) -> None:
        super().__init__("\n".join(messages))
        self.messages = messages


def read_forecast_csv(path: str | Path, notes: list[str] | None = None) -> ForecastInput:
    """Read a forecast CSV file (``notes`` as in :func:`parse_forecast_csv`).

    Raises:
        ForecastInputError: with every problem in the file.
    """
    path = Path(path)
    try:
        text = read_bounded(path, MAX_CSV_BYTES).decode("utf-8-sig")
    except FileRefused as error:
        raise ForecastInputError([f"{path}:1: file: {error.reason}"]) from None
    except UnicodeDecodeError as error:
        line = error.object[: error.start].count(b"\n") + 1
        raise ForecastInputError(
            [f"{path}:{line}: file: not UTF-8 text ({error.reason})"]
        ) from None
    return parse_forecast_csv(text, name=str(path), issue=path.stem, notes=notes)


def parse_forecast_csv(
    text: str, name: str = "<csv>", issue: str = "issue", notes: list[str] | None = None
) -> ForecastInput:
    """Parse forecast CSV text.

    Salience may be on 0-1 or, as published tables give it, on 0-100: when
    any salience is above 1, every salience is divided by 100 (and a note
    says so).

    Args:
        text: the CSV.
        name: the file name used in messages.
        issue: the label of the issue.
        notes: if given, notes on how the file was read are appended to it.

    Raises:
        ForecastInputError: with every problem in the text.
    """
    rows = [
        (line_number, row)
        for line_number, row in _numbered_rows(text, name)
        if any(cell.strip() for cell in row)
    ]
    if not rows:
        expected = ",".join(COLUMNS)
        raise ForecastInputError([f"{name}:1: header: the file is empty (expected {expected})"])
    header_line, header = rows[0]
    columns = [cell.strip().lower() for cell in header]
    errors = _header_errors(name, header_line, columns)
    if errors:
        raise ForecastInputError(errors)
    if len(rows) - 1 > MAX_ACTORS:
        line = rows[MAX_ACTORS + 1][0]
        raise ForecastInputError(
            [
                f"{name}:{line}: actor: more than {MAX_ACTORS} actors (a forecast takes at most "
                f"{MAX_ACTORS}; see docs/forecast.md)"
            ]
        )
    index = {column: columns.index(column) for column in COLUMNS}
    records: list[tuple[str, float, float, float]] = []
    first_line: dict[str, int] = {}
    for line_number, row in rows[1:]:
        record, row_errors = _parse_row(name, line_number, row, index, len(columns))
        if record is not None and record[0] in first_line:
            row_errors.append(
                f"{name}:{line_number}: actor: duplicate actor {record[0]!r} "
                f"(first on line {first_line[record[0]]})"
            )
        elif record is not None:
            first_line[record[0]] = line_number
            records.append(record)
        errors.extend(row_errors)
    last_line = rows[-1][0]
    if len(rows) - 1 < 2:
        errors.append(f"{name}:{last_line}: actor: need at least 2 actors, found {len(rows) - 1}")
    elif not errors and not any(cap * sal > 0 for _, cap, _, sal in records):
        errors.append(
            f"{name}:{last_line}: capability: no actor has both capability > 0 and "
            "salience > 0, so nobody has a vote"
        )
    if errors:
        raise ForecastInputError(errors)
    if any(salience > 1 for *_, salience in records):
        records = [(actor, cap, pos, sal / 100) for actor, cap, pos, sal in records]
        if notes is not None:
            notes.append(f"{name}: salience above 1, read on a 0-100 scale (divided by 100)")
    return ForecastInput.from_rows(records, issue=issue)


def _numbered_rows(text: str, name: str) -> list[tuple[int, list[str]]]:
    """CSV rows with the line on which each starts.

    Raises:
        ForecastInputError: text the CSV reader refuses (e.g. a field over its size limit).
    """
    reader = csv.reader(io.StringIO(text))
    numbered = []
    line_number = 1
    try:
        for row in reader:
            numbered.append((line_number, row))
            line_number = reader.line_num + 1
    except csv.Error as error:
        raise ForecastInputError(
            [f"{name}:{line_number}: row: not readable CSV ({error})"]
        ) from None
    return numbered


def _header_errors(name: str, line: int, columns: list[str]) -> list[str]:
    """Missing, unknown and repeated columns of the header."""
    errors = [
        f"{name}:{line}: header: missing column {column!r}"
        for column in COLUMNS
        if column not in columns
    ]
    errors += [
        f"{name}:{line}: header: unknown column {column!r} (expected {', '.join(COLUMNS)})"
        for column in columns
        if column not in COLUMNS
    ]
    errors += [
        f"{name}:{line}: header: column {column!r} appears more than once"
        for column in COLUMNS
        if columns.count(column) > 1
    ]
    return errors


def _parse_row(
    name: str, line: int, row: list[str], index: dict[str, int], width: int
) -> tuple[tuple[str, float, float, float] | None, list[str]]:
    """One actor's record (None if unusable) and the problems of its row."""
    if len(row) != width:
        return None, [f"{name}:{line}: row: expected {width} fields, found {len(row)}"]
    errors = []
    actor = row[index["actor"]].strip()
    if not actor:
        errors.append(f"{name}:{line}: actor: the actor name is empty")
    values: dict[str, float] = {}
    for column in ("capability", "position", "salience"):
        cell = row[index[column]].strip()
        try:
            value = float(cell)
        except ValueError:
            errors.append(f"{name}:{line}: {column}: {cell!r} is not a number")
            continue
        if not math.isfinite(value):
            errors.append(f"{name}:{line}: {column}: {cell!r} is not a finite number")
            continue
        values[column] = value
    if values.get("capability", 0.0) < 0:
        errors.append(f"{name}:{line}: capability: must be >= 0, got {values['capability']:g}")
    if not 0.0 <= values.get("salience", 0.0) <= 100.0:
        errors.append(
            f"{name}:{line}: salience: must lie in [0, 1] or [0, 100], got {values['salience']:g}"
        )
    if not actor or len(values) < 3:
        return None, errors
    record = (actor, values["capability"], values["position"], values["salience"])
    return record, errors
