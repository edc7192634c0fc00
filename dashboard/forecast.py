"""The expected-utility forecast per issue, shown next to the bargaining outcome."""

from __future__ import annotations

import pandas as pd

import sim
from sim.forecast import forecast_scenario, nearest_option, skipped_issues


def forecast_table(scenario: sim.Scenario) -> pd.DataFrame:
    """One row per issue: the forecast position, the option nearest it, or why it is skipped.

    Raises:
        ValueError: when a value spec names an unknown option (as the forecast does).
    """
    results = forecast_scenario(scenario)
    skipped = skipped_issues(scenario)
    rows = []
    for issue in scenario.issues:
        if issue.id in results:
            result = results[issue.id]
            rows.append(
                {
                    "issue": issue.id,
                    "forecast position": round(result.median, 3),
                    "forecast option": str(nearest_option(issue, result.median)),
                    "converged": result.converged,
                    "note": "",
                }
            )
        else:
            rows.append(
                {
                    "issue": issue.id,
                    "forecast position": None,
                    "forecast option": "",
                    "converged": None,
                    "note": skipped.get(issue.id, "not forecast"),
                }
            )
    return pd.DataFrame(rows)
