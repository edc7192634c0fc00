"""Genius XML (the ANAC negotiation domains): a domain file and one profile per party.

A profile gives, per issue, a ``weight`` and an ``evaluation`` of every item;
its utility of an outcome is ``sum_i weight_i * evaluation_i(item) / max
evaluation_i`` (Genius's additive utility space). That is dealsim's utility
exactly: salience = the weights, value table = evaluations over their maximum.
The profile's ``reservation`` is the party's reservation value. Genius's
``discount_factor`` (utility shrinking with time) has no dealsim counterpart;
it is named in the scenario's description and otherwise left out.

XML is parsed with the standard library's ElementTree. A file holding a
``<!DOCTYPE`` or ``<!ENTITY`` declaration is refused before parsing, so no
entity is ever expanded and no external file is fetched; files are read up to
:data:`sim.importers.files.MAX_BYTES`.
"""

from __future__ import annotations

import math
import os
import re
import xml.etree.ElementTree as ElementTree
from dataclasses import dataclass
from pathlib import Path

from pydantic import ValidationError

from sim.importers.files import ImportFileError, identifier, read_text, unique
from sim.scenario.schema import Scenario

_DECLARATION = re.compile(r"<!\s*(DOCTYPE|ENTITY)", re.IGNORECASE)


@dataclass
class _Issue:
    index: str
    name: str
    items: list[str]


@dataclass
class _Profile:
    path: Path
    weights: dict[str, float]
    evaluations: dict[str, dict[str, float]]
    reservation: float
    discount: float | None


def parse_xml(path: Path) -> ElementTree.Element:
    """The root element of a bounded, declaration-free XML file.

    Raises:
        ImportFileError: unreadable, holding a DTD or entity declaration, or malformed.
    """
    text = read_text(path)
    match = _DECLARATION.search(text)
    if match:
        line = text[: match.start()].count("\n") + 1
        raise ImportFileError(
            [f"{path}:{line}: a {match.group(1).upper()} declaration is not accepted"]
        )
    try:
        return ElementTree.fromstring(text)
    except ElementTree.ParseError as error:
        line, column = error.position
        raise ImportFileError([f"{path}:{line}:{column + 1}: malformed XML ({error})"]) from None


def read_genius(paths: list[Path]) -> Scenario:
    """A scenario from a Genius domain file and its profiles (any order).

    The domain is the one file without issue weights; every other file is a
    party's profile. Parties are named after their files (less the domain's
    common prefix).

    Raises:
        ImportFileError: with every problem found.
    """
    if len(paths) < 3:
        raise ImportFileError(
            ["genius: give the domain file and at least two profiles (one per party)"]
        )
    roots = {path: parse_xml(path) for path in paths}
    domains = [p for p, root in roots.items() if root.find(".//weight") is None]
    if len(domains) != 1:
        found = ", ".join(str(p) for p in domains) or "none"
        raise ImportFileError(
            [f"genius: expected exactly one domain file (a file without weights), found {found}"]
        )
    domain = domains[0]
    issues = _domain_issues(domain, roots[domain])
    errors: list[str] = []
    profiles = [
        _profile(path, root, issues, errors) for path, root in roots.items() if path != domain
    ]
    if errors:
        raise ImportFileError(errors)
    return _scenario(domain, issues, profiles)


def _domain_issues(path: Path, root: ElementTree.Element) -> list[_Issue]:
    issues: list[_Issue] = []
    errors: list[str] = []
    for element in root.iter("issue"):
        name = element.get("name", "")
        kind = element.get("type", element.get("etype", "discrete"))
        if kind != "discrete":
            errors.append(f"{path}: issue {name!r}: type {kind!r} (only discrete issues)")
            continue
        items = [item.get("value", "") for item in element.iter("item")]
        if len(items) < 2 or len(set(items)) < len(items):
            errors.append(f"{path}: issue {name!r}: needs two or more distinct items")
            continue
        issues.append(_Issue(element.get("index", str(len(issues) + 1)), name, items))
    if not issues and not errors:
        errors.append(f"{path}: no issue in the domain")
    if errors:
        raise ImportFileError(errors)
    return issues


