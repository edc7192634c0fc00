"""Hypothesis builders of valid scenarios: every property test draws from here."""

from __future__ import annotations

from hypothesis import assume
from hypothesis import strategies as st

from sim.scenario import Scenario

KINDS = ("ordinal", "integer", "categorical")
TACTICS = ("boulware", "linear", "conceder")


@st.composite
def issues(draw, max_issues: int = 4) -> list[dict]:
    """A few issues of mixed kinds, with two to four options each."""
    count = draw(st.integers(1, max_issues))
    result = []
    for k in range(count):
        kind = draw(st.sampled_from(KINDS))
        size = draw(st.integers(2, 4))
        if kind == "integer":
            step = draw(st.sampled_from([1, 5, 10]))
            result.append(
                {"id": f"i{k}", "kind": kind, "min": 0, "max": step * (size - 1), "step": step}
            )
        else:
            result.append({"id": f"i{k}", "kind": kind, "options": [f"o{j}" for j in range(size)]})
    return result


def _options(issue: dict) -> list:
    if issue["kind"] == "integer":
        return list(range(issue["min"], issue["max"] + 1, issue["step"]))
    return list(issue["options"])


@st.composite
def red_lines(draw, owner: str, issue_list: list[dict]) -> list[dict]:
    """Zero to two red lines on random issues, hard or soft."""
    lines = []
    for k in range(draw(st.integers(0, 2))):
        issue = draw(st.sampled_from(issue_list))
        options = _options(issue)
        hard = draw(st.booleans())
        line = {
            "id": f"{owner}-line{k}",
            "issue": issue["id"],
            "hard": hard,
            "evidence": {"assumption": "generated"},
        }
        if not hard:
            line["penalty"] = draw(st.floats(0.05, 0.9))
        if issue["kind"] == "categorical" or draw(st.booleans()):
            line["forbid"] = [draw(st.sampled_from(options))]
        else:
            line["min" if draw(st.booleans()) else "max"] = draw(st.sampled_from(options))
        lines.append(line)
    return lines


@st.composite
def actors(draw, actor_id: str, issue_list: list[dict]) -> dict:
    """An actor with values on every issue, salience, red lines and settings."""
    values = {}
    for issue in issue_list:
        options = _options(issue)
        if issue["kind"] != "categorical" and draw(st.booleans()):
            values[issue["id"]] = {"ideal": draw(st.sampled_from(options))}
        else:
            values[issue["id"]] = {o: draw(st.floats(0, 1)) for o in options}
    salience = {issue["id"]: draw(st.floats(0.05, 1)) for issue in issue_list}
    return {
        "id": actor_id,
        "name": actor_id.title(),
        "power": draw(st.floats(0.1, 2)),
        "salience": salience,
        "values": values,
        "red_lines": draw(red_lines(actor_id, issue_list)),
        "reservation": draw(st.floats(0, 0.8)),
        "tactic": {"name": draw(st.sampled_from(TACTICS))},
        "noise": draw(st.sampled_from([0.0, 0.02, 0.1])),
    }


def _with_deferral(draw, issue_list: list[dict], actor_list: list[dict]) -> None:
    """Make one or more issues deferrable, with random deferral values and line settings."""
    chosen = draw(st.lists(st.sampled_from(issue_list), min_size=1, unique_by=lambda i: i["id"]))
    deferrable = {issue["id"] for issue in chosen}
    for issue in chosen:
        issue["deferrable"] = True
    for actor in actor_list:
        for issue_id in sorted(deferrable):
            if draw(st.booleans()):
                actor.setdefault("deferred", {})[issue_id] = draw(st.floats(0, 1))
        for line in actor["red_lines"]:
            if line["issue"] in deferrable:
                setting = draw(st.sampled_from([None, "allowed", "forbidden"]))
                if setting is not None:
                    line["deferral"] = setting


