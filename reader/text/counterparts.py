"""Sentences in side-text offsets, and which sentences of the other language are their counterparts.

The aligner works paragraph by paragraph; the reader needs, for any cursor offset, the sentence under it and the
sentences to highlight in the other pane. Titles count as one sentence each, counterparts of each other.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass

from tandem.reader.text.article import Article
from tandem.reader.text.language import Lang

TITLE_BEAD = -1


@dataclass(frozen=True, slots=True)
class Sentence:
    """One sentence of one side: `side_text[start:end]`, in sentence bead `bead`."""

    lang: Lang
    start: int
    end: int
    bead: int


class SentenceIndex:
    """Look up the sentence at an offset, and its counterparts in the other language."""

    def __init__(self, article: Article) -> None:
        self._sentences: dict[Lang, list[Sentence]] = {"ko": [], "en": []}
        for lang in ("ko", "en"):
            if article.title[lang]:
                self._sentences[lang].append(Sentence(lang, 0, len(article.title[lang] or ""), TITLE_BEAD))
        for number, bead in enumerate(article.sentence_alignment):
            for lang, spans in (("ko", bead.ko), ("en", bead.en)):
                for span in spans:
                    base = article.paragraph_start(lang, span.paragraph)
                    self._sentences[lang].append(Sentence(lang, base + span.start, base + span.end, number))
        self._by_bead: dict[tuple[Lang, int], list[Sentence]] = {}
        for lang, sentences in self._sentences.items():
            sentences.sort(key=lambda s: s.start)
            for sentence in sentences:
                self._by_bead.setdefault((lang, sentence.bead), []).append(sentence)
        self._starts = {lang: [s.start for s in self._sentences[lang]] for lang in ("ko", "en")}

    def sentences(self, lang: Lang) -> list[Sentence]:
        return self._sentences[lang]

    def at(self, lang: Lang, offset: int) -> Sentence | None:
        """The sentence containing `offset`, if any (offsets between sentences have none)."""
        i = bisect_right(self._starts[lang], offset) - 1
        if i >= 0 and offset < self._sentences[lang][i].end:
            return self._sentences[lang][i]
        return None

    def counterparts(self, sentence: Sentence) -> list[Sentence]:
        """The other language's sentences in the same sentence bead."""
        other: Lang = "en" if sentence.lang == "ko" else "ko"
        return self._by_bead.get((other, sentence.bead), [])