def _number(path: Path, text: str | None, what: str, errors: list[str]) -> float | None:
    try:
        value = float(text if text is not None else "")
    except ValueError:
        errors.append(f"{path}: {what}: {text!r} is not a number")
        return None
    if not math.isfinite(value) or value < 0:
        errors.append(f"{path}: {what}: {value:g} must be a finite number >= 0")
        return None
    return value


def _profile(
    path: Path, root: ElementTree.Element, issues: list[_Issue], errors: list[str]
) -> _Profile:
    weights: dict[str, float] = {}
    for element in root.iter("weight"):
        value = _number(path, element.get("value"), f"weight {element.get('index')}", errors)
        weights[element.get("index", "")] = value or 0.0
    by_index = {e.get("index"): e for e in root.iter("issue")}
    evaluations: dict[str, dict[str, float]] = {}
    for issue in issues:
        found = by_index.get(issue.index)
        if found is None:
            errors.append(f"{path}: issue {issue.name!r} (index {issue.index}) is missing")
            continue
        table = {}
        for item in found.iter("item"):
            where = f"issue {issue.name!r} item {item.get('value')!r}: evaluation"
            table[item.get("value", "")] = _number(path, item.get("evaluation"), where, errors)
        missing = [v for v in issue.items if v not in table]
        if missing or len(table) != len(issue.items):
            errors.append(f"{path}: issue {issue.name!r}: items differ from the domain's")
            continue
        evaluations[issue.index] = {k: v or 0.0 for k, v in table.items()}
        if issue.index not in weights:
            errors.append(f"{path}: issue {issue.name!r} has no weight")
    reservation_element = root.find(".//reservation")
    reservation = 0.0
    if reservation_element is not None:
        reservation = _number(path, reservation_element.get("value"), "reservation", errors) or 0.0
        if reservation > 1:
            errors.append(f"{path}: reservation: {reservation:g} must be in [0, 1]")
    discount_element = root.find(".//discount_factor")
    discount = None
    if discount_element is not None:
        discount = _number(path, discount_element.get("value"), "discount_factor", errors)
    return _Profile(path, weights, evaluations, reservation, discount)


def _scenario(domain: Path, issues: list[_Issue], profiles: list[_Profile]) -> Scenario:
    issue_ids = unique([identifier(i.name, f"issue{i.index}") for i in issues])
    stems = [p.path.stem for p in profiles]
    prefix = os.path.commonprefix([domain.stem, *stems]) if len(stems) > 1 else ""
    party_ids = unique([identifier(s[len(prefix) :] or s, "party") for s in stems])
    actors = []
    for party, profile in zip(party_ids, profiles, strict=True):
        values = {}
        for issue_id, issue in zip(issue_ids, issues, strict=True):
            table = profile.evaluations[issue.index]
            top = max(table.values())
            values[issue_id] = {
                item: (table[item] / top if top > 0 else 0.0) for item in issue.items
            }
        salience = {
            issue_id: profile.weights[issue.index]
            for issue_id, issue in zip(issue_ids, issues, strict=True)
        }
        actors.append(
            {
                "id": party,
                "name": profile.path.stem,
                "salience": salience,
                "values": values,
                "reservation": profile.reservation,
                "evidence": [
                    {
                        "about": "values",
                        "assumption": f"Genius profile {profile.path.name}"
                        + (
                            f"; discount factor {profile.discount:g} not modelled"
                            if profile.discount is not None
                            else ""
                        ),
                    }
                ],
            }
        )
    data = {
        "name": f"Genius domain {domain.stem}",
        "description": f"Imported from Genius XML: {domain.name} and "
        + ", ".join(p.path.name for p in profiles),
        "issues": [
            {"id": issue_id, "label": issue.name, "kind": "categorical", "options": issue.items}
            for issue_id, issue in zip(issue_ids, issues, strict=True)
        ],
        "actors": actors,
        "parties": [{"actor": p} for p in party_ids],
    }
    try:
        return Scenario.model_validate(data)
    except ValidationError as error:
        raise ImportFileError(
            [f"{domain}: the imported scenario is invalid: {e['msg']}" for e in error.errors()]
        ) from None
