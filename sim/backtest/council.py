"""Council of the EU vote weights by treaty regime, and the decision rule of a DEU issue.

Sources (the provisions that set the figures; the figures were entered from
the published tables without re-reading the texts in this work, and nothing
is downloaded; the totals below check: 87, 321, 345 and 352 votes):

- **Pre-Nice** (to 31 October 2004): Art. 205(2) TEC as amended by the 1995
  Act of Accession: DE, FR, IT, UK 10; ES 8; BE, EL, NL, PT 5; AT, SE 4;
  DK, IE, FI 3; LU 2 (87 votes); a qualified majority is 62 votes.
- **Nice** (1 November 2004 to 31 October 2014): Art. 205(2) TEC as amended by
  the Protocol on enlargement (Nice, 2001) and the 2003 and 2005 Acts of
  Accession; Art. 10 of the 2011 Act of Accession for Croatia. DE, FR, IT, UK
  29; ES, PL 27; RO 14; NL 13; BE, CZ, EL, HU, PT 12; AT, BG, SE 10; DK, IE,
  LT, SK, FI, HR 7; CY, EE, LV, LU, SI 4; MT 3. A qualified majority is 232 of
  321 votes (EU-25), 255 of 345 (EU-27, from 2007), 260 of 352 (EU-28, from
  July 2013), cast by a majority of the members.
- **Lisbon** (from 1 November 2014): Art. 16(4) TEU and Art. 238(3) TFEU:
  55% of the members representing 65% of the population.

Population (Lisbon's second count): the Council's figures for 2015 (Council
Decision 2014/937/EU, amending Annex III of its Rules of Procedure; Eurostat, 1
January 2014), in millions rounded to 0.1, entered from that table as
remembered, not re-checked against it: treat each as good to about 1%. The
Rules are updated every year; one year's figures are used for every Lisbon
decision in DEU (2016-2019).

Not modelled: the optional 62% population check under Nice, the transitional
arrangements of 1 November 2014 to 31 March 2017 (a member could ask for the
Nice rule) and the Lisbon blocking minority of at least four members.
"""

from __future__ import annotations

from datetime import date

PRE_NICE_WEIGHTS = {
    "de": 10, "fr": 10, "it": 10, "uk": 10, "es": 8, "be": 5, "el": 5, "nl": 5, "pt": 5,
    "at": 4, "se": 4, "dk": 3, "ie": 3, "fi": 3, "lu": 2,
}  # fmt: skip
NICE_WEIGHTS = {
    "de": 29, "fr": 29, "it": 29, "uk": 29, "es": 27, "pl": 27, "ro": 14, "nl": 13,
    "be": 12, "cz": 12, "el": 12, "hu": 12, "pt": 12, "at": 10, "bu": 10, "se": 10,
    "dk": 7, "ie": 7, "lt": 7, "sk": 7, "fi": 7, "cr": 7, "cy": 4, "ee": 4, "lv": 4,
    "lu": 4, "si": 4, "mt": 3,
}  # fmt: skip
POPULATION_2015 = {
    "de": 80.8, "fr": 65.9, "uk": 64.3, "it": 60.8, "es": 46.5, "pl": 38.5, "ro": 19.9,
    "nl": 16.8, "be": 11.2, "el": 11.0, "cz": 10.5, "pt": 10.4, "hu": 9.9, "se": 9.6,
    "at": 8.5, "bu": 7.2, "dk": 5.6, "fi": 5.5, "sk": 5.4, "ie": 4.6, "cr": 4.2,
    "lt": 2.9, "si": 2.1, "lv": 2.0, "ee": 1.3, "cy": 0.9, "lu": 0.5, "mt": 0.4,
}  # fmt: skip
"""Millions; Council Decision 2014/937/EU (Eurostat, 1 January 2014), rounded to 0.1."""

NICE_START = date(2004, 11, 1)
LISBON_START = date(2014, 11, 1)


def regime(decided: date | None) -> str:
    """``pre-Nice``, ``Nice`` or ``Lisbon``: the rules in force at a decision date.

    An unknown date is taken as pre-Nice (none occurs in DEU III: every issue
    has a final-act or introduction date).
    """
    if decided is None or decided < NICE_START:
        return "pre-Nice"
    return "Nice" if decided < LISBON_START else "Lisbon"


def nice_threshold(decided: date) -> float:
    """The Nice qualified majority as a share of the votes of the members at that date."""
    if decided < date(2007, 1, 1):
        return 232 / 321
    return 255 / 345 if decided < date(2013, 7, 1) else 260 / 352


def capabilities(states: list[str], decided: date | None) -> dict[str, float]:
    """Each state's share of the Council's voting power at the date, among these states.

    Pre-Nice and Nice: the vote weights. Lisbon: the population (the second
    count dominates the large members' weight; every member has one vote in
    the first). Shares are of the states given (members with no position on
    an issue leave it).
    """
    table = {"pre-Nice": PRE_NICE_WEIGHTS, "Nice": NICE_WEIGHTS}.get(regime(decided))
    raw = {s: float((table or POPULATION_2015).get(s, 0.0)) for s in states}
    total = sum(raw.values()) or 1.0
    return {s: v / total for s, v in raw.items()}


def council_decision(
    states: list[str], council_vote: str, decided: date | None, co_legislator: str | None
) -> dict:
    """``protocol.decision`` of a DEU proposal: the Council's rule, the Parliament's veto.

    Args:
        states: the member states that are parties.
        council_vote: ``QMV`` or ``Unan``.
        decided: the decision date (for the treaty regime).
        co_legislator: the Parliament's id under codecision (a veto player), else None.

    Under unanimity every state must accept; under QMV the regime's weights and
    thresholds apply. The Commission (``com``) is the agenda setter: a package
    it rejects needs the unanimity of the states (Art. 250(1) TEC, Art. 293(1) TFEU).
    """
    veto = [co_legislator] if co_legislator else []
    era = regime(decided)
    if council_vote == "Unan":
        return {
            "rule": "weighted_majority",
            "weights": {s: 1.0 for s in states},
            "threshold": 1.0,
            "veto": veto,
        }
    if era == "Lisbon":
        return {
            "rule": "weighted_majority",
            "weights": {s: 1.0 for s in states},
            "threshold": 0.55,
            "second": {"weights": {s: POPULATION_2015[s] for s in states}, "threshold": 0.65},
            "veto": veto,
            "agenda_setter": "com",
        }
    weights = PRE_NICE_WEIGHTS if era == "pre-Nice" else NICE_WEIGHTS
    decision: dict = {
        "rule": "weighted_majority",
        "weights": {s: float(weights.get(s, 0)) for s in states},
        "threshold": 62 / 87 if era == "pre-Nice" else nice_threshold(decided),  # type: ignore[arg-type]
        "veto": veto,
        "agenda_setter": "com",
    }
    if era == "Nice":
        decision["second"] = {"weights": {s: 1.0 for s in states}, "threshold": 0.5 + 1e-6}
    return decision
