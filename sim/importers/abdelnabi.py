"""The scored multi-party games of Abdelnabi et al. (2023), "LLM-Deliberation".

A game folder holds ``config.txt`` (one line per party: name, file id, role,
...; roles ``p1`` and ``p2`` hold a veto), ``scores_files/<id>.txt`` (one line
per issue with a score per option, then the party's minimum threshold) and
``global_instructions.txt`` (the issues' names, ``Issue A: "..."``).

As a scenario: one categorical issue per score line (options ``A1``, ``A2``,
...); each party's value of an option is its score over the best score on
that issue and its salience on the issue that best score, so that its
utility is its total score over its best total; its reservation is its
threshold over its best total (less 1e-9, so that a deal scoring exactly the
threshold counts as reaching it despite rounding).

**Feasibility convention.** A deal is *feasible* when every party scores at
or above its threshold and both veto parties (p1, p2) are among them
(:func:`deal_counts`; that is the zone of ``dealsim analyze`` under
unanimity). The scenario's decision rule is the game's: a deal passes with
all parties but one, the two veto parties included
(``protocol.decision``: weights 1, threshold (n - 1)/n, veto p1 and p2).
"""

from __future__ import annotations

import re
from pathlib import Path

from pydantic import ValidationError

from sim.importers.files import ImportFileError, identifier, read_text
from sim.scenario.schema import Scenario

_ISSUE_NAME = re.compile(r'^Issue ([A-Z]):\s*"([^"]+)"', re.MULTILINE)
_TOLERANCE = 1e-9


def read_abdelnabi(paths: list[Path]) -> Scenario:
    """A scenario from a game folder (or its ``config.txt``).

    Raises:
        ImportFileError: with every problem found.
    """
    if len(paths) != 1:
        raise ImportFileError(["llm-deliberation: give one game folder (or its config.txt)"])
    folder = paths[0] if paths[0].is_dir() else paths[0].parent
    parties, scores, thresholds = read_game(folder)
    names = _issue_names(folder)
    options = [len(row) for row in next(iter(scores.values()))]
    letters = [chr(ord("A") + k) for k in range(len(options))]
    actors = []
    for party_id, (name, role) in parties.items():
        rows = scores[party_id]
        best = [max(row) for row in rows]
        total = sum(best)
        if total <= 0:
            raise ImportFileError([f"{folder}: party {name!r} scores 0 on every option"])
        actors.append(
            {
                "id": party_id,
                "name": name,
                "role": role,
                "salience": {letters[k]: float(best[k]) for k in range(len(rows)) if best[k] > 0},
                "values": {
                    letters[k]: {
                        f"{letters[k]}{j + 1}": score / best[k] for j, score in enumerate(row)
                    }
                    for k, row in enumerate(rows)
                    if best[k] > 0
                },
                "reservation": max(0.0, min(1.0, thresholds[party_id] / total - _TOLERANCE)),
                "evidence": [
                    {
                        "about": "reservation",
                        "assumption": f"threshold {thresholds[party_id]:g} of a best "
                        f"total {total:g} in scores_files",
                    }
                ],
            }
        )
    vetoes = [p for p, (_, role) in parties.items() if role in ("p1", "p2")]
    n = len(parties)
    data = {
        "name": f"LLM-Deliberation game {folder.name}",
        "description": "Imported from the scored game of Abdelnabi et al. (2023)",
        "issues": [
            {
                "id": letters[k],
                "label": names.get(letters[k], f"Issue {letters[k]}"),
                "kind": "categorical",
                "options": [f"{letters[k]}{j + 1}" for j in range(size)],
            }
            for k, size in enumerate(options)
        ],
        "actors": actors,
        "parties": [{"actor": p} for p in parties],
        "protocol": {
            "decision": {
                "rule": "weighted_majority",
                "weights": {p: 1.0 for p in parties},
                "threshold": (n - 1) / n,
                "veto": vetoes,
            }
        },
    }
    try:
        return Scenario.model_validate(data)
    except ValidationError as error:
        raise ImportFileError(
            [f"{folder}: the imported scenario is invalid: {e['msg']}" for e in error.errors()]
        ) from None


