"""What every exporter shares: the options it takes, the report it fills, the interface it implements.

An exporter turns a stream of filtered articles (see iteration.py) into one output file or folder. It never
decides which annotations to include (that is ExportFilter's job) and never opens the final path directly (see
output.py): the same store gives the same bytes, and a failed export leaves nothing at `out`.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO, Literal, Protocol

if TYPE_CHECKING:
    from tandem.annotations.export.iteration import ExportArticle
    from tandem.annotations.schema import Schema

EXAMPLES_PER_KIND = 5  # problems of one kind listed by example; the rest are only counted


@dataclass(frozen=True)
class ExportOptions:
    """Format-specific choices; each format reads only the ones it understands."""

    granularity: Literal["paragraph", "sentence"] = "paragraph"  # parallel: one line per paragraph or sentence bead
    char_iob: bool = False  # conll: Korean one character per token instead of eojeol
    iob_layer: str | None = None  # conll IOB tags and spaCy doc.ents: this layer (run_export fills it in)
    email_domain: str | None = None  # labelstudio: completed_by NAME@DOMAIN for names that are no email


@dataclass
class ExportReport:
    """What an export wrote, and every annotation it could not represent, by kind, with a few examples.

    Nothing is shifted or dropped silently: a span that does not fit a format (off token boundaries, overlapping
    an entity in `doc.ents`, crossing a segment) is counted here under a kind that names why."""

    format: str = ""
    out: Path | None = None  # None: standard output
    articles: int = 0
    documents: int = 0  # units the format wrote: lines, files, Docs, tasks (see each format's docstring)
    spans: int = 0
    relations: int = 0
    orphans: int = 0  # spans whose quote is no longer in the article: kept in the store, not exported
    problems: Counter[str] = field(default_factory=Counter)
    examples: dict[str, list[str]] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)  # format-level remarks (e.g. a consumer's known offset bug)

    def problem(self, kind: str, example: str) -> None:
        """Count one annotation the format could not hold as it is, keeping the first few examples."""
        self.problems[kind] += 1
        examples = self.examples.setdefault(kind, [])
        if len(examples) < EXAMPLES_PER_KIND:
            examples.append(example)

    def note(self, text: str) -> None:
        """Add a format-level remark once."""
        if text not in self.notes:
            self.notes.append(text)

    def summary_lines(self) -> list[str]:
        """A short human report: what was written, then each problem kind with its count and examples."""
        lines = [
            f"{self.format}: {self.articles} articles, {self.documents} documents, {self.spans} spans, "
            f"{self.relations} relations -> {self.out or 'standard output'}"
        ]
        if self.orphans:
            lines.append(f"  {self.orphans} orphaned spans (quote no longer in the article) were not exported")
        for kind, count in sorted(self.problems.items()):
            lines.append(f"  {count} {kind}, e.g. " + "; ".join(self.examples.get(kind, [])))
        lines += [f"  note: {n}" for n in self.notes]
        return lines


Progress = Callable[[int], None]
"""Called with the number of source articles consumed so far, after each one."""


class Exporter(Protocol):
    """One output format. `writes_folder` says whether `write` receives an open binary file (False) or an empty
    folder (True); either is a temporary stand-in that the caller moves to `out` once `write` returns."""

    name: str
    description: str
    writes_folder: bool

    def write(
        self,
        articles: Iterable[ExportArticle],
        target: BinaryIO | Path,
        schema: Schema | None,
        options: ExportOptions,
        report: ExportReport,
    ) -> None:
        """Write every article to `target`, counting documents, spans and relations in `report`."""
