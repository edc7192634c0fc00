"""The DEU III backtest: reading the file, the Council's rules, proposals as scenarios, scores."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

from sim.backtest import DeuError, read_deu, run_backtest
from sim.backtest.council import capabilities, council_decision, regime
from sim.backtest.deu import ACTORS, parse_date
from sim.backtest.scenario import actor_capabilities, issue_step, proposal_scenario
from sim.backtest.scoring import mae_interval
from sim.cli.app import app
from sim.decision import DecisionRule, rule_met
from sim.scenario.references import find_problems

DEU = Path(__file__).parents[1] / ".." / "shared" / "data" / "deu3.csv"
HEADER = ["prnrnmc", "isnrnmc", "prnr", "isnr", "proc", "counvte", "intro", "finact"]
HEADER += [f"p{a}" for a in ACTORS] + [f"s{a}" for a in ACTORS] + ["rp", "out"]


def deu_text(rows: list[dict[str, str]]) -> str:
    """A DEU-shaped file: header, a GDP row, then the rows given (missing cells blank)."""
    lines = ["\t".join(HEADER), "\t" * 8 + "\t".join(["4.1"] * 30)]
    for row in rows:
        lines.append("\t".join(row.get(column, "") for column in HEADER))
    return "\n".join(lines) + "\n"


def row(proposal: int, issue: int, **cells: str) -> dict[str, str]:
    base = {
        "prnrnmc": str(proposal),
        "isnrnmc": str(issue),
        "prnr": f"d{proposal}",
        "isnr": f"d{proposal}i{issue}",
        "proc": "COD",
        "counvte": "QMV",
        "intro": "10-01-99",
        "finact": "2005-06-01",  # a spreadsheet's 20-06-01: 20 June 2001
    }
    return {**base, **cells}


def test_dates_in_the_three_spellings():
    assert parse_date("26-01-00") == date(2000, 1, 26)
    assert parse_date("24-03-2014") == date(2014, 3, 24)
    assert parse_date("2014-06-18") == date(2018, 6, 14)  # garbled 14-06-18
    assert parse_date("1930-05-01") == date(2001, 5, 30)  # garbled 30-05-01
    assert parse_date("999") is None


def test_regimes_and_capabilities():
    assert regime(date(2001, 6, 20)) == "pre-Nice"
    assert regime(date(2010, 1, 1)) == "Nice"
    assert regime(date(2018, 6, 14)) == "Lisbon"
    shares = capabilities(["de", "lu"], date(2001, 1, 1))
    assert shares == pytest.approx({"de": 10 / 12, "lu": 2 / 12})


def test_lisbon_double_majority_from_the_council_rule():
    states = ["de", "fr", "it", "es", "pl", "nl", "be", "lu", "mt", "cy", "ee"]
    decision = council_decision(states, "QMV", date(2018, 1, 1), "ep")
    from sim.scenario.schema import Decision

    rule = DecisionRule.compile(Decision(**decision), [*states, "ep"])
    needed = np.ones(len(states) + 1, dtype=bool)
    # the six largest states: 6 of 11 (54.5% < 55%) fail the first count
    big_six = np.array([True] * 6 + [False] * 5 + [True])
    assert not rule_met(big_six, needed, rule)
    # seven states with 92% of the population pass; without the Parliament they do not
    big_seven = np.array([True] * 7 + [False] * 4 + [True])
    assert rule_met(big_seven, needed, rule)
    assert not rule_met(np.array([True] * 7 + [False] * 5), needed, rule)
    # seven small and middle states (7 of 11 but little population) fail the second count
    small = np.array([False, False, False, False, True, True, True, True, True, True, True, True])
    assert not rule_met(small, needed, rule)


def test_bad_cells_are_reported_with_line_and_column(tmp_path):
    text = deu_text(
        [
            row(1, 1, pcom="50", scom="50", pde="abc", sde="50", out="40"),
            row(1, 2, proc="XYZ", pcom="50", scom="50", out="140"),
        ]
    )
    path = tmp_path / "deu.csv"
    path.write_text(text)
    with pytest.raises(DeuError) as caught:
        read_deu(path)
    messages = caught.value.messages
    assert f"{path}:3: pde: 'abc' is not a number" in messages
    assert f"{path}:4: proc: 'XYZ' is neither COD nor CNS" in messages
    assert f"{path}:4: out: 140 is outside 0-100" in messages


def test_missing_columns_and_files(tmp_path):
    path = tmp_path / "short.csv"
    path.write_text("prnrnmc\tisnrnmc\n1\t1\n")
    with pytest.raises(DeuError, match=r"short.csv:1: header: missing column\(s\) prnr"):
        read_deu(path)
    result = CliRunner().invoke(app, ["backtest", str(tmp_path / "nope.csv")])
    assert result.exit_code == 2
    assert "no such file" in result.output
    result = CliRunner().invoke(app, ["backtest", str(path), "--split", "half"])
    assert result.exit_code == 2 and "--split" in result.output


def test_missing_codes_leave_the_actor_out_and_the_mean_is_by_hand(tmp_path):
    cells = {"pcom": "100", "scom": "50", "pep": "0", "sep": "100", "pde": "0", "sde": "80"}
    cells |= {"pfr": "999", "sfr": "90", "plu": "100", "slu": "40", "rp": "0", "out": "50"}
    path = tmp_path / "deu.csv"
    path.write_text(deu_text([row(1, 1, **cells), row(2, 1, **cells, proc="CNS")]))
    proposals = read_deu(path)
    assert [p.split for p in proposals] == ["dev", "eval"]
    assert "fr" not in proposals[0].issues[0].positions  # 999 is missing
    result = CliRunner().invoke(app, ["backtest", str(path), "--json", "--split", "dev"])
    assert result.exit_code == 0, result.output
    scores = json.loads(result.output)
    assert scores["issues"] == 1
    # pre-Nice: de 10, lu 2 of 12; Commission 0.5, Parliament 0.5 (codecision)
    weights = {"com": 0.5 * 50, "ep": 0.5 * 100, "de": 10 / 12 * 80, "lu": 2 / 12 * 40}
    positions = {"com": 100, "ep": 0, "de": 0, "lu": 100}
    mean = sum(weights[a] * positions[a] for a in weights) / sum(weights.values())
    assert scores["models"]["weighted_mean"]["mae"] == pytest.approx(abs(mean - 50))
    assert scores["models"]["status_quo"]["mae"] == pytest.approx(50)
    assert set(scores["models"]) >= {
        "weighted_mean",
        "weighted_median",
        "status_quo",
        "nash",
        "expected_utility",
        "dealsim",
    }
    for model in scores["models"].values():
        assert set(model) >= {"mae", "rmse", "mae_ci", "mae_dev", "mae_eval"}


def test_step_keeps_the_package_space_small(tmp_path):
    assert [issue_step(k) for k in (1, 4, 5, 6, 9, 10)] == [10, 10, 20, 20, 50, None]
    assert all((100 // (issue_step(k) or 1) + 1) ** k <= 50_000 for k in range(1, 10))
    cells = {"pcom": "100", "scom": "50", "pde": "0", "sde": "80", "rp": "0", "out": "50"}
    path = tmp_path / "many.csv"
    path.write_text(deu_text([row(1, k, **cells) for k in range(1, 11)]))
    table = run_backtest(read_deu(path), "all", runs=1).table
    assert len(table) == 10
    assert table["dealsim"].isna().all() and table["weighted_mean"].notna().all()


def test_bootstrap_interval_brackets_the_mae():
    errors = np.random.default_rng(3).normal(0, 20, 200)
    low, high = mae_interval(errors)
    assert low < np.mean(np.abs(errors)) < high


@pytest.fixture(scope="module")
def proposals():
    return read_deu(DEU)


def test_the_published_file_reads_whole(proposals):
    issues = [i for p in proposals for i in p.issues]
    assert len(issues) == 364
    assert sum(i.outcome is not None for i in issues) == 353
    assert all(i.decided is not None for i in issues)
    assert all(len(i.positions) >= 2 for i in issues)


def test_weighted_mean_lands_where_the_literature_puts_it(proposals):
    """About 23 on ~351 issues (Thomson et al.); computed without simulating."""
    errors = []
    for issue in (i for p in proposals for i in p.issues if i.outcome is not None):
        capability = actor_capabilities(issue)
        weight = {a: capability[a] * issue.saliences[a] for a in issue.positions}
        mean = sum(weight[a] * issue.positions[a] for a in weight) / sum(weight.values())
        errors.append(abs(mean - issue.outcome))
    assert len(errors) == 353
    assert 21 < np.mean(errors) < 26


def test_every_proposal_is_a_valid_scenario(proposals):
    for proposal in proposals:
        scenario = proposal_scenario(proposal)
        assert find_problems(scenario) == [], proposal.number
        issues = len(scenario.issues)
        assert scenario.issues[0].step == issue_step(issues)
        parties = {p.actor for p in scenario.parties}
        speaks = any(i.saliences.get("ep", 0) > 0 for i in proposal.issues)
        assert ("ep" in parties) == (proposal.issues[0].procedure == "COD" and speaks)


def test_a_few_real_proposals_end_to_end(proposals):
    result = run_backtest(proposals[:3], "all", runs=2)
    table = result.table
    assert len(table) == sum(i.outcome is not None for p in proposals[:3] for i in p.issues)
    on_grid = table["nash"] % issue_step(len(proposals[0].issues))
    assert (on_grid[table["proposal"] == proposals[0].number] == 0).all()
    again = run_backtest(proposals[:3], "all", runs=2).table
    assert table.equals(again)  # same seeds, same predictions
