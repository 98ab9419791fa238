"""`model`: names found by the language models — kiwipiepy for Korean, spaCy's English pipeline for English.

Both load lazily (seconds, hundreds of megabytes), so the reader calls `warm()` from a worker thread and the
first paint never waits. Without the `suggest` extra the Korean side gives dates and CLDR places only and the
English side falls back to rules (titles, organisation endings, CLDR places, dates). What the models found is
cached per text; names the team has already tagged override the model's label.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from tandem.annotations.suggest import kiwi
from tandem.annotations.suggest.context import ArticleContext
from tandem.annotations.suggest.counterpart_names import reconciled
from tandem.annotations.suggest.lexicon import Lexicon
from tandem.annotations.suggest.mention import Mention
from tandem.annotations.suggest.names_en import english_names, english_pipeline_name
from tandem.annotations.suggest.names_en import load as load_english
from tandem.annotations.suggest.names_ko import korean_names
from tandem.annotations.suggest.names_ko import load as load_korean
from tandem.annotations.suggest.proposal import ProposedSpan, Suggestion

NAME = "model"
DESCRIPTION = "names found by the Korean analyser (kiwipiepy) and spaCy's English pipeline"
NEEDS_MODELS = True
LAYER = "entity"
INSTALL_HINT = "pip install 'tandem-news-reader[suggest]'"


def missing() -> list[str]:
    """What is not installed for full model suggestions (empty when everything is)."""
    gaps = []
    if not kiwi.available():
        gaps.append("kiwipiepy (Korean names)")
    if english_pipeline_name() is None:
        gaps.append("an English spaCy pipeline (English names)")
    return gaps


def warm(side: str | None = None) -> None:
    """Load both models now, or one side's (call from a worker thread: it takes seconds)."""
    if side in (None, "ko"):
        load_korean()
    if side in (None, "en"):
        load_english()


def cache_kind(side: str) -> str:
    """What the cache files of one side's names are called (the English pipeline is part of the name)."""
    return "names-ko" if side == "ko" else f"names-en-{english_pipeline_name() or 'rules'}"


def find(side: str, text: str) -> list[list[Any]]:
    """The names in one side's text, in the cached form: [start, end, label, score, reason] each."""
    finder = korean_names if side == "ko" else english_names
    return [[m.start, m.end, m.label, m.score, m.reason] for m in finder(text)]


def _mentions(ctx: ArticleContext, side: str) -> list[Mention]:
    text = ctx.doc.sides[side]
    return [Mention(*m) for m in ctx.cache.get(cache_kind(side), text, lambda: find(side, text))]


def _both_sides(ctx: ArticleContext) -> dict[str, list[Mention]]:
    """Each side's mentions seen with the other side's (counterpart_names): one label for a name and its
    counterpart, and the counterparts one side's model missed."""
    found = {side: _mentions(ctx, side) for side in ctx.doc.sides}
    key = (NAME, "both sides", tuple(ctx.doc.sides.items()), tuple(ctx.sentence_pairs), id(ctx.lexicon))
    if key not in ctx.memo:
        ctx.memo[key] = reconciled(found, ctx.doc.sides, ctx.sentence_pairs, ctx.lexicon or Lexicon.shipped())
    return ctx.memo[key]


def suggest(ctx: ArticleContext) -> Iterator[Suggestion]:
    """One suggestion per name the models found on each side."""
    found = _both_sides(ctx)
    for side in ctx.doc.sides:
        text = ctx.doc.sides[side]
        for m in found[side]:
            label, score, reason = m.label, m.score, m.reason
            team = ctx.team.labels.get((side, text[m.start : m.end]))
            entity_labels = {lab: n for (layer, lab), n in (team or {}).items() if layer == LAYER}
            if entity_labels:
                tagged = max(entity_labels, key=lambda lab: entity_labels[lab])
                if tagged != label:
                    reason = f"{reason}; tagged {tagged} by the team"
                    label = tagged
                score = max(score, 0.9)
            yield Suggestion(NAME, score, reason, span=ProposedSpan(side, m.start, m.end, text[m.start : m.end],
                                                                      LAYER, label))  # fmt: skip
