"""Importers: Genius XML domains and the LLM-Deliberation scored game, checked independently."""

from __future__ import annotations

import itertools
import xml.etree.ElementTree as ElementTree
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

from sim.analysis import analyze
from sim.cli.app import app
from sim.importers import ImportFileError, deal_counts, import_scenario
from sim.scenario import load_scenario
from sim.scenario.edit import with_parameters

DATA = Path(__file__).parents[1] / ".." / "shared" / "data"
GENIUS = sorted((DATA / "genius").iterdir())
GAME = DATA / "abdelnabi-base"


def genius_files(folder: Path) -> list[Path]:
    return sorted(folder.glob("*.xml"))


def genius_utilities(folder: Path, scenario) -> dict[str, np.ndarray]:
    """Each profile's Genius utility of every package, read straight from the XML."""
    result = {}
    issues = scenario.issues
    for path in genius_files(folder):
        root = ElementTree.parse(path).getroot()
        weights = {w.get("index"): float(w.get("value")) for w in root.iter("weight")}
        if not weights:
            continue  # the domain
        tables = []
        for element in root.iter("issue"):
            evaluation = {i.get("value"): float(i.get("evaluation")) for i in element.iter("item")}
            top = max(evaluation.values())
            tables.append(
                [
                    weights[element.get("index")] * evaluation[o] / top
                    for o in issues[len(tables)].options
                ]
            )
        total = sum(weights.values())
        grid = np.zeros([len(t) for t in tables])
        for k, table in enumerate(tables):
            shape = [1] * len(tables)
            shape[k] = len(table)
            grid = grid + np.array(table).reshape(shape)
        result[path.stem] = grid.ravel() / total
    return result


@pytest.mark.parametrize("folder", GENIUS, ids=[f.name for f in GENIUS])
def test_genius_utilities_frontier_and_nash_agree_with_a_brute_force(folder):
    scenario = import_scenario(genius_files(folder), "genius")
    result = analyze(scenario)
    game = result.game
    expected = genius_utilities(folder, scenario)
    by_name = {a.name: a.id for a in scenario.actors}
    for stem, utility in expected.items():
        row = game.party_row(by_name[stem])
        assert np.allclose(game.utility[row], utility, atol=1e-12)
    u = game.utility
    # frontier by brute force: not dominated by any package (two parties)
    order = np.lexsort((-u[1], -u[0]))
    best_second, frontier = -np.inf, set()
    for k in order:  # by first utility descending, ties by second descending
        if u[1, k] > best_second:
            frontier.add(int(k))
            best_second = u[1, k]
        elif u[1, k] == best_second and frontier and np.all(u[:, k] == u[:, max(frontier)]):
            frontier.add(int(k))
    if u.shape[1] <= 2000:  # the small domains: the quadratic check as well
        dominated = np.any(
            np.all(u[:, None, :] >= u[:, :, None], axis=0)
            & np.any(u[:, None, :] > u[:, :, None], axis=0),
            axis=1,
        )
        assert set(np.flatnonzero(~dominated).tolist()) == frontier
    assert set(result.pareto_packages.tolist()) == frontier
    reservations = result.reservations
    product = np.prod(np.maximum(u - reservations[:, None], 0), axis=0)
    assert product[result.nash_package] == pytest.approx(product.max(), rel=1e-12)


def brute_force_counts(folder: Path) -> tuple[int, int]:
    """Deals every party accepts; deals all but one accept with both veto parties in."""
    roles, scores, thresholds = {}, {}, {}
    for line in (folder / "config.txt").read_text().splitlines():
        if line.strip():
            cells = [c.strip() for c in line.split(",")]
            roles[cells[1]] = cells[2]
            lines = [
                x
                for x in (folder / "scores_files" / f"{cells[1]}.txt").read_text().splitlines()
                if x.strip()
            ]
            scores[cells[1]] = [[int(v) for v in x.split(",")] for x in lines[:-1]]
            thresholds[cells[1]] = int(lines[-1])
    sizes = [len(row) for row in next(iter(scores.values()))]
    every = passing = 0
    for deal in itertools.product(*(range(n) for n in sizes)):
        yes = {
            p: sum(rows[k][j] for k, j in enumerate(deal)) >= thresholds[p]
            for p, rows in scores.items()
        }
        every += all(yes.values())
        vetoes_in = all(yes[p] for p, role in roles.items() if role in ("p1", "p2"))
        passing += vetoes_in and sum(yes.values()) >= len(yes) - 1
    return every, passing


