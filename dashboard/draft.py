"""The "Draft from an article" page: paste or upload a text, review what was found, run or download.

The article is shown with every extraction highlighted by kind (and its actor
in the tooltip); each actor, quote, red line, demand, issue and link can be
kept or rejected, a quote's speaker, an actor's role and a red line's
strength changed. The scenario is rebuilt from those decisions on every
change and validated with the article (saved to a temporary folder only for
the check), then run at once or downloaded with the article. Only the public
``sim.draft`` API is called; article text is HTML-escaped before any markup.
"""

from __future__ import annotations

import hashlib
import html
import io
import re
import tempfile
import zipfile
from pathlib import Path

import pandas as pd
import streamlit as st

import sim
from dashboard.safe import show_error
from sim import draft as drafting

MODE_KEY = "draft-mode"
TEXT_KEY = "draft-text"
UPLOAD_KEY = "draft-upload"
RUN_KEY = "draft-run"
SEED_KEY = "draft-seed"
SOURCE_NAME = "article.txt"
ROLES = ("leader", "partner", "opposition", "mediator", "patron", "spokesperson", "party")
UNATTRIBUTED = "(unattributed)"
ANONYMOUS = "anonymous"
COLOURS = {
    "red_line": "#f8b4b4",
    "quote": "#bfdbfe",
    "reported": "#ddd6fe",
    "demand": "#fde68a",
    "issue": "#bbf7d0",
    "mention": "#e5e7eb",
}
"""Highlight colour by kind; where spans overlap the kind listed first wins."""


def chosen() -> bool:
    """Draw the sidebar switch; True when the drafting page is open (then it is drawn)."""
    with st.sidebar:
        on = st.toggle("Draft from an article", key=MODE_KEY)
    if on:
        render()
    return bool(on)


@st.cache_data(max_entries=8, show_spinner="Finding actors, quotes and red lines...")
def _find(text: str) -> drafting.Findings:
    return drafting.find(text)


def _article() -> tuple[str, str] | None:
    """(name, text) of the pasted or uploaded article, or None (with the error shown)."""
    upload = st.file_uploader("Upload an article (UTF-8 text)", type=["txt"], key=UPLOAD_KEY)
    pasted = st.text_area("...or paste it here", key=TEXT_KEY, height=200)
    try:
        if upload is not None:
            return upload.name, drafting.decode_article(upload.getvalue(), upload.name)
        if pasted.strip():
            data = pasted.encode("utf-8", errors="replace")
            return "pasted text", drafting.decode_article(data, "pasted text")
    except drafting.DraftInputError as error:
        show_error("This text cannot be drafted from", [error.message])
        return None
    st.info(
        "Paste a news article about a negotiation, or upload one. dealsim finds the actors, "
        "who said what, red lines, demands and the deal's components, and drafts a scenario."
    )
    return None


def highlighted(text: str, items: list[drafting.Extraction]) -> str:
    """The article as one line of HTML, each extraction marked by kind with its actor as tooltip."""
    order = list(COLOURS)
    label: list[tuple[str, str] | None] = [None] * len(text)
    for item in sorted(items, key=lambda i: -order.index(i.kind) if i.kind in order else 0):
        if item.kind not in COLOURS:
            continue
        for index in range(item.start, min(item.end, len(text))):
            label[index] = (item.kind, item.actor or "")
    parts: list[str] = []
    start = 0
    for index in range(1, len(text) + 1):
        if index == len(text) or label[index] != label[start]:
            chunk = html.escape(text[start:index]).replace("\n", "<br>").replace("$", "&#36;")
            mark = label[start]
            if mark is None:
                parts.append(chunk)
            else:
                kind, actor = mark
                tip = html.escape(f"{kind.replace('_', ' ')}{': ' + actor if actor else ''}")
                parts.append(
                    f'<mark style="background:{COLOURS[kind]}" title="{tip}">{chunk}</mark>'
                )
            start = index
    return f'<div class="dealsim-draft">{"".join(parts)}</div>'