@st.composite
def scenarios(
    draw, protocols: tuple[str, ...] = ("mediated", "alternating"), deferral: bool = False
) -> Scenario:
    """A valid scenario: 2-4 parties (one maybe conditional), maybe a coalition government.

    ``deferral``: some issues are deferrable (phases 1 to 3), with random deferral
    values and red-line deferral settings.
    """
    issue_list = draw(issues())
    n_parties = draw(st.integers(2, 4))
    party_ids = [f"p{k}" for k in range(n_parties)]
    actor_list = [draw(actors(p, issue_list)) for p in party_ids]
    if deferral:
        _with_deferral(draw, issue_list, actor_list)
    parties: list[dict] = [{"actor": p} for p in party_ids]
    if draw(st.booleans()):
        issue = issue_list[0]
        parties[-1]["when"] = [{"issue": issue["id"], "in": [_options(issue)[-1]]}]
    governments = []
    if draw(st.booleans()):
        partner = draw(actors("partner", issue_list))
        for line in partner["red_lines"]:
            line["hard"] = True
            line.pop("penalty", None)
        opposition = draw(actors("opposition", issue_list))
        for line in opposition["red_lines"]:  # an outside actor's hard line is refused
            if line["hard"]:
                line.update(hard=False, penalty=0.3)
        actor_list += [partner, opposition]
        issue = issue_list[-1]
        governments.append(
            {
                "id": "gov",
                "leader": "p0",
                "leader_seats": 40,
                "other_seats": draw(st.integers(0, 20)),
                "majority": 61,
                "partners": [{"actor": "partner", "seats": 25}],
                "safety_nets": [
                    {
                        "actor": "opposition",
                        "seats": draw(st.integers(0, 30)),
                        "when": [{"issue": issue["id"], "in": [_options(issue)[0]]}],
                    }
                ],
                "survival_weight": draw(st.floats(0, 1)),
            }
        )
    rounds = draw(st.integers(1, 25))
    events = []
    if draw(st.booleans()):
        events.append(
            {
                "id": "shock",
                "round": draw(st.integers(0, rounds - 1)),
                "effects": [
                    {"actor": "p1", "field": "reservation", "delta": draw(st.floats(-0.3, 0.3))}
                ],
            }
        )
    data = {
        "name": "generated",
        "issues": issue_list,
        "actors": actor_list,
        "parties": parties,
        "governments": governments,
        "events": events,
        "protocol": {"name": draw(st.sampled_from(protocols)), "rounds": rounds},
    }
    if deferral:
        data["protocol"]["phases"] = phases = draw(st.integers(1, 3))
        hard = [line["id"] for a in actor_list for line in a["red_lines"] if line["hard"]]
        if phases > 1 and hard and draw(st.booleans()):
            events.append(  # implementation builds trust: a line drops in phase two
                {
                    "id": "implementation",
                    "phase": 2,
                    "round": 0,
                    "effects": [{"red_line": draw(st.sampled_from(hard)), "active": False}],
                }
            )
    if draw(st.booleans()):
        data["actors"][1]["deadline"] = draw(st.integers(1, rounds))
    return Scenario.model_validate(data)


@st.composite
def uncertain_declarations(draw, scenario: Scenario) -> list[dict]:
    """Uncertain parameters on fields that rules tie together: seats, majorities, rounds, salience.

    Bounds are drawn wide on purpose, so that some declarations can draw a
    scenario that breaks a rule (a coalition under its majority, rounds before
    an event) and some cannot.
    """
    paths: list[tuple[str, float, float, bool]] = [
        ("protocol.rounds", 1, 30, True),
        (f"actors.p0.salience.{scenario.issues[0].id}", 0, 1, False),
        ("actors.p1.reservation", 0, 1, False),
    ]
    for government in scenario.governments:
        paths += [
            (f"governments.{government.id}.leader_seats", 0, 80, True),
            (f"governments.{government.id}.majority", 1, 120, True),
            (f"governments.{government.id}.partners.partner.seats", 0, 60, True),
        ]
    chosen = draw(st.lists(st.sampled_from(paths), min_size=1, max_size=4, unique=True))
    declarations = []
    for path, low, high, integer in chosen:
        number = st.integers(int(low), int(high)) if integer else st.floats(low, high)
        if draw(st.booleans()):
            ends = sorted(draw(st.lists(number, min_size=2, max_size=2, unique=True)))
            declarations.append({"param": path, "dist": "uniform", "low": ends[0], "high": ends[1]})
        else:
            spread = (high - low) / 10
            declarations.append(
                {"param": path, "dist": "normal", "mean": draw(number), "sd": spread or 0.1}
            )
    return declarations


