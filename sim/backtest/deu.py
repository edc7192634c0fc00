"""Read the DEU III data set (Arregui & Perarnaud 2021) with every problem located.

The file is tab-separated with a header row; row 2 holds GDP figures added by
the redistributor and is skipped. Per actor ``p<code>`` is its position and
``s<code>`` its salience on a 0-100 scale; ``rp`` is the reference point,
``out`` the outcome; ``999`` or a blank cell is missing. Problems are reported
as ``file:line: column: what is wrong``; the file is read up to
:data:`MAX_BYTES`.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from sim.scenario.safe_files import FileRefused, read_bounded

MAX_BYTES = 20_000_000
"""Largest file read (the published file is about 0.2 MB)."""

STATES = (
    "at", "be", "bu", "cr", "cy", "cz", "dk", "ee", "fi", "fr", "de", "el", "hu", "ie",
    "it", "lv", "lt", "lu", "mt", "nl", "pl", "pt", "ro", "si", "sk", "es", "se", "uk",
)  # fmt: skip
"""DEU codes of the 28 member states (``bu`` Bulgaria, ``cr`` Croatia, ``el`` Greece)."""
ACTORS = ("com", "ep", *STATES)
"""Every actor: the Commission, the Parliament and the member states."""
REQUIRED = ("prnrnmc", "isnrnmc", "prnr", "proc", "counvte", "intro", "finact", "rp", "out")
MISSING = {"", "999"}


class DeuError(Exception):
    """A DEU file that cannot be used; ``messages`` has one line per problem."""

    def __init__(self, messages: list[str]) -> None:
        super().__init__("\n".join(messages))
        self.messages = messages


@dataclass(frozen=True)
class DeuIssue:
    """One contested issue of a proposal.

    Attributes:
        proposal: the proposal's number (``prnrnmc``).
        number: the issue's number within the data (``isnrnmc``).
        name: the issue's code (``isnr``, e.g. ``d00032i1``), or ``i<number>``.
        line: the line of the file it was read from.
        procedure: ``COD`` or ``CNS``.
        council_vote: ``QMV`` or ``Unan``.
        decided: the date of the final act, else of the introduction, or None.
        positions: actor code to position (0-100); missing actors left out.
        saliences: actor code to salience (0-100), for actors with a position.
        reference: the reference point (status quo), or None.
        outcome: the outcome, or None.
    """

    proposal: int
    number: int
    name: str
    line: int
    procedure: str
    council_vote: str
    decided: date | None
    positions: dict[str, float]
    saliences: dict[str, float]
    reference: float | None
    outcome: float | None


@dataclass
class Proposal:
    """A legislative proposal and its contested issues, in file order."""

    number: int
    code: str
    issues: list[DeuIssue] = field(default_factory=list)

    @property
    def split(self) -> str:
        """``dev`` for an odd proposal number, ``eval`` for an even one (pre-registered)."""
        return "dev" if self.number % 2 else "eval"


def read_deu(path: str | Path) -> list[Proposal]:
    """Read a DEU III file into proposals, in file order.

    Raises:
        DeuError: with every problem found (file, line, column).
    """
    path = Path(path)
    name = str(path)
    try:
        raw = read_bounded(path, MAX_BYTES)
    except FileRefused as error:
        raise DeuError([f"{name}:1: file: {error.reason}"]) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise DeuError([f"{name}:1: file: not UTF-8 (byte {error.start})"]) from None
    return parse_deu(text, name)


def parse_deu(text: str, name: str = "<deu>") -> list[Proposal]:
    """Parse DEU III text (see :func:`read_deu`)."""
    rows = list(csv.reader(io.StringIO(text), delimiter="\t"))
    if not rows or not any(cell.strip() for cell in rows[0]):
        raise DeuError([f"{name}:1: header: the file is empty"])
    header = [cell.strip().lower() for cell in rows[0]]
    wanted = list(REQUIRED) + [f"{k}{a}" for a in ACTORS for k in "ps"]
    missing = [column for column in wanted if column not in header]
    if missing:
        raise DeuError([f"{name}:1: header: missing column(s) {', '.join(missing)}"])
    index = {column: header.index(column) for column in header}
    errors: list[str] = []
    proposals: dict[int, Proposal] = {}
    for line, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row) or not row[index["prnrnmc"]].strip():
            continue  # blank lines and the redistributor's GDP row
        issue = _parse_row(name, line, row, index, errors)
        if issue is None:
            continue
        proposal = proposals.setdefault(
            issue.proposal, Proposal(issue.proposal, row[index["prnr"]].strip())
        )
        proposal.issues.append(issue)
    if not proposals and not errors:
        errors.append(f"{name}:{len(rows)}: row: no issue in the file")
    if errors:
        raise DeuError(errors[:50] + ([f"... and {len(errors) - 50} more"] * (len(errors) > 50)))
    return list(proposals.values())


def _parse_row(
    name: str, line: int, row: list[str], index: dict[str, int], errors: list[str]
) -> DeuIssue | None:
    if len(row) < len(index):
        errors.append(f"{name}:{line}: row: expected {len(index)} fields, found {len(row)}")
        return None
    found = len(errors)

    def number(column: str, low: float = 0.0, high: float = 100.0) -> float | None:
        cell = row[index[column]].strip().strip('"')
        if cell in MISSING:
            return None
        try:
            value = float(cell)
        except ValueError:
            errors.append(f"{name}:{line}: {column}: {cell!r} is not a number")
            return None
        if not low <= value <= high:
            errors.append(f"{name}:{line}: {column}: {value:g} is outside {low:g}-{high:g}")
            return None
        return value

    proposal = number("prnrnmc", 1, 1e9)
    issue_number = number("isnrnmc", 1, 1e9)
    procedure = row[index["proc"]].strip().upper()
    if procedure not in ("COD", "CNS"):
        errors.append(f"{name}:{line}: proc: {procedure!r} is neither COD nor CNS")
    vote = row[index["counvte"]].strip()
    council_vote = "QMV" if vote.upper().startswith("QMV") else "Unan" if vote == "Unan" else ""
    if not council_vote:
        errors.append(f"{name}:{line}: counvte: {vote!r} is neither QMV nor Unan")
    positions, saliences = {}, {}
    for actor in ACTORS:
        position, salience = number(f"p{actor}"), number(f"s{actor}")
        if position is not None and salience is not None:
            positions[actor], saliences[actor] = position, salience
    decided = parse_date(row[index["finact"]]) or parse_date(row[index["intro"]])
    reference, outcome = number("rp"), number("out")
    if len(errors) > found or proposal is None or issue_number is None:
        return None
    code = row[index["isnr"]].strip() if "isnr" in index else ""
    return DeuIssue(
        proposal=int(proposal),
        number=int(issue_number),
        name=code or f"i{int(issue_number)}",
        line=line,
        procedure=procedure,
        council_vote=council_vote,
        decided=decided,
        positions=positions,
        saliences=saliences,
        reference=reference,
        outcome=outcome,
    )


_DMY = re.compile(r"(\d{1,2})-(\d{1,2})-(\d{2}|\d{4})")
_YMD = re.compile(r"(\d{4})-(\d{2})-(\d{2})")


def parse_date(cell: str) -> date | None:
    """A date of the file, or None if missing or not a date.

    The file holds ``dd-mm-yy`` and ``dd-mm-yyyy`` dates and, where a
    spreadsheet read ``dd-mm-yy`` as ``yy-mm-dd``, four-digit forms like
    ``2023-07-01`` for 23 July 2001: the last two digits of the "year" are the
    day and the "day" is the year. That reading is used for every four-digit
    first field; it gives dates between introduction and adoption throughout
    the file (e.g. intro ``24-03-2014``, final act ``2014-06-18`` = 14 June 2018).
    """
    cell = cell.strip().strip('"')
    day = month = year = 0
    if match := _DMY.fullmatch(cell):
        day, month, year = (int(g) for g in match.groups())
    elif match := _YMD.fullmatch(cell):
        garbled_year, month, year = (int(g) for g in match.groups())
        day = garbled_year % 100
    else:
        return None
    if year < 100:
        year += 2000 if year < 50 else 1900
    try:
        return date(year, month, day)
    except ValueError:
        return None