def _legend() -> str:
    cells = "".join(
        f'<mark style="background:{colour}">{html.escape(kind.replace("_", " "))}</mark> '
        for kind, colour in COLOURS.items()
    )
    return f"<div>{cells}</div>"


def _md(text: str) -> str:
    """Text for a label or caption, every markdown character escaped (shown as written)."""
    return re.sub(r"([\\`*_{}\[\]()#+\-.!|~<>$:=])", r"\\\1", text)


def _excerpt(text: str, limit: int = 90) -> str:
    words = " ".join(text.split())
    return _md(words if len(words) <= limit else words[: limit - 3] + "...")


def _review(findings: drafting.Findings) -> dict:
    """Draw the keep/edit controls; the decisions as arguments of ``sim.draft.revise``."""
    text = findings.document.text
    rejected: set[str] = set()
    speakers: dict[str, str | None] = {}
    roles: dict[str, str] = {}
    hard: dict[str, bool] = {}
    keys = [a.key for a in findings.actors]
    with st.expander(f"Actors ({len(findings.actors)})", expanded=True):
        for actor in findings.actors:
            left, right = st.columns([3, 2])
            if not left.checkbox(
                _md(f"{actor.name} ({actor.kind}; found by {actor.cue})"),
                value=True,
                key=f"draft-keep-{actor.key}",
            ):
                rejected.add(actor.key)
            role = right.selectbox(
                _md(f"role (guessed from {actor.role_cue})"),
                ROLES,
                index=ROLES.index(actor.role) if actor.role in ROLES else len(ROLES) - 1,
                key=f"draft-role-{actor.key}",
            )
            if role != actor.role:
                roles[actor.key] = role
    with st.expander(f"Quotes ({len(findings.speeches)})", expanded=True):
        choices = [UNATTRIBUTED, ANONYMOUS, *keys]
        for speech in findings.speeches:
            left, right = st.columns([3, 2])
            flag = " ⚠ review" if speech.review else ""
            if not left.checkbox(
                f"“{_excerpt(text[speech.start : speech.end])}”{flag}",
                value=True,
                key=f"draft-keep-{speech.id}",
            ):
                rejected.add(speech.id)
            current = speech.speaker or UNATTRIBUTED
            speaker = right.selectbox(
                _md(f"speaker ({speech.cue}, confidence {speech.confidence:.2f})"),
                choices,
                index=choices.index(current) if current in choices else 0,
                key=f"draft-speaker-{speech.id}",
            )
            if speaker != current:
                speakers[speech.id] = None if speaker == UNATTRIBUTED else speaker
    with st.expander(f"Red lines ({len(findings.red_lines)})", expanded=True):
        for line in findings.red_lines:
            left, right = st.columns([3, 2])
            issue = findings.placed.get(line.id, "no issue")
            if not left.checkbox(
                _md(f"{line.actor or 'no speaker'} · {issue} · {line.direction}: ")
                + f"“{_excerpt(text[line.start : line.end])}”",
                value=True,
                key=f"draft-keep-{line.id}",
            ):
                rejected.add(line.id)
            strength = right.selectbox(
                _md(f"strength (cue '{line.cue.strip()}')"),
                ("hard", "soft"),
                index=0 if line.hard else 1,
                key=f"draft-hard-{line.id}",
            )
            if (strength == "hard") != line.hard:
                hard[line.id] = strength == "hard"
    with st.expander(f"Issues, demands and links ({len(findings.issues)} issues)"):
        for issue in findings.issues:
            options = (
                f"0..{issue.maximum} step {issue.step}"
                if issue.kind == "integer"
                else ", ".join(issue.options)
            )
            if not st.checkbox(
                _md(f"issue {issue.id} ({issue.kind}: {options}) from {issue.origin}"),
                value=True,
                key=f"draft-keep-{issue.id}",
            ):
                rejected.add(issue.id)
        for demand in findings.demands:
            if not st.checkbox(
                _md(f"demand of {demand.actor or 'no speaker'}: ")
                + f"“{_excerpt(text[demand.start : demand.end])}”",
                value=True,
                key=f"draft-keep-{demand.id}",
            ):
                rejected.add(demand.id)
        for link in findings.links:
            if not st.checkbox(
                _md(f"{link.kind}: {link.source} → {link.target} ({link.cue})"),
                value=True,
                key=f"draft-keep-{link.id}",
            ):
                rejected.add(link.id)
    return {"rejected": rejected, "speakers": speakers, "roles": roles, "hard": hard}