def test_abdelnabi_counts_agree_with_an_independent_brute_force():
    scenario = import_scenario([GAME], "llm-deliberation")
    every, passing = brute_force_counts(GAME)
    assert every > 0 and passing > every  # the game rule admits more deals
    assert deal_counts(scenario) == (every, passing)
    unanimous = with_parameters(scenario, {"protocol.decision.rule": "unanimity"})
    assert analyze(unanimous).zone_packages.size == every
    assert analyze(scenario).zone_packages.size == passing
    assert scenario.protocol.decision.veto == ["sportco", "dot"]


def test_import_command_writes_a_valid_scenario_with_its_origin(tmp_path):
    out = tmp_path / "itex.yaml"
    files = [str(p) for p in genius_files(DATA / "genius" / "ItexvsCypress")]
    result = CliRunner().invoke(app, ["import", *files, "--format", "genius", "-o", str(out)])
    assert result.exit_code == 0, result.output
    text = out.read_text()
    assert text.startswith("# Imported by `dealsim import --format genius` from ")
    scenario = load_scenario(out)
    assert [p.actor for p in scenario.parties] == ["cypress", "itex"]
    result = CliRunner().invoke(
        app, ["import", str(GAME), "--format", "llm-deliberation", "-o", str(tmp_path / "g.yml")]
    )
    assert result.exit_code == 0, result.output
    every, passing = brute_force_counts(GAME)
    assert f"threshold: {every};" in result.output and f"in): {passing}" in result.output


def test_entities_and_doctypes_are_refused(tmp_path):
    domain, first, second = genius_files(DATA / "genius" / "ItexvsCypress")
    evil = tmp_path / "evil.xml"
    evil.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE lol [<!ENTITY a "aaaaaaaa">]>\n<utility_space>&a;'
        "</utility_space>\n"
    )
    out = tmp_path / "x.yaml"
    result = CliRunner().invoke(
        app, ["import", str(domain), str(evil), str(second), "--format", "genius", "-o", str(out)]
    )
    assert result.exit_code == 2
    assert f"{evil}:2: a DOCTYPE declaration is not accepted" in result.output
    assert not out.exists()


def test_bad_files_are_located(tmp_path):
    domain, first, second = genius_files(DATA / "genius" / "ItexvsCypress")
    broken = tmp_path / "broken.xml"
    broken.write_text("<utility_space>\n<weight index='1' value='0.5'>\n</utility_space>\n")
    with pytest.raises(ImportFileError, match=r"broken.xml:3:\d+: malformed XML"):
        import_scenario([domain, broken, second], "genius")
    bad = tmp_path / "bad.xml"
    bad.write_text(first.read_text().replace('evaluation="30"', 'evaluation="lots"', 1))
    with pytest.raises(ImportFileError, match=r"bad.xml: issue 'Price' item '\$4.37': evaluation"):
        import_scenario([domain, bad, second], "genius")
    game = tmp_path / "game"
    (game / "scores_files").mkdir(parents=True)
    (game / "config.txt").write_text("A,a,p1\nB,b,p2\n")
    (game / "scores_files" / "a.txt").write_text("1, 2\n3, x\n2\n")
    (game / "scores_files" / "b.txt").write_text("1, 2\n3, 4\n2\n")
    with pytest.raises(ImportFileError) as caught:
        import_scenario([game], "llm-deliberation")
    assert caught.value.messages == [f"{game / 'scores_files' / 'a.txt'}:2: 'x' is not a number"]
    result = CliRunner().invoke(
        app,
        [
            "import",
            str(tmp_path / "none"),
            "--format",
            "llm-deliberation",
            "-o",
            str(tmp_path / "n.yaml"),
        ],
    )
    assert result.exit_code == 2 and "no such file" in result.output
    result = CliRunner().invoke(app, ["import", str(game), "--format", "csv", "-o", "x.yaml"])
    assert result.exit_code == 2 and "--format" in result.output
