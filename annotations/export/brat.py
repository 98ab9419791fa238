"""`brat`: brat standoff, a folder brat itself opens as a collection.

Layout: `annotation.conf` and `visual.conf` (from the schema) at the top; one sub-folder per annotator
(`_unannotated` for articles nobody touched); in it `<article>.<side>.txt` (the side's text, exactly, UTF-8) and
`<article>.<side>.ann`. Article ids and annotator names are percent-encoded as in the store, so `/` cannot nest.

- `T` lines for spans, type = label; two labels on the same offsets are two `T` lines, which brat allows (it
  draws both): both are kept and the report counts them. A span crossing a line break becomes a discontinuous
  span (`0 5;6 9`) with its fragments' text joined by a space, which is how brat itself stores such selections.
- `R` lines for relations between spans of the same side; an attribution's cue is a second relation
  `attribution_cue` (claim → cue), as brat relations are binary.
- `A` lines for attributes (`A1<TAB>checkworthy T3 CFS`).
- `#` lines (`AnnotatorNotes`) for the span's note, and for relations brat cannot hold because they cross
  documents: a counterpart is noted on both ends as `counterpart: en T4 "Putin"`.

Offsets are code points, as brat's standoff readers and its Python server count them. brat's web client counts
UTF-16 units and draws annotations after an emoji one character off (brat#1115, open since 2014): the report notes
it when a text has characters outside the BMP. The files stay correct; only brat's display is affected.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

from tandem.annotations.export.base import ExportOptions, ExportReport
from tandem.annotations.export.iteration import AnnotatorView, ExportArticle
from tandem.annotations.export.units import CUE_SUFFIX, binary_relations, partition_relations, where
from tandem.annotations.schema import Schema
from tandem.annotations.storage import file_name

UNANNOTATED = "_unannotated"
_TYPE_UNSAFE = re.compile(r"[^A-Za-z0-9_-]")
_NEWLINES = re.compile(r"[^\n]+")
SAME_SPAN_NOTE = (
    "{n} spans share their offsets with another label's span: valid brat (two T lines on one range, both drawn); "
    "kept"
)
ASTRAL_NOTE = (
    "some texts have characters outside the BMP (emoji): brat's web view draws annotations after them shifted by "
    "one per character (brat#1115); the .ann offsets are code points and correct"
)


def brat_type(name: str) -> str:
    """A name brat accepts as a type, attribute or relation (letters, digits, `_`, `-`)."""
    return _TYPE_UNSAFE.sub("_", name) or "_"


def fragments(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The [start, end) pieces of a span between line breaks (brat cannot draw across a line)."""
    return [(start + m.start(), start + m.end()) for m in _NEWLINES.finditer(text[start:end])]


def annotation_conf(schema: Schema | None) -> str:
    """brat's annotation.conf: entities = labels, relations with their argument types, attributes with values."""
    if schema is None:
        return "[entities]\n\n[relations]\n\n[events]\n\n[attributes]\n"
    labels_of = {name: [brat_type(lab.name) for lab in layer.labels] for name, layer in schema.layers.items()}
    entities = sorted({t for types in labels_of.values() for t in types})
    lines = ["[entities]", *entities, "", "[relations]"]

    def args(layers: tuple[str, ...]) -> str:
        return "|".join(sorted({t for layer in layers for t in labels_of[layer]})) if layers else "<ENTITY>"

    for rel in schema.relations.values():
        lines.append(f"{brat_type(rel.name)}\tArg1:{args(rel.head)}, Arg2:{args(rel.child)}")
        if rel.cue:
            lines.append(f"{brat_type(rel.name + CUE_SUFFIX)}\tArg1:{args(rel.head)}, Arg2:<ENTITY>")
    lines += ["", "[events]", "", "[attributes]"]
    attributes: dict[str, tuple[set[str], list[str]]] = {}
    for layer in schema.layers.values():
        for label in layer.labels:
            for attr, values in label.attrs.items():
                owners, all_values = attributes.setdefault(brat_type(attr), (set(), []))
                owners.add(brat_type(label.name))
                all_values += [v for v in values if v not in all_values]
    for attr, (owners, values) in sorted(attributes.items()):
        lines.append(f"{attr}\tArg:{'|'.join(sorted(owners))}, Value:{'|'.join(brat_type(v) for v in values)}")
    return "\n".join(lines) + "\n"


