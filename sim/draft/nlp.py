"""The optional spaCy backend: English tokenizer and rule-based sentencizer, no trained model.

No official spaCy English model is installable from the package registry
(Explosion distributes ``en_core_web_*`` from GitHub releases), so the drafter
uses only what the ``spacy`` package itself ships: ``spacy.blank("en")``,
whose tokenizer knows English abbreviations and contractions, and the
``sentencizer`` pipe. Nothing is downloaded. When spaCy is not installed the
rules in :mod:`sim.draft.text` do the same job.
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sim.draft.text import Paragraph


@lru_cache(maxsize=1)
def available() -> bool:
    """Whether spaCy can be imported (the ``draft`` extra is installed and works)."""
    try:
        import spacy  # noqa: F401
    except ImportError:
        return False
    return True


@lru_cache(maxsize=1)
def _pipeline() -> Any:
    import spacy

    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    return nlp


def sentences(text: str, paragraphs: tuple[Paragraph, ...]) -> tuple[tuple[int, int, int], ...]:
    """Sentences of each paragraph by spaCy's sentencizer: (start, end, paragraph index)."""
    nlp = _pipeline()
    found = []
    for paragraph in paragraphs:
        doc = nlp(text[paragraph.start : paragraph.end])
        for sent in doc.sents:
            start = paragraph.start + sent.start_char
            end = paragraph.start + sent.end_char
            if text[start:end].strip():
                found.append((start, end, paragraph.index))
    return tuple(found)
