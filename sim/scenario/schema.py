"""The scenario file format: plain data, validated by pydantic.

Every model forbids unknown keys so that a misspelled field is an error, not a
silent default. Checks that need more than one field of one object (an actor's
value table naming an issue's options, a party naming an actor) live in
:mod:`sim.scenario.references`, so that each problem can be reported at the
line of the YAML that causes it.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Annotated, Literal, NamedTuple

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from sim.scenario.problems import UnknownName

Identifier = Annotated[
    str,
    Field(
        pattern=r"^[A-Za-z][A-Za-z0-9_\-]*$",
        description="a name made of letters, digits, '_' and '-', starting with a letter",
    ),
]
OptionRef = str | int | float
"""An option of an issue: its name, or its number on an integer or decimal issue."""
Unit = Annotated[float, Field(ge=0.0, le=1.0)]
DEFERRED = "deferred"
"""The choice of a package that leaves a deferrable issue to a later phase of the deal."""


class Strict(BaseModel):
    """Base of every scenario model: unknown keys are errors."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True)


class Evidence(Strict):
    """Where a number or a red line comes from: a quote of a source, or an assumption."""

    about: str | None = Field(
        None, description="what the evidence supports, e.g. 'salience.hostages'"
    )
    quote: str | None = Field(None, description="a verbatim sentence (or part) of the source")
    source: Identifier | None = Field(None, description="key in the scenario's sources")
    assumption: str | None = Field(
        None, description="why a value the source does not give was chosen"
    )

    @model_validator(mode="after")
    def _quote_or_assumption(self) -> Evidence:
        if (self.quote is None) == (self.assumption is None):
            raise ValueError("give exactly one of 'quote' or 'assumption'")
        return self