def read_game(
    folder: Path,
) -> tuple[dict[str, tuple[str, str]], dict[str, list[list[float]]], dict[str, float]]:
    """Parties (id -> name, role), score rows and thresholds of a game folder.

    Raises:
        ImportFileError: with every problem found.
    """
    config = folder / "config.txt"
    parties: dict[str, tuple[str, str]] = {}
    errors: list[str] = []
    for line_number, line in enumerate(read_text(config).splitlines(), start=1):
        if not line.strip():
            continue
        cells = [c.strip() for c in line.split(",")]
        if len(cells) < 3 or not cells[1]:
            errors.append(f"{config}:{line_number}: expected 'name, file id, role, ...'")
            continue
        party_id = identifier(cells[1], "party")
        if party_id in parties:
            errors.append(f"{config}:{line_number}: party {cells[1]!r} given twice")
        parties[party_id] = (cells[0], cells[2])
    if len(parties) < 2 and not errors:
        errors.append(f"{config}:1: need at least two parties")
    if errors:
        raise ImportFileError(errors)
    scores: dict[str, list[list[float]]] = {}
    thresholds: dict[str, float] = {}
    for line in read_text(config).splitlines():
        cells = [c.strip() for c in line.split(",")]
        if len(cells) < 3:
            continue
        path = folder / "scores_files" / f"{cells[1]}.txt"
        party_id = identifier(cells[1], "party")
        try:
            scores[party_id], thresholds[party_id] = _score_file(path)
        except ImportFileError as error:
            errors.extend(error.messages)
    shapes = {tuple(len(row) for row in rows) for rows in scores.values()}
    if not errors and len(shapes) > 1:
        errors.append(f"{folder}: the parties' score files differ in issues or options")
    if errors:
        raise ImportFileError(errors)
    return parties, scores, thresholds


def _score_file(path: Path) -> tuple[list[list[float]], float]:
    lines = [(n, line) for n, line in enumerate(read_text(path).splitlines(), 1) if line.strip()]
    if len(lines) < 2:
        raise ImportFileError([f"{path}:1: expected a score line per issue, then the threshold"])
    errors, rows = [], []
    for line_number, line in lines[:-1]:
        row = []
        for cell in line.split(","):
            try:
                row.append(float(cell))
            except ValueError:
                errors.append(f"{path}:{line_number}: {cell.strip()!r} is not a number")
        if len(row) < 2 and not errors:
            errors.append(f"{path}:{line_number}: an issue needs two or more options")
        rows.append(row)
    line_number, last = lines[-1]
    try:
        threshold = float(last)
    except ValueError:
        errors.append(f"{path}:{line_number}: threshold {last.strip()!r} is not a number")
        threshold = 0.0
    if errors:
        raise ImportFileError(errors)
    return rows, threshold


def _issue_names(folder: Path) -> dict[str, str]:
    path = folder / "global_instructions.txt"
    if not path.is_file():
        return {}
    return {letter: name for letter, name in _ISSUE_NAME.findall(read_text(path))}


def deal_counts(scenario: Scenario) -> tuple[int, int]:
    """Deals of an imported game by the two conventions, from dealsim's exact analysis.

    Returns:
        ``(feasible, passing)``: deals where every party reaches its threshold
        (the documented convention: the zone under unanimity), and deals that
        the game's own rule passes (the zone under ``protocol.decision``).
    """
    from sim.analysis import analyze
    from sim.scenario.edit import with_parameters

    unanimous = with_parameters(scenario, {"protocol.decision.rule": "unanimity"})
    return int(analyze(unanimous).zone_packages.size), int(analyze(scenario).zone_packages.size)
