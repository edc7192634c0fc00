"""The forecast per issue, as a table to set beside the bargaining outcome."""

from __future__ import annotations

import pandas as pd

from sim.forecast.from_scenario import forecast_scenario, nearest_option, skipped_issues
from sim.scenario.schema import Scenario


def forecast_table(scenario: Scenario, rounds: int = 10) -> pd.DataFrame:
    """One row per issue: the forecast position, the option nearest it, or why it is skipped.

    Columns: ``issue``, ``forecast position``, ``forecast option``, ``converged``, ``note``.

    Raises:
        ValueError: when a value spec names an unknown option (as the forecast does).
    """
    results = forecast_scenario(scenario, rounds=rounds)
    skipped = skipped_issues(scenario)
    rows = []
    for issue in scenario.issues:
        result = results.get(issue.id)
        rows.append(
            {
                "issue": issue.id,
                "forecast position": round(result.median, 3) if result else None,
                "forecast option": str(nearest_option(issue, result.median)) if result else "",
                "converged": result.converged if result else None,
                "note": "" if result else skipped.get(issue.id, "not forecast"),
            }
        )
    return pd.DataFrame(rows)


def forecast_beside_bargaining(
    scenario: Scenario, terms: dict[str, dict[str, float]]
) -> dict[str, dict[str, object]]:
    """Per issue, the forecast next to the option most deals agree on.

    Args:
        scenario: the scenario.
        terms: issue to option to share among deals (an ensemble summary's ``terms``).

    Returns:
        Issue to ``forecast_position``, ``forecast_option``, ``bargained_option``,
        ``bargained_share`` and ``note`` (why an issue has no forecast).
    """
    table = forecast_table(scenario)
    beside = {}
    for row in table.to_dict(orient="records"):
        shares = terms.get(row["issue"], {})
        mode = max(shares, key=shares.__getitem__) if shares and any(shares.values()) else None
        position = row["forecast position"]
        beside[row["issue"]] = {
            "forecast_position": None if pd.isna(position) else float(position),
            "forecast_option": row["forecast option"] or None,
            "bargained_option": mode,
            "bargained_share": shares.get(mode) if mode is not None else None,
            "note": row["note"],
        }
    return beside