def visual_conf(schema: Schema | None) -> str:
    """brat's visual.conf: each label drawn in its schema colour (hex colours only; names are Rich's, not CSS)."""
    lines = ["[labels]", "", "[drawing]"]
    if schema is not None:
        for layer in schema.layers.values():
            for label in layer.labels:
                if label.colour.startswith("#"):
                    lines.append(f"{brat_type(label.name)}\tbgColor:{label.colour}")
    return "\n".join(lines) + "\n"


def _one_line(text: str) -> str:
    return " ".join(text.split())


class BratStandoff:
    """brat standoff collection."""

    name = "brat"
    description = "brat standoff folder: .txt + .ann per side and annotator, annotation.conf from the schema"
    writes_folder = True

    def is_export(self, folder: Path) -> bool:
        """An earlier brat export (safe to replace)."""
        return (folder / "annotation.conf").is_file()

    def write(
        self,
        articles: Iterable[ExportArticle],
        target: Path,
        schema: Schema | None,
        options: ExportOptions,
        report: ExportReport,
    ) -> None:
        """The two config files, then the .txt/.ann pairs article by article."""
        (target / "annotation.conf").write_text(annotation_conf(schema), encoding="utf-8")
        (target / "visual.conf").write_text(visual_conf(schema), encoding="utf-8")
        shared_ranges = 0
        for article in articles:
            for view in article.annotators:
                folder = target / (file_name(view.annotator) if view.annotator else UNANNOTATED)
                folder.mkdir(exist_ok=True)
                numbers = {side: {s["id"]: n for n, s in enumerate(view.spans[side], 1)} for side in article.sides}
                for side in article.sides:
                    text = article.text(side)
                    if any(ord(c) > 0xFFFF for c in text):
                        report.note(ASTRAL_NOTE)
                    ranges = Counter((s["start"], s["end"]) for s in view.spans[side])
                    shared_ranges += sum(1 for s in view.spans[side] if ranges[s["start"], s["end"]] > 1)
                    stem = f"{file_name(article.doc.id)}.{side}"
                    (folder / f"{stem}.txt").write_bytes(text.encode("utf-8"))
                    ann = self._ann(article, side, view, numbers, report)
                    (folder / f"{stem}.ann").write_bytes(ann.encode("utf-8"))
                    report.documents += 1
        if shared_ranges:
            report.note(SAME_SPAN_NOTE.format(n=shared_ranges))

    def _ann(
        self,
        article: ExportArticle,
        side: str,
        view: AnnotatorView,
        numbers: dict[str, dict[str, int]],
        report: ExportReport,
    ) -> str:
        text, mine = article.text(side), numbers[side]
        lines: list[str] = []
        notes: dict[str, list[str]] = {}
        attr_n = 0
        written: set[str] = set()
        for s in view.spans[side]:
            pieces = fragments(text, s["start"], s["end"])
            if not pieces:
                report.problem("spans of only line breaks (no brat fragment)", where(article, side, s))
                continue
            t = f"T{mine[s['id']]}"
            offsets = ";".join(f"{a} {b}" for a, b in pieces)
            lines.append(f"{t}\t{brat_type(s['label'])} {offsets}\t{' '.join(text[a:b] for a, b in pieces)}")
            written.add(s["id"])
            for attr, value in sorted(s["attrs"].items()):
                attr_n += 1
                lines.append(f"A{attr_n}\t{brat_type(attr)} {t} {brat_type(str(value))}")
            if s["note"]:
                notes.setdefault(s["id"], []).append(_one_line(s["note"]))
        report.spans += len(written)
        inside, across, lost = partition_relations(view, side, written)
        for r in lost:
            report.problem("relations left out with a span brat cannot hold", f"{article.doc.id} {r['id']}")
        rel_n = 0
        for r in inside:
            for label, head, child in binary_relations(r):
                rel_n += 1
                lines.append(f"R{rel_n}\t{brat_type(label)} Arg1:T{mine[head]} Arg2:T{mine[child]}")
        report.relations += len(inside) + sum(1 for r in across if r["head"] in written)
        index = view.span_index()
        for r in across:
            for label, head, child in binary_relations(r):
                here, there = (head, child) if head in written else (child, head)
                if here in written and there in index:
                    other_side, o = index[there]
                    number = numbers.get(other_side, {}).get(there)
                    ref = f"T{number}" if number else o["id"]
                    notes.setdefault(here, []).append(f"{label}: {other_side} {ref} {_one_line(o['text'])!r}")
        for n, (span_id, texts) in enumerate(sorted(notes.items(), key=lambda kv: mine[kv[0]]), 1):
            lines.append(f"#{n}\tAnnotatorNotes T{mine[span_id]}\t{' | '.join(texts)}")
        return "".join(line + "\n" for line in lines)