class Issue(Strict):
    """A component of the deal and its options."""

    id: Identifier
    label: str | None = None
    description: str = ""
    kind: Literal["ordinal", "integer", "decimal", "categorical"]
    options: list[str] | None = Field(
        None, description="option names, from least to most on an ordinal issue"
    )
    min: int | float | None = Field(None, description="integer/decimal issues: smallest value")
    max: int | float | None = Field(None, description="integer/decimal issues: largest value")
    step: int | float = Field(
        1, gt=0, description="integer/decimal issues: distance between options"
    )
    option_labels: dict[OptionRef, str] = Field(
        default_factory=dict, description="option (as written) -> name shown in outputs"
    )
    deferrable: bool = Field(
        False, description="a package may leave it to a later phase of the deal ('deferred')"
    )
    evidence: list[Evidence] = []

    @model_validator(mode="after")
    def _options_match_kind(self) -> Issue:
        if self.deferrable and self.options is not None and DEFERRED in self.options:
            raise ValueError(
                f"a deferrable issue cannot have an option named '{DEFERRED}': "
                "that name is its choice of leaving the issue to a later phase"
            )
        if self.kind == "decimal":
            _check_decimal(self)
            return self
        if self.kind == "integer":
            for key in ("min", "max", "step"):
                value = getattr(self, key)
                if isinstance(value, float) and value.is_integer():
                    value = int(value)  # a drawn or swept 10.0 is the integer 10
                    object.__setattr__(self, key, value)
                if value is not None and not isinstance(value, int):
                    raise ValueError(
                        f"an integer issue takes whole numbers; {key} = {value} "
                        "(use kind: decimal for steps like 0.01)"
                    )
            if self.options is not None:
                raise ValueError("an integer issue takes min, max and step, not options")
            if self.min is None or self.max is None:
                raise ValueError("an integer issue needs both min and max")
            if self.max <= self.min:
                raise ValueError(f"max ({self.max}) must be greater than min ({self.min})")
            if (self.max - self.min) % self.step:
                raise ValueError(
                    f"max - min ({self.max - self.min}) is not a multiple of step ({self.step})"
                )
        else:
            if self.min is not None or self.max is not None:
                raise ValueError(f"a {self.kind} issue takes options, not min/max")
            if not self.options or len(self.options) < 2:
                raise ValueError(f"a {self.kind} issue needs at least two options")
            if len(set(self.options)) != len(self.options):
                raise ValueError("options must be unique")
        unknown = [str(k) for k in self.option_labels if self.option_index(k) is None]
        if unknown:
            raise ValueError(f"option_labels names options that do not exist: {', '.join(unknown)}")
        return self

    def label_of(self, option: OptionRef) -> str:
        """The name shown for an option: its label if the file gives one, else the option."""
        index = self.option_index(option)
        if index is not None:
            for key, label in self.option_labels.items():
                if self.option_index(key) == index:
                    return label
        return str(option)

    @property
    def choices(self) -> int:
        """The choices a package makes on this issue: its options, and deferral if deferrable.

        Choice ``size`` (one past the last option) is :data:`DEFERRED`.
        """
        return self.size + (1 if self.deferrable else 0)

    @property
    def numeric(self) -> bool:
        """Whether options are numbers on a scale (integer or decimal issues)."""
        return self.kind in ("integer", "decimal")

    @property
    def numeric_values(self) -> list[int] | list[float]:
        """The values of an integer or decimal issue, in order (decimals exact to the step)."""
        if self.kind == "integer":
            return self.integer_values
        low, step = _exact(self.min), _exact(self.step)
        return [float(low + k * step) for k in range(self.size)]

    @property
    def option_names(self) -> list[str]:
        """The options as strings, in order."""
        if self.numeric:
            return [str(v) for v in self.numeric_values]
        return list(self.options or [])

    @property
    def integer_values(self) -> list[int]:
        """The values of an integer issue, in order."""
        assert isinstance(self.min, int) and isinstance(self.max, int)
        assert isinstance(self.step, int)
        return list(range(self.min, self.max + 1, self.step))

    @property
    def size(self) -> int:
        """Number of options."""
        if self.kind == "decimal":
            return int((_exact(self.max) - _exact(self.min)) / _exact(self.step)) + 1
        if self.kind == "integer":
            assert self.min is not None and self.max is not None
            return int((self.max - self.min) // self.step) + 1
        return len(self.options or [])

    def option_index(self, ref: OptionRef) -> int | None:
        """Index of an option given by name or number, or None if there is no such option.

        On a decimal issue the number is matched exactly in units of the step
        (``3.67`` is an option of 3.00 to 4.00 in steps of 0.01; ``3.675`` is not).
        """
        if self.kind == "decimal":
            if isinstance(ref, bool):
                return None
            try:
                offset = (_exact(ref) - _exact(self.min)) / _exact(self.step)
            except (InvalidOperation, ValueError, TypeError):
                return None
            if offset != offset.to_integral_value() or not 0 <= offset < self.size:
                return None
            return int(offset)
        if self.kind == "integer":
            if isinstance(ref, bool):
                return None
            if isinstance(ref, str):
                if not ref.strip().lstrip("-").isdigit():
                    return None
                ref = int(ref)
            if not isinstance(ref, int):
                return None
            assert isinstance(self.min, int) and isinstance(self.step, int)
            whole, remainder = divmod(ref - self.min, self.step)
            return whole if remainder == 0 and 0 <= whole < self.size else None
        names = self.options or []
        return names.index(ref) if isinstance(ref, str) and ref in names else None

    def option_label(self, index: int) -> str | int | float:
        """The option at an index, as it is written in YAML (a number on numeric issues)."""
        if self.numeric:
            if not 0 <= index < self.size:
                raise IndexError(f"option {index} of {self.id}")
            if self.kind == "decimal":
                return float(_exact(self.min) + index * _exact(self.step))
            assert isinstance(self.min, int) and isinstance(self.step, int)
            return self.min + index * self.step
        return (self.options or [])[index]


def _exact(value: object) -> Decimal:
    """A number as an exact decimal (from its shortest text: 0.01 is 1/100, not a binary float)."""
    if isinstance(value, bool) or not isinstance(value, int | float | str | Decimal):
        raise ValueError(f"{value!r} is not a number")
    return Decimal(str(value).strip())


def _check_decimal(issue: Issue) -> None:
    """A decimal issue: min < max, and max - min a whole number of steps (exactly)."""
    if issue.options is not None:
        raise ValueError("a decimal issue takes min, max and step, not options")
    if issue.min is None or issue.max is None:
        raise ValueError("a decimal issue needs both min and max")
    if issue.max <= issue.min:
        raise ValueError(f"max ({issue.max}) must be greater than min ({issue.min})")
    steps = (_exact(issue.max) - _exact(issue.min)) / _exact(issue.step)
    if steps != steps.to_integral_value():
        raise ValueError(
            f"max - min ({issue.max} - {issue.min}) is not a multiple of step ({issue.step})"
        )


class IdealPoint(Strict):
    """Values falling off linearly with distance from an ideal option (ordinal/integer)."""

    ideal: OptionRef = Field(description="the best option (a number on integer issues)")
    worst: Unit = Field(0.0, description="value of the option farthest from the ideal")


PolicyParameters = dict[Identifier, float]


class Tactic(Strict):
    """A concession tactic by registered name, with its parameters."""

    name: str = Field(
        "linear",
        description="boulware, linear, conceder, tit_for_tat, tit_for_tat_absolute, "
        "responsive, or another registered",
    )
    beta: float | None = Field(
        None, gt=0, description="concession exponent of time-dependent tactics; default by name"
    )
    params: PolicyParameters = Field(
        default_factory=dict, description="the tactic's other parameters, by name"
    )


class PolicySpec(Strict):
    """A policy by registered name, with its parameters (defaults for those not given)."""

    name: str
    params: PolicyParameters = Field(default_factory=dict)


class Policies(Strict):
    """The policies an actor decides with, besides its concession tactic (defaults if absent)."""

    proposal: PolicySpec | None = Field(
        None, description="aspiration (parties), nash_mediator (mediators), frequency_learner"
    )
    response: PolicySpec | None = Field(None, description="threshold")
    walkout: PolicySpec | None = Field(None, description="deadline, never")
    exit: PolicySpec | None = Field(None, description="red_line")


class RedLine(Strict):
    """A predicate on one issue's options that an actor will not cross."""

    id: Identifier
    label: str | None = Field(None, description="name shown in outputs (else the id)")
    issue: Identifier
    forbid: list[OptionRef] | None = None
    require: list[OptionRef] | None = None
    min: OptionRef | None = Field(None, description="lowest acceptable option (ordinal/integer)")
    max: OptionRef | None = Field(None, description="highest acceptable option (ordinal/integer)")
    hard: bool = True
    penalty: Unit = Field(0.0, description="soft red lines: utility lost when crossed")
    active: bool = True
    deferral: Literal["allowed", "forbidden"] | None = Field(
        None,
        description="on a deferrable issue, whether leaving it to a later phase satisfies the "
        "line (default: allowed for 'forbid' lines, forbidden for require, min and max)",
    )
    evidence: Evidence

    @property
    def deferral_allowed(self) -> bool:
        """Whether a package that defers the line's issue keeps to the line."""
        if self.deferral is not None:
            return self.deferral == "allowed"
        return self.forbid is not None

    @model_validator(mode="after")
    def _one_predicate(self) -> RedLine:
        given = [k for k in ("forbid", "require", "min", "max") if getattr(self, k) is not None]
        if len(given) != 1:
            raise ValueError("give exactly one of forbid, require, min, max")
        if not self.hard and self.penalty <= 0:
            raise ValueError("a soft red line (hard: false) needs a penalty > 0")
        return self


class Actor(Strict):
    """A political actor with its priorities, red lines and decision settings."""

    id: Identifier
    name: str
    role: str = Field("party", description="free text: leader, party, mediator, partner, ...")
    power: float = Field(1.0, ge=0.0)
    salience: dict[Identifier, Annotated[float, Field(ge=0.0)]] = Field(
        default_factory=dict, description="weight per issue; normalised to sum 1"
    )
    values: dict[Identifier, IdealPoint | dict[OptionRef, Unit]] = Field(
        default_factory=dict, description="per issue: a table option -> value, or an ideal point"
    )
    red_lines: list[RedLine] = []
    deferred: dict[Identifier, Unit] = Field(
        default_factory=dict,
        description="per deferrable issue: its value of leaving the issue to a later phase "
        "(default: its reservation, the value of no deal)",
    )
    reservation: Unit = Field(0.0, description="utility of no deal")
    reservation_drift: float = Field(0.0, description="change of the reservation per round")
    tactic: Tactic = Tactic()
    policies: Policies = Policies()
    deadline: int | None = Field(None, ge=1, description="round at which it walks out")
    actions: list[Action] = Field(
        default_factory=list, description="what it may do each round (outside actors act)"
    )
    discount: float = Field(
        1.0,
        gt=0.0,
        le=1.0,
        description="per-round discount factor: a deal at round t is worth discount**t * U",
    )
    noise: float = Field(0.0, ge=0.0, le=1.0, description="sd of its perception noise")
    evidence: list[Evidence] = []

    @field_validator("values", mode="before")
    @classmethod
    def _ideal_points_first(cls, values: object) -> object:
        """``{ideal: 0.0}`` is an ideal point, not a value table of an option named 'ideal'."""
        if not isinstance(values, dict):
            return values
        converted = dict(values)
        for issue, spec in values.items():
            if isinstance(spec, dict) and "ideal" in spec and set(spec) <= {"ideal", "worst"}:
                try:
                    converted[issue] = IdealPoint.model_validate(spec)
                except ValueError:
                    pass  # reported where the union is validated
        return converted


class Condition(Strict):
    """A predicate that holds for some options of one issue."""

    issue: Identifier
    in_: list[OptionRef] | None = Field(None, alias="in")
    min: OptionRef | None = None
    max: OptionRef | None = None

    @model_validator(mode="after")
    def _one_predicate(self) -> Condition:
        if self.in_ is None and self.min is None and self.max is None:
            raise ValueError("give 'in', 'min' or 'max'")
        return self


class Constraint(Strict):
    """Linked terms: packages where ``if`` holds must also meet ``then`` (others are incoherent)."""

    if_: Condition = Field(alias="if", description="the condition that triggers the link")
    then: Condition = Field(description="what a package must then also meet")
    evidence: Evidence | None = None


class Party(Strict):
    """An actor whose consent a deal needs (only where all `when` conditions hold)."""

    actor: Identifier
    when: list[Condition] = []
    evidence: Evidence | None = None


class Partner(Strict):
    """A coalition partner: leaves the government when a deal crosses its hard red lines."""

    actor: Identifier
    seats: int = Field(ge=0)


class SafetyNet(Strict):
    """Seats an opposition actor lends the government for deals meeting its conditions."""

    actor: Identifier
    seats: int = Field(ge=0)
    when: list[Condition] = []
    evidence: Evidence | None = None


class Government(Strict):
    """A leader's coalition, for two-level ratification."""

    id: Identifier
    leader: Identifier
    leader_seats: int = Field(ge=0, description="seats of the leader's own party")
    other_seats: int = Field(0, ge=0, description="coalition seats not modelled as actors")
    partners: list[Partner] = []
    majority: int = Field(ge=1)
    safety_nets: list[SafetyNet] = []
    survival_weight: float = Field(0.5, ge=0.0, le=1.0, description="utility lost if it falls")
    evidence: list[Evidence] = []


class Effect(Strict):
    """One change an event makes: a field of an actor or a government, or a red line switched."""

    actor: Identifier | None = None
    government: Identifier | None = Field(
        None,
        description="a government to change (with field: leader_seats, other_seats, majority, "
        "survival_weight, seats.<partner>, safety_nets.<actor>.seats)",
    )
    field: str | None = Field(
        None,
        description="reservation, reservation_drift, power, noise, deadline, "
        "tactic.beta or salience.<issue>",
    )
    delta: float | None = None
    set: float | None = None
    red_line: Identifier | None = None
    active: bool | None = None

    @model_validator(mode="after")
    def _one_kind(self) -> Effect:
        if self.red_line is not None:
            if self.active is None or any(
                v is not None
                for v in (self.actor, self.government, self.field, self.delta, self.set)
            ):
                raise ValueError("a red-line effect takes exactly 'red_line' and 'active'")
        else:
            if (self.actor is None) == (self.government is None) or self.field is None:
                raise ValueError(
                    "an effect needs 'field' and one of 'actor' or 'government' (or 'red_line')"
                )
            if (self.delta is None) == (self.set is None):
                raise ValueError("give exactly one of 'delta' or 'set'")
            if self.active is not None:
                raise ValueError("'active' goes with 'red_line'")
        return self


class Event(Strict):
    """Effects applied at the start of a round (of phase one, or of a later phase)."""

    id: Identifier
    round: int = Field(ge=0, description="the round of its phase, from 0")
    phase: int = Field(
        1, ge=1, description="the phase of the deal it belongs to (2 and later: implementation)"
    )
    when: list[Condition] = Field(
        default_factory=list,
        description="later phases: it happens only if the terms settled before meet these",
    )
    label: str = ""
    effects: list[Effect] = Field(min_length=1)
    evidence: Evidence | None = None

    @model_validator(mode="after")
    def _conditions_on_settled_terms(self) -> Event:
        if self.when and self.phase == 1:
            raise ValueError(
                "'when' is about terms settled in earlier phases: give it to an event of "
                "phase 2 or later"
            )
        return self


class Action(Strict):
    """What an actor may do in a round, with a probability: an attack, a leak, sanctions."""

    id: Identifier
    label: str = ""
    probability: Unit = Field(description="chance per round that it acts, while it may")
    first_round: int = Field(0, ge=0, description="the first round it may act in")
    last_round: int | None = Field(None, ge=0, description="the last round it may act in")
    when_crossed: Identifier | None = Field(
        None,
        description="one of its own hard red lines: it acts only while the package on the "
        "table crosses it",
    )
    repeat: bool = Field(False, description="may act again after acting once")
    effects: list[Effect] = Field(min_length=1)
    evidence: Evidence | None = None


class SecondCount(Strict):
    """A second weighted count a majority must also pass (e.g. population)."""

    weights: dict[Identifier, Annotated[float, Field(ge=0.0)]] = Field(
        description="party -> weight in the second count (parties left out weigh 0)"
    )
    threshold: float = Field(gt=0.0, le=1.0, description="share of the needed weight to reach")


class Decision(Strict):
    """How many of the needed parties must accept a package (see sim.decision)."""

    rule: Literal["unanimity", "weighted_majority"] = "unanimity"
    weights: dict[Identifier, Annotated[float, Field(ge=0.0)]] = Field(
        default_factory=dict, description="weighted_majority: party -> vote weight"
    )
    threshold: float = Field(0.5, gt=0.0, le=1.0, description="share of the needed weight")
    second: SecondCount | None = Field(None, description="a second count that must also pass")
    veto: list[Identifier] = Field(default_factory=list, description="parties that must accept")
    agenda_setter: Identifier | None = Field(
        None, description="party whose 'no' means only unanimity of the voters adopts"
    )


class Protocol(Strict):
    """Who proposes, who must consent, when it ends."""

    name: str = Field("mediated", description="mediated or alternating")
    rounds: int = Field(20, ge=1, le=10_000)
    round_days: float | None = Field(
        None, gt=0.0, description="calendar days a round lasts (outputs then give days too)"
    )
    mediator: Identifier | None = Field(None, description="actor whose noise blurs its view")
    proposers: list[Identifier] = Field(
        default_factory=list, description="alternating offers: proposing order"
    )
    decision: Decision = Field(default_factory=Decision, description="the decision rule")
    phases: int = Field(
        2,
        ge=1,
        le=10,
        description="most phases a deal may take: a phase may defer deferrable issues to the "
        "next, the last defers nothing",
    )
    phase_rounds: int | None = Field(
        None, ge=1, le=10_000, description="rounds of each later phase (default: rounds)"
    )


class Uncertainty(Strict):
    """A numeric parameter drawn from a distribution in every run of an ensemble."""

    param: str = Field(description="dotted path, e.g. actors.hamas.reservation")
    dist: Literal["uniform", "normal", "triangular", "beta", "choice"]
    low: float | None = None
    high: float | None = None
    mode: float | None = None
    mean: float | None = None
    sd: float | None = Field(None, gt=0)
    alpha: float | None = Field(None, gt=0)
    beta: float | None = Field(None, gt=0)
    values: list[float] | None = None

    @model_validator(mode="after")
    def _parameters_fit_distribution(self) -> Uncertainty:
        needs = {
            "uniform": ("low", "high"),
            "normal": ("mean", "sd"),
            "triangular": ("low", "mode", "high"),
            "beta": ("alpha", "beta"),
            "choice": ("values",),
        }[self.dist]
        missing = [k for k in needs if getattr(self, k) is None]
        if missing:
            raise ValueError(f"a {self.dist} distribution needs {', '.join(missing)}")
        if self.low is not None and self.high is not None and self.low >= self.high:
            raise ValueError(f"low ({self.low}) must be below high ({self.high})")
        if self.dist == "triangular" and not (self.low <= self.mode <= self.high):  # type: ignore[operator]
            raise ValueError("mode must lie between low and high")
        if self.dist == "choice" and not self.values:
            raise ValueError("a choice needs at least one value")
        return self


class Scenario(Strict):
    """A whole negotiation: issues, actors, who consents, governments, events."""

    name: str
    description: str = ""
    sources: dict[Identifier, str] = Field(
        default_factory=dict, description="source documents, paths relative to the scenario file"
    )
    issues: list[Issue] = Field(min_length=1)
    actors: list[Actor] = Field(min_length=1)
    parties: list[Party] = Field(min_length=1)
    governments: list[Government] = []
    events: list[Event] = []
    protocol: Protocol = Protocol()
    constraints: list[Constraint] = Field(
        default_factory=list, description="linked terms: incoherent packages left out"
    )
    uncertain: list[Uncertainty] = []
    evidence: list[Evidence] = []

    def issue(self, issue_id: str) -> Issue:
        """The issue with this id.

        Raises:
            UnknownName: no issue has this id (the message lists those that do).
        """
        for issue in self.issues:
            if issue.id == issue_id:
                return issue
        raise UnknownName("issue", issue_id, [i.id for i in self.issues])

    def actor(self, actor_id: str) -> Actor:
        """The actor with this id.

        Raises:
            UnknownName: no actor has this id (the message lists those that do).
        """
        for actor in self.actors:
            if actor.id == actor_id:
                return actor
        raise UnknownName("actor", actor_id, [a.id for a in self.actors])

    def red_line(self, red_line_id: str) -> HeldRedLine:
        """The red line with this id and the actor who holds it, as ``(actor, line)``.

        Raises:
            UnknownName: no actor holds a red line with this id.
        """
        for actor in self.actors:
            for line in actor.red_lines:
                if line.id == red_line_id:
                    return HeldRedLine(actor, line)
        held = [line.id for actor in self.actors for line in actor.red_lines]
        raise UnknownName("red line", red_line_id, held)


class HeldRedLine(NamedTuple):
    """A red line and the actor who holds it (a tuple: ``actor, line = ...`` works).

    Attributes:
        actor: the actor holding the red line.
        line: the red line.
    """

    actor: Actor
    line: RedLine