@st.composite
def interaction_terms(draw, issue_list: list[dict]) -> list[dict]:
    """One to three interaction terms on random issues: conditions by option or bound."""

    def condition() -> dict:
        issue = draw(st.sampled_from(issue_list))
        options = _options(issue)
        if issue["kind"] == "categorical" or draw(st.booleans()):
            return {"issue": issue["id"], "in": [draw(st.sampled_from(options))]}
        return {
            "issue": issue["id"],
            draw(st.sampled_from(["min", "max"])): draw(st.sampled_from(options)),
        }

    return [
        {"if": condition(), "and": condition(), "value": draw(st.floats(-1, 1))}
        for _ in range(draw(st.integers(1, 3)))
    ]


FIELD_ERRORS = ("power", "reservation", "kind", "unknown_key", "majority", "delta", "penalty")
"""Field errors a broken scenario may carry (each breaks one field of one part)."""
REFERENCE_ERRORS = ("party", "salience", "red_line", "event", "mediator")
"""Reference errors a broken scenario may carry (each names an id the scenario lacks)."""


@st.composite
def broken_scenarios(
    draw, kind: str, with_reference: bool = True
) -> tuple[dict, tuple[str, str], tuple[str, str] | None]:
    """A valid generated scenario with one field error (of a kind) and one reference error.

    Args:
        draw: hypothesis's draw.
        kind: the field error, one of :data:`FIELD_ERRORS` (the scenarios drawn
            are those that have the part it breaks).
        with_reference: also inject a reference error (else: the field error only).

    Returns the data, and for each error the field path its message must start
    with and a text the offending line must contain (None: no reference error).
    """
    scenario = draw(scenarios())
    data = scenario.model_dump(by_alias=True, exclude_defaults=True)
    actor_ids = [actor["id"] for actor in data["actors"]]
    assume(kind != "majority" or data.get("governments"))
    assume(kind != "delta" or data.get("events"))
    assume(kind != "penalty" or any(a.get("red_lines") for a in data["actors"]))
    if kind in ("power", "reservation", "unknown_key"):
        actor = draw(st.sampled_from(data["actors"]))
        key, value = {
            "power": ("power", "high"),
            "reservation": ("reservation", 2),
            "unknown_key": ("reservaton", 0.3),
        }[kind]
        actor[key] = value
        field = (f"actors.{actor['id']}.{key}", f"{key}:")
    elif kind == "kind":
        issue = draw(st.sampled_from(data["issues"]))
        issue["kind"] = "bogus"
        field = (f"issues.{issue['id']}.kind", "kind:")
    elif kind == "majority":
        data["governments"][0]["majority"] = -1
        field = ("governments.gov.majority", "majority:")
    elif kind == "delta":
        effect = data["events"][0]["effects"][0]
        effect.pop("set", None)
        effect["delta"] = "a lot"
        field = ("events.shock.effects[0].delta", "delta:")
    else:
        actor = draw(st.sampled_from([a for a in data["actors"] if a.get("red_lines")]))
        line = draw(st.sampled_from(actor["red_lines"]))
        line.update(hard=False, penalty=2)
        field = (f"actors.{actor['id']}.red_lines.{line['id']}.penalty", "penalty:")
    if not with_reference:
        return data, field, None
    wrong = draw(st.sampled_from(REFERENCE_ERRORS))
    if wrong == "party":
        data["parties"].append({"actor": "ghost"})
        reference = ("parties.ghost.actor", "actor: ghost")
    elif wrong == "salience":
        actor = draw(st.sampled_from(data["actors"]))
        actor.setdefault("salience", {})["nope"] = 0.5
        reference = (f"actors.{actor['id']}.salience.nope", "nope:")
    elif wrong == "red_line":
        party = draw(st.sampled_from([p["actor"] for p in data["parties"]]))
        actor = data["actors"][actor_ids.index(party)]
        line = {"id": "ghost-line", "issue": "nope", "forbid": ["x"]}
        actor.setdefault("red_lines", []).append({**line, "evidence": {"assumption": "x"}})
        reference = (f"actors.{party}.red_lines.ghost-line.issue", "issue: nope")
    elif wrong == "event":
        effect = {"actor": "ghost", "field": "reservation", "delta": 0.1}
        data.setdefault("events", []).append({"id": "ghostly", "round": 0, "effects": [effect]})
        reference = ("events.ghostly.effects[0].actor", "actor: ghost")
    else:
        data.setdefault("protocol", {})["mediator"] = "ghost"
        reference = ("protocol.mediator", "mediator: ghost")
    return data, field, reference