def _build(name: str, text: str, findings: drafting.Findings) -> drafting.Draft | None:
    """The scenario of the reviewed findings, validated against the article in a scratch folder."""
    with tempfile.TemporaryDirectory(prefix="dealsim-draft-") as folder:
        Path(folder, SOURCE_NAME).write_text(text, encoding="utf-8")
        try:
            return drafting.build(findings, SOURCE_NAME, Path(folder), name)
        except sim.ScenarioError as error:
            show_error("The drafted scenario does not validate", list(error.messages))
            return None


def _bundle(draft: drafting.Draft, text: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("scenario.yaml", draft.yaml)
        archive.writestr(SOURCE_NAME, text)
    return buffer.getvalue()


def _run(scenario: sim.Scenario) -> None:
    seed = st.number_input("Seed", min_value=0, value=0, step=1, key=SEED_KEY)
    if not st.button("Run it now", key=RUN_KEY, type="primary"):
        return
    outcome = sim.simulate(scenario, seed=int(seed))
    if outcome.deal:
        st.success(f"Deal in round {outcome.round} of {scenario.protocol.rounds}.")
        terms = outcome.terms or {}
    else:
        st.warning(f"No deal after round {outcome.round}.")
        terms = outcome.last_proposal or {}
    if terms:
        st.dataframe(
            pd.DataFrame({"issue": list(terms), "option": [str(v) for v in terms.values()]}),
            hide_index=True,
        )
    analysis = sim.analyze(scenario).to_dict()
    blocking = analysis["blocking"]
    st.caption(
        f"{analysis['feasible']:,} of {analysis['packages']:,} packages cross no hard red line; "
        f"{analysis['zopa']:,} are in the zone of agreement."
        + (_md(f" Red lines that block every deal: {blocking}.") if blocking else "")
    )
    st.dataframe(
        pd.DataFrame(
            {
                "actor": [a.id for a in scenario.actors],
                "role": [a.role for a in scenario.actors],
                "utility": [round(outcome.utilities[a.id], 3) for a in scenario.actors],
            }
        ),
        hide_index=True,
    )


def render() -> None:
    """Draw the whole drafting page."""
    st.title("Draft from an article")
    article = _article()
    if article is None:
        return
    name, text = article
    findings = _find(text)
    st.caption(
        _md(f"{name}: {len(text):,} characters · sentences split by {findings.document.backend}")
        + " · every role, speaker, red line and number is a guess to review"
    )
    st.markdown(_legend(), unsafe_allow_html=True)
    with st.container(height=360):
        st.markdown(highlighted(text, drafting.extractions(findings)), unsafe_allow_html=True)
    st.subheader("Review")
    decisions = _review(findings)
    revised = drafting.revise(findings, **decisions)
    draft = _build(name, text, revised)
    if draft is None:
        return
    scenario = draft.scenario
    st.subheader("The drafted scenario")
    st.caption(
        f"{len(scenario.actors)} actors, {len(scenario.issues)} issues, "
        f"{sum(len(a.red_lines) for a in scenario.actors)} red lines; validated, every quote "
        "checked against the article."
    )
    with st.expander("Review first"):
        for line in drafting.review_first(revised):
            st.text(line)
    stem = hashlib.sha256(text.encode("utf-8")).hexdigest()[:8]
    left, right = st.columns(2)
    left.download_button(
        "Download the scenario (YAML)",
        draft.yaml,
        file_name=f"draft-{stem}.yaml",
        mime="application/x-yaml",
        help=f"Save the article as {SOURCE_NAME} beside it, or download both below.",
    )
    right.download_button(
        "Download scenario and article (zip)",
        _bundle(draft, text),
        file_name=f"draft-{stem}.zip",
        mime="application/zip",
    )
    with st.expander("YAML"):
        st.code(draft.yaml, language="yaml")
    _run(scenario)
