"""Reading forecast CSV files: every bad row reported with its line."""

from __future__ import annotations

from pathlib import Path

import pytest

from sim.forecast import ForecastInputError, parse_forecast_csv, read_forecast_csv

HEADER = "actor,capability,position,salience\n"


def errors_of(text: str) -> list[str]:
    with pytest.raises(ForecastInputError) as caught:
        parse_forecast_csv(text, name="in.csv")
    return caught.value.messages


def test_good_file_is_read_in_order():
    data = parse_forecast_csv(HEADER + "a,1,0,0.5\nb,2,10,1\n")
    assert data.actors == ("a", "b")
    assert data.capability.tolist() == [1.0, 2.0]
    assert data.position.tolist() == [0.0, 10.0]
    assert data.salience.tolist() == [0.5, 1.0]


def test_columns_may_come_in_any_order_and_blank_lines_are_skipped():
    data = parse_forecast_csv("Salience, actor ,position,CAPABILITY\n\n0.5,a,0,1\n1,b,10,2\n")
    assert data.actors == ("a", "b")
    assert data.capability.tolist() == [1.0, 2.0]


def test_every_bad_row_is_reported_with_its_line():
    text = (
        HEADER
        + "a,1,0,0.5\n"  # line 2: fine
        + "b,-1,3,0.5\n"  # line 3: negative capability
        + "c,x,3,0.5\n"  # line 4: not a number
        + "d,1,3,150\n"  # line 5: salience out of range
        + "a,1,4,0.5\n"  # line 6: duplicate
        + "e,1,4\n"  # line 7: missing field
        + ",1,4,0.5\n"  # line 8: empty name
        + "f,1,nan,0.5\n"  # line 9: not finite
    )
    assert errors_of(text) == [
        "in.csv:3: capability: must be >= 0, got -1",
        "in.csv:4: capability: 'x' is not a number",
        "in.csv:5: salience: must lie in [0, 1] or [0, 100], got 150",
        "in.csv:6: actor: duplicate actor 'a' (first on line 2)",
        "in.csv:7: row: expected 4 fields, found 3",
        "in.csv:8: actor: the actor name is empty",
        "in.csv:9: position: 'nan' is not a finite number",
    ]


def test_missing_and_unknown_columns():
    assert errors_of("actor,capability,pos\na,1,2\nb,1,3\n") == [
        "in.csv:1: header: missing column 'position'",
        "in.csv:1: header: missing column 'salience'",
        "in.csv:1: header: unknown column 'pos' (expected actor, capability, position, salience)",
    ]


def test_empty_file():
    assert errors_of("") == [
        "in.csv:1: header: the file is empty (expected actor,capability,position,salience)"
    ]
    assert errors_of("\n\n") == errors_of("")


def test_fewer_than_two_actors():
    assert errors_of(HEADER + "a,1,0,0.5\n") == ["in.csv:2: actor: need at least 2 actors, found 1"]
    assert errors_of(HEADER) == ["in.csv:1: actor: need at least 2 actors, found 0"]


def test_nobody_with_a_vote():
    assert errors_of(HEADER + "a,0,0,0.5\nb,1,1,0\n") == [
        "in.csv:3: capability: no actor has both capability > 0 and salience > 0, "
        "so nobody has a vote"
    ]


def test_missing_file(tmp_path: Path):
    with pytest.raises(ForecastInputError) as caught:
        read_forecast_csv(tmp_path / "nope.csv")
    assert caught.value.messages == [f"{tmp_path / 'nope.csv'}:1: file: no such file"]


def test_file_name_and_issue_label_come_from_the_path(tmp_path: Path):
    path = tmp_path / "budget.csv"
    path.write_text(HEADER + "a,1,0,0.5\nb,2,10,1\n", encoding="utf-8")
    assert read_forecast_csv(path).issue == "budget"
    path.write_text(HEADER + "a,1,0,-2\nb,2,10,1\n", encoding="utf-8")
    with pytest.raises(ForecastInputError) as caught:
        read_forecast_csv(path)
    assert caught.value.messages == [f"{path}:2: salience: must lie in [0, 1] or [0, 100], got -2"]
