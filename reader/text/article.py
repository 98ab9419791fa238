"""A parsed bilingual article: metadata, each language's paragraphs, and how they align.

Offsets used by annotations index into `Article.side_text(lang)`: the side's title (if any) and its paragraphs,
joined by blank lines. The alignment is computed on first use, since listing a library needs none of it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from tandem.reader.text.alignment import Bead, SentenceBead, align, align_sentences
from tandem.reader.text.clutter import Metadata
from tandem.reader.text.language import Lang
from tandem.reader.text.sentences import split_sentences

LANGS: tuple[Lang, ...] = ("ko", "en")
PARAGRAPH_SEPARATOR = "\n\n"


@dataclass(kw_only=True)
class Article(Metadata):
    """One article, from one file or a pair of files (one per language): its metadata (byline, published,
    updated, publisher, keywords, captions, as the clutter rules recovered them) and its text."""

    id: str
    paths: tuple[Path, ...]
    title: dict[Lang, str | None]
    paragraphs: dict[Lang, list[str]]
    dropped: list[str] = field(default_factory=list)
    layout: str = "single"
    encodings: tuple[str, ...] = ()
    warnings: list[str] = field(default_factory=list)
    known_beads: list[Bead] | None = None
    """Beads the file's own layout proves (interleaved KO/EN paragraphs); otherwise they are computed."""

    @property
    def languages(self) -> tuple[Lang, ...]:
        """The languages that have body text, Korean first."""
        return tuple(lang for lang in LANGS if self.paragraphs[lang])

    @cached_property
    def alignment(self) -> list[Bead]:
        """Paragraph beads in reading order, covering every paragraph of both sides exactly once."""
        if self.known_beads is not None:
            return self.known_beads
        return align(self.paragraphs["ko"], self.paragraphs["en"])

    @cached_property
    def sentence_alignment(self) -> list[SentenceBead]:
        """Sentence beads inside each paragraph bead, for highlighting a sentence's counterpart."""
        return align_sentences(self.paragraphs["ko"], self.paragraphs["en"], self.alignment)

    def side_blocks(self, lang: Lang) -> list[str]:
        """The blocks of one side's text: its title (if any), then its paragraphs."""
        title = self.title[lang]
        return ([title] if title else []) + self.paragraphs[lang]

    def side_text(self, lang: Lang) -> str:
        """The full text of one side, which annotation offsets index into."""
        return PARAGRAPH_SEPARATOR.join(self.side_blocks(lang))

    def paragraph_start(self, lang: Lang, index: int) -> int:
        """Offset of body paragraph `index` of `lang` in `side_text(lang)`."""
        blocks = self.side_blocks(lang)
        skip = 1 if self.title[lang] else 0
        return sum(len(b) + len(PARAGRAPH_SEPARATOR) for b in blocks[: skip + index])

    def metadata(self) -> dict[str, Any]:
        """Everything but the body, in the shape `tandem inspect --json` and exports print."""
        return {
            "id": self.id,
            "title": dict(self.title),
            "byline": self.byline,
            "published": self.published,
            "updated": self.updated,
            "publisher": self.publisher,
            "keywords": list(self.keywords),
            "languages": list(self.languages),
            "layout": self.layout,
            "files": [p.name for p in self.paths],  # names only: exports are the same bytes on every machine
        }

    def to_json(self) -> dict[str, Any]:
        """The full parse: metadata, paragraphs, alignment and sentences (`tandem inspect --json`)."""
        data = self.metadata()
        data.update(
            ko=list(self.paragraphs["ko"]),
            en=list(self.paragraphs["en"]),
            alignment=[{"ko": list(b.ko), "en": list(b.en)} for b in self.alignment],
            sentences={lang: self.sentence_spans(lang) for lang in LANGS},
            sentence_alignment=[
                {
                    "paragraph_bead": bead.paragraph_bead,
                    "ko": [[s.paragraph, s.start, s.end] for s in bead.ko],
                    "en": [[s.paragraph, s.start, s.end] for s in bead.en],
                }
                for bead in self.sentence_alignment
            ],
            captions=list(self.captions),
            dropped=list(self.dropped),
            encodings=list(self.encodings),
            warnings=list(self.warnings),
        )
        return data

    def sentence_spans(self, lang: Lang) -> list[list[list[int]]]:
        """Per paragraph, the [start, end) code-point offsets of its sentences within that paragraph."""
        return [[[s, e] for s, e in split_sentences(p, lang)] for p in self.paragraphs[lang]]
