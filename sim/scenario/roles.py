"""Who does what: governments' members, consent, and names a reader could confuse.

- A government's id is unique; each actor holds one role in it (leader,
  partner or safety net), once: seats are counted per role, so a second role
  would count them twice.
- Some party's consent is needed for every package. A package that nobody
  must accept would be "agreed" in round 0 whatever it crosses, so a scenario
  whose parties all have ``when`` conditions must cover every package with them.
- An issue's options stay distinct after Unicode normalisation (NFKC) and
  after mapping each letter to the Latin letter it looks like (``nоne`` with a
  Cyrillic o reads as ``none``); ids are ASCII already.
"""

from __future__ import annotations

import functools
import unicodedata
from collections.abc import Iterator

import numpy as np

from sim.scenario.failed import attempt, guarded, items
from sim.scenario.limits import MAX_PACKAGES, issue_choices, issue_size
from sim.scenario.problems import Problem
from sim.scenario.schema import DEFERRED, Condition, Government, Issue, Scenario


def role_problems(scenario: Scenario) -> Iterator[Problem]:
    """Duplicate government ids; an actor with two roles in one government."""
    ids = attempt(lambda: [government.id for government in scenario.governments])
    yield from guarded(_repeated_ids, ids)
    for gi, government in items(scenario, "governments"):
        yield from guarded(_government_roles, government, ("governments", gi))


def _repeated_ids(ids: list[str]) -> Iterator[Problem]:
    seen: set[str] = set()
    for gi, government_id in enumerate(ids):
        if government_id in seen:
            message = f"government '{government_id}' is declared more than once"
            yield Problem(("governments", gi, "id"), message)
        seen.add(government_id)


def _government_roles(government: Government, at: tuple) -> Iterator[Problem]:
    roles = {government.leader: "the leader"}
    members = [("partners", i, p.actor, "a partner") for i, p in enumerate(government.partners)]
    nets = government.safety_nets
    members += [("safety_nets", i, net.actor, "a safety net") for i, net in enumerate(nets)]
    for key, index, actor, role in members:
        if actor in roles:
            yield Problem(
                (*at, key, index, "actor"),
                f"'{actor}' is already {roles[actor]} of government '{government.id}': "
                f"an actor holds one role in a government (its seats would count twice)",
            )
        else:
            roles[actor] = role


def consent_problems(scenario: Scenario) -> Iterator[Problem]:
    """A package for which no party's consent is needed (checked when every party has conditions).

    Only run on scenarios whose issues refer to their options correctly and
    whose size is within :data:`sim.scenario.limits.MAX_PACKAGES`.
    """
    if any(not party.when for party in scenario.parties):
        return
    issues = {issue.id: issue for issue in scenario.issues}
    sizes = [issue_choices(issue) for issue in scenario.issues]
    if np.prod(sizes, dtype=float) > MAX_PACKAGES:
        return
    axis = {issue.id: k for k, issue in enumerate(scenario.issues)}
    needed = np.zeros(sizes, dtype=bool)
    for party in scenario.parties:
        holds = np.ones(sizes, dtype=bool)
        for condition in party.when:
            issue = issues.get(condition.issue)
            mask = _condition_mask(issue, condition) if issue is not None else None
            if mask is None:
                return  # a wrong reference, reported by the cross checks
            if issue is not None and issue.deferrable:
                mask = np.append(mask, False)  # a deferred issue meets no condition
            shape = [1] * len(sizes)
            shape[axis[condition.issue]] = len(mask)
            holds &= mask.reshape(shape)
        needed |= holds
    if not needed.all():
        free = np.unravel_index(int(np.argmin(needed.reshape(-1))), sizes)
        terms = ", ".join(
            f"{issue.id}={DEFERRED if k == issue_size(issue) else issue.option_label(int(k))}"
            for issue, k in zip(scenario.issues, free, strict=True)
        )
        yield Problem(
            ("parties",),
            "no party's consent is needed for some packages (every party has 'when' "
            f"conditions, and none holds for {terms}): such a package would pass unopposed; "
            "make at least one party unconditional",
        )


def _condition_mask(issue: Issue, condition: Condition) -> np.ndarray | None:
    """The options of an issue meeting a condition (None: it names no option)."""
    size = issue_size(issue)
    mask = np.ones(size, dtype=bool)
    if condition.in_ is not None:
        chosen = np.zeros(size, dtype=bool)
        for ref in condition.in_:
            index = issue.option_index(ref)
            if index is None:
                return None
            chosen[index] = True
        mask &= chosen
    positions = (
        np.asarray(issue.integer_values, dtype=float)
        if issue.kind == "integer"
        else np.arange(size, dtype=float)
    )
    for bound, above in ((condition.min, True), (condition.max, False)):
        if bound is None:
            continue
        if issue.kind == "integer":
            if isinstance(bound, bool) or not isinstance(bound, int | float):
                return None
            where = float(bound)
        else:
            index = issue.option_index(bound)
            if index is None:
                return None
            where = float(index)
        mask &= positions >= where if above else positions <= where
    return mask


def confusable_problems(scenario: Scenario) -> Iterator[Problem]:
    """Options of one issue that read alike (same NFKC form and Latin skeleton)."""
    for ii, issue in items(scenario, "issues"):
        yield from guarded(_confusable_options, issue, ii)


def _confusable_options(issue: Issue, ii: int) -> Iterator[Problem]:
    seen: dict[str, str] = {}
    for oi, option in enumerate(issue.options or []):
        key = skeleton(option)
        if key in seen:
            yield Problem(
                ("issues", ii, "options", oi),
                f"option {option!r} reads like {seen[key]!r} (they differ only in "
                f"look-alike characters: {_code_points(option)} vs "
                f"{_code_points(seen[key])}); rename one",
            )
        else:
            seen[key] = option


def skeleton(text: str) -> str:
    """A string as it reads: NFKC, case folded, each letter as the Latin letter it looks like."""
    normal = unicodedata.normalize("NFKC", text).casefold()
    return "".join(_latin(character) for character in normal)


@functools.lru_cache(maxsize=4096)
def _latin(character: str) -> str:
    if character.isascii():
        return character
    from confusable_homoglyphs import confusables  # loaded only for non-ASCII names

    found = confusables.is_confusable(character, greedy=True, preferred_aliases=["latin"])
    for entry in found or []:
        for glyph in entry["homoglyphs"]:
            if glyph["c"].isascii():
                return str(glyph["c"]).casefold()
    return character


def _code_points(text: str) -> str:
    return "".join(c if c.isascii() else f"U+{ord(c):04X}" for c in text)
