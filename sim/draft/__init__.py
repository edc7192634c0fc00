"""From article to scenario: draft a scenario from a news text, every guess marked.

Offline and rule-based: paragraphs, sentences and quotes (:mod:`.text`,
:mod:`.quotes`; spaCy's tokenizer and sentencizer when the ``draft`` extra is
installed, :mod:`.nlp`), actors and their mentions (:mod:`.actors`,
:mod:`.roles`), who said what (:mod:`.attribution`), red lines and demands
(:mod:`.redlines`), candidate issues (:mod:`.issues`), links between actors
(:mod:`.links`), the scenario (:mod:`.assemble`, :mod:`.drafting`) and the
report (:mod:`.report`)::

    from sim.draft import draft_file
    draft = draft_file("seeds/hostage-deal-article.txt", "seeds/draft.yaml")
    print(draft.yaml)
    print(draft.review_first())
"""

from sim.draft.drafting import Draft, build, draft_file, draft_text, revise, source_path
from sim.draft.findings import Findings, find
from sim.draft.report import Extraction, extractions, review_first
from sim.draft.text import MAX_ARTICLE_BYTES, DraftInputError, decode_article

__all__ = [
    "MAX_ARTICLE_BYTES",
    "Draft",
    "DraftInputError",
    "Extraction",
    "Findings",
    "build",
    "decode_article",
    "draft_file",
    "draft_text",
    "extractions",
    "find",
    "review_first",
    "revise",
    "source_path",
]
