"""The forecast mode: Bueno de Mesquita's expected-utility model, one issue at a time.

The model follows Scholz, Calbert & Smith (2011), "Unravelling Bueno de
Mesquita's group decision model"; docs/forecast.md gives the equations and the
choices made where the paper leaves room.
"""

from sim.forecast.csv_input import ForecastInputError, parse_forecast_csv, read_forecast_csv
from sim.forecast.eu_model import (
    expected_utility_of_challenge,
    risk_exponents,
    security_levels,
    success_probability,
    weighted_mean,
    weighted_median,
)
from sim.forecast.from_scenario import (
    forecast_inputs,
    forecast_scenario,
    nearest_option,
    skipped_issues,
)
from sim.forecast.inputs import ForecastInput
from sim.forecast.model import ForecastResult, RoundRecord, run_forecast
from sim.forecast.offers import Offer, OfferKind
from sim.forecast.summary import forecast_beside_bargaining, forecast_table

__all__ = [
    "ForecastInput",
    "ForecastInputError",
    "ForecastResult",
    "Offer",
    "OfferKind",
    "RoundRecord",
    "expected_utility_of_challenge",
    "forecast_beside_bargaining",
    "forecast_inputs",
    "forecast_scenario",
    "forecast_table",
    "nearest_option",
    "parse_forecast_csv",
    "read_forecast_csv",
    "risk_exponents",
    "run_forecast",
    "security_levels",
    "skipped_issues",
    "success_probability",
    "weighted_mean",
    "weighted_median",
]
