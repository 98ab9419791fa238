"""`attribution`: who said what — each reported statement proposed as a claim, its source and its cue, linked.

The Korean extractor reads kiwipiepy's morphemes (the quote, the speech verb and its ending, the subject marked
이/가 or the topic 은/는), the English one spaCy's parse (a speech verb with its subject, "according to"), each with
regex fallbacks that still find direct quotes without the models. Accepting makes the three spans and the
attribution relation in one change; the source's `kind` attribute is the extractor's guess. What the extractors
found is cached per text, like the names.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from tandem.annotations.suggest import source_kind
from tandem.annotations.suggest.attribution_en import english_attributions
from tandem.annotations.suggest.attribution_ko import korean_attributions
from tandem.annotations.suggest.context import ArticleContext
from tandem.annotations.suggest.names_en import english_pipeline_name
from tandem.annotations.suggest.proposal import ProposedRelation, ProposedSpan, Suggestion

NAME = "attribution"
DESCRIPTION = "reported statements: the claim, its source and the cue, already linked"
NEEDS_MODELS = True
RELATION = "attribution"
RULES_VERSION = 2
"""Part of the cache's name: raise it when the extractors' rules change, so that no stale answer is served."""


def cache_kind(side: str) -> str:
    """What the cache files of one side's attributions are called."""
    name = "attribution-ko" if side == "ko" else f"attribution-en-{english_pipeline_name() or 'rules'}"
    return f"{name}-{RULES_VERSION}"


def find(side: str, text: str, sentences: Sequence[tuple[int, int]]) -> list[list[Any]]:
    """The attributions in one side's text, in the cached form: [claim, source, cue, kind, family, score, reason]."""
    if side == "ko":
        found = source_kind.resolved(text, korean_attributions(text, list(sentences)), source_kind.KOREAN)
    else:
        found = source_kind.resolved(text, english_attributions(text, list(sentences)), source_kind.ENGLISH)
    return [[list(r.claim), r.source and list(r.source), r.cue and list(r.cue), r.kind, r.family, r.score, r.reason]
            for r in found]  # fmt: skip


def _span(side: str, text: str, where: list[int], layer: str, label: str,
          attrs: tuple[tuple[str, str], ...] = ()) -> ProposedSpan:
    start, end = where
    return ProposedSpan(side, start, end, text[start:end], layer, label, attrs)


def suggest(ctx: ArticleContext) -> Iterator[Suggestion]:
    """One attribution proposal per reported statement with a source, on each side."""
    for side, text in ctx.doc.sides.items():
        sentences = ctx.sentences.get(side, [])
        found = ctx.cache.get(cache_kind(side), text, lambda side=side, text=text, sentences=sentences:
                              find(side, text, sentences))  # fmt: skip
        for claim, source, cue, kind, family, score, reason in found:
            if source is None:  # a claim with nobody to attribute it to is left to the annotator
                continue
            relation = ProposedRelation(
                RELATION,
                _span(side, text, claim, "claim", "CLAIM"),
                _span(side, text, source, "source", "SOURCE", (("kind", kind),)),
                _span(side, text, cue, "source", "CUE") if cue else None,
            )
            yield Suggestion(NAME, score, f"{family}: {reason}", relation=relation)
