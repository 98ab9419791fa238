"""Gold annotations for measuring suggestions: load a split, check every span against the parsed article.

Layout (the guidelines are bench/data/gold/GUIDELINES.md):

* ``bench/data/gold/dev/<id>.json``: gold for the articles in ``articles/`` (the two bundled samples);
* ``bench/data/gold/test/<id>.json``: gold for the articles in ``bench/data/gold/articles/``.

One JSON file per article, with exactly these keys::

    {"article": ["000_x.txt"],        # file name(s) in the split's article folder; a pair is ["x.ko.txt", "x.en.txt"]
     "entities": [{"id": "k1", "side": "ko", "start": 0, "end": 2, "text": "북러", "label": "GPE"}, ...],
     "counterparts": [["e3", "k5"], ...],                       # [English entity id, Korean entity id]
     "attributions": [{"id": "a1", "side": "ko", "family": "direct", "kind": "official",
                       "claim": {"start": .., "end": .., "text": ..}, "source": {...}, "cue": {...} or null}]}

Offsets are code points into the article's side text as the reader parses it (``Article.side_text(lang)``: NFC,
title and paragraphs joined by blank lines), end exclusive. Loading checks that every span's ``text`` is exactly
that side text at ``[start:end]`` and raises `GoldError` naming the file and the span otherwise.

The side texts come from a function given to `load_gold` (``side_text(paths) -> {"ko": ..., "en": ...}``), so this
module does not depend on where the reader's modules live; `reader_side_text` is the default and finds the reader
as ``tandem.reader.text.library`` or, in a tree given with ``--reader-root`` from before the rename,
``reader.text.library`` or ``reader.library``.

Run ``python bench/gold.py [dev] [test]`` to validate and print counts per split, side and label (exit status 1
on a problem). To parse with another copy of the reader: ``--reader-root /tmp/tandem-base`` (or PYTHONPATH).
"""

from __future__ import annotations

import argparse
import importlib
import itertools
import json
import sys
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
GOLD_DIR = ROOT / "bench" / "data" / "gold"
ARTICLE_DIRS = {
    "dev": ROOT / "articles",
    "test": GOLD_DIR / "articles",
    "test2": GOLD_DIR / "articles2",
    "test3": GOLD_DIR / "articles3",
    "test4": GOLD_DIR / "articles4",
    "test5": GOLD_DIR / "articles5",
    "test6": GOLD_DIR / "articles6",
    "test7": GOLD_DIR / "articles7",
    "test8": GOLD_DIR / "articles8",
}
"""Where each split's article files are (the ``article`` names of its gold files are relative to it)."""

SPLITS = ("dev", "test", "test2", "test3", "test4", "test5", "test6", "test7", "test8")
SIDES = ("ko", "en")
ID_PREFIX = {"ko": "k", "en": "e"}
LABELS = ("PERSON", "ORG", "GPE", "LOC", "DATE", "EVENT", "MILITARY")
"""The entity labels of annotations/default_schema.toml (layer `entity`)."""
FAMILIES = ("direct", "indirect", "according_to", "anonymous")
KINDS = ("official", "news_outlet", "anonymous", "expert", "document", "other")
"""The `kind` values of the default schema's SOURCE label."""

ARTICLE_KEYS = {"article", "entities", "counterparts", "attributions"}
ENTITY_KEYS = {"id", "side", "start", "end", "text", "label"}
ATTRIBUTION_KEYS = {"id", "side", "family", "claim", "source", "cue", "kind"}
SPAN_KEYS = {"start", "end", "text"}

SideText = Callable[[list[Path]], dict[str, str]]
"""Given an article's file(s), the text of each side ("ko", "en") that offsets index into ("" for a missing side)."""


class GoldError(ValueError):
    """A gold file that cannot be used: unreadable, malformed, or with a span that does not match its article."""


@dataclass(frozen=True, slots=True)
class Span:
    """``side_text[start:end] == text`` (code points, end exclusive)."""

    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class GoldEntity:
    id: str
    side: str
    start: int
    end: int
    text: str
    label: str

    @property
    def span(self) -> Span:
        return Span(self.start, self.end, self.text)


@dataclass(frozen=True, slots=True)
class GoldAttribution:
    """A reported statement (PARC 3.0's triple): the claim, who it is attributed to, and the cue that says so."""

    id: str
    side: str
    family: str
    claim: Span
    source: Span
    cue: Span | None
    kind: str


@dataclass(frozen=True)
class GoldArticle:
    """The gold of one article. `id` is the gold file's stem; `paths` the article file(s) it annotates."""

    id: str
    paths: tuple[Path, ...]
    entities: tuple[GoldEntity, ...]
    counterparts: tuple[tuple[str, str], ...]
    """(English entity id, Korean entity id) pairs."""
    attributions: tuple[GoldAttribution, ...]
    file: Path
    """The gold JSON file."""

    def entities_on(self, side: str) -> list[GoldEntity]:
        return [e for e in self.entities if e.side == side]

    def attributions_on(self, side: str) -> list[GoldAttribution]:
        return [a for a in self.attributions if a.side == side]

    def entity(self, entity_id: str) -> GoldEntity:
        for e in self.entities:
            if e.id == entity_id:
                return e
        raise KeyError(entity_id)


# --- reading the side texts -------------------------------------------------------------------------------------

# this tree, then trees from before the rename to tandem.reader (given with --reader-root)
_READER_MODULES = ("tandem.reader.text.library", "reader.text.library", "reader.library")


def _reader_library() -> Any:
    """The reader's library module (with `source_for_file` and `load_article`), wherever the tree keeps it."""
    failures = []
    for name in _READER_MODULES:
        try:
            module = importlib.import_module(name)
        except ImportError as exc:
            failures.append(f"{name}: {exc}")
            continue
        if hasattr(module, "source_for_file") and hasattr(module, "load_article"):
            return module
        failures.append(f"{name}: no source_for_file/load_article")
    raise GoldError("cannot find the reader to parse articles (" + "; ".join(failures) + ")")


def reader_side_text(paths: list[Path]) -> dict[str, str]:
    """Side texts as the reader parses the article made of `paths` (one file, or a Korean/English pair)."""
    library = _reader_library()
    _, source = library.source_for_file(paths[0])
    parsed = {Path(p).resolve() for p in source.paths}
    wanted = {p.resolve() for p in paths}
    if parsed != wanted:
        raise GoldError(
            f"the reader reads {paths[0].name} as the article {sorted(p.name for p in parsed)}, "
            f"but the gold names {sorted(p.name for p in wanted)}"
        )
    article = library.load_article(source)
    return {side: article.side_text(side) for side in SIDES}


# --- loading and validation -------------------------------------------------------------------------------------


def load_gold(
    split: str,
    side_text: SideText | None = None,
    *,
    gold_dir: Path = GOLD_DIR,
    articles_dir: Path | None = None,
) -> list[GoldArticle]:
    """Every gold article of `split` ("dev" or "test"), in file-name order, each checked against its side texts.

    Raises `GoldError` when the split has no gold, or when a file is malformed or a span's text differs from the
    side text (the message names the file and every offending span)."""
    if split not in SPLITS:
        raise GoldError(f"unknown split {split!r} (expected one of {', '.join(SPLITS)})")
    side_text = side_text or reader_side_text
    folder = gold_dir / split
    if articles_dir is None:
        articles_dir = ARTICLE_DIRS[split] if gold_dir == GOLD_DIR else gold_dir / "articles"
    files = sorted(folder.glob("*.json")) if folder.is_dir() else []
    if not files:
        raise GoldError(f"{_show(folder)}: no gold files for split {split!r}")
    return [load_gold_file(f, side_text, articles_dir) for f in files]


def load_gold_file(path: Path, side_text: SideText, articles_dir: Path) -> GoldArticle:
    """One gold file, validated (see `load_gold`)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise GoldError(f"{_show(path)}: cannot read: {exc}") from exc
    problems: list[str] = []
    article = _check(data, path, side_text, articles_dir, problems)
    if problems:
        shown = "\n  ".join(problems[:50])
        more = f"\n  … and {len(problems) - 50} more" if len(problems) > 50 else ""
        raise GoldError(f"{_show(path)}: {len(problems)} problem(s):\n  {shown}{more}")
    assert article is not None
    return article


def _check(data: Any, path: Path, side_text: SideText, articles_dir: Path, problems: list[str]) -> GoldArticle | None:
    if not isinstance(data, dict) or set(data) != ARTICLE_KEYS:
        keys = sorted(data) if isinstance(data, dict) else type(data).__name__
        problems.append(f"top level: keys must be exactly {sorted(ARTICLE_KEYS)}, found {keys}")
        return None

    names = data["article"]
    if not (isinstance(names, list) and 1 <= len(names) <= 2 and all(isinstance(n, str) and n for n in names)):
        problems.append(f"article: expected one file name or a Korean/English pair, found {names!r}")
        return None
    paths = tuple(articles_dir / n for n in names)
    missing = [n for n, p in zip(names, paths, strict=True) if not p.is_file()]
    if missing:
        problems.append(f"article: no such file(s) in {_show(articles_dir)}: {', '.join(missing)}")
        return None
    try:
        texts = side_text(list(paths))
    except GoldError as exc:
        problems.append(f"article: {exc}")
        return None
    except Exception as exc:  # the parser's own errors (bad encoding, …): report them against this file
        problems.append(f"article: the article could not be parsed: {type(exc).__name__}: {exc}")
        return None
    texts = {side: texts.get(side) or "" for side in SIDES}

    declared: dict[str, str] = {}
    entities = _check_entities(data["entities"], texts, problems, declared)
    counterparts = _check_counterparts(data["counterparts"], entities, declared, problems)
    attributions = _check_attributions(data["attributions"], texts, problems)
    return GoldArticle(
        id=path.stem,
        paths=paths,
        entities=tuple(entities.values()),
        counterparts=tuple(counterparts),
        attributions=tuple(attributions),
        file=path,
    )


def _check_span(where: str, side: str, value: Any, texts: dict[str, str], problems: list[str]) -> Span | None:
    """`value` ({start, end, text}) as a Span if it is well-formed and matches the side text, else None."""
    if not isinstance(value, dict) or set(value) != SPAN_KEYS:
        problems.append(f"{where}: a span needs exactly the keys start, end, text; found {value!r}")
        return None
    start, end, text = value["start"], value["end"], value["text"]
    if not (_is_int(start) and _is_int(end) and isinstance(text, str)):
        problems.append(f"{where}: start/end must be integers and text a string: {value!r}")
        return None
    side_text = texts[side]
    if not 0 <= start < end <= len(side_text):
        problems.append(
            f"{where} ({side} {start}:{end}) {text!r}: offsets outside the {side} side text "
            f"(length {len(side_text)}) or empty"
        )
        return None
    found = side_text[start:end]
    if found != text:
        hint = ""
        if unicodedata.normalize("NFC", text) != text:
            hint = " (the gold text is not NFC)"
        else:
            elsewhere = side_text.find(text)
            if elsewhere >= 0:
                hint = f" (that text first occurs at {elsewhere}:{elsewhere + len(text)})"
        problems.append(
            f"{where} ({side} {start}:{end}): text {text!r} but the {side} side text there is {found!r}{hint}"
        )
        return None
    if text != text.strip():
        problems.append(f"{where} ({side} {start}:{end}) {text!r}: span starts or ends with white space")
    return Span(start, end, text)


def _check_entities(
    values: Any, texts: dict[str, str], problems: list[str], declared: dict[str, str]
) -> dict[str, GoldEntity]:
    """The valid entities by id; `declared` receives every id given (valid or not) and its side."""
    entities: dict[str, GoldEntity] = {}
    if not isinstance(values, list):
        problems.append("entities: must be a list")
        return entities
    for n, value in enumerate(values):
        where = f"entity #{n}"
        if not isinstance(value, dict) or set(value) != ENTITY_KEYS:
            problems.append(f"{where}: keys must be exactly {sorted(ENTITY_KEYS)}, found {value!r}")
            continue
        eid, side, label = value["id"], value["side"], value["label"]
        where = f"entity {eid}"
        if side not in SIDES:
            problems.append(f"{where}: side {side!r} is not one of {', '.join(SIDES)}")
            continue
        if not (isinstance(eid, str) and eid.startswith(ID_PREFIX[side]) and len(eid) > 1):
            problems.append(f"{where}: a {side} entity id must start with {ID_PREFIX[side]!r}")
        if not isinstance(eid, str) or eid in declared:
            problems.append(f"{where}: missing or duplicate id")
            continue
        declared[eid] = side
        if label not in LABELS:
            problems.append(f"{where}: label {label!r} is not one of {', '.join(LABELS)}")
        span = _check_span(where, side, {k: value[k] for k in SPAN_KEYS}, texts, problems)
        if span is not None:
            entities[eid] = GoldEntity(eid, side, span.start, span.end, span.text, label)
    for side in SIDES:  # mentions do not nest or overlap (guidelines §1)
        placed = sorted((e for e in entities.values() if e.side == side), key=lambda e: (e.start, e.end))
        for a, b in itertools.pairwise(placed):
            if b.start < a.end:
                problems.append(
                    f"entities {a.id} ({a.start}:{a.end} {a.text!r}) and {b.id} ({b.start}:{b.end} {b.text!r}) overlap"
                )
    return entities


def _check_counterparts(
    values: Any, entities: dict[str, GoldEntity], declared: dict[str, str], problems: list[str]
) -> list[tuple[str, str]]:
    pairs: list[tuple[str, str]] = []
    if not isinstance(values, list):
        problems.append("counterparts: must be a list")
        return pairs
    for value in values:
        if not (isinstance(value, list) and len(value) == 2 and all(isinstance(v, str) for v in value)):
            problems.append(f"counterpart {value!r}: must be [English entity id, Korean entity id]")
            continue
        en, ko = value
        ok = True
        for eid, side in ((en, "en"), (ko, "ko")):
            if eid not in declared:
                problems.append(f"counterpart {value!r}: no entity {eid!r}")
                ok = False
            elif declared[eid] != side:
                problems.append(
                    f"counterpart {value!r}: {eid} is on the {declared[eid]} side, expected {side} "
                    "(pairs are [English id, Korean id])"
                )
                ok = False
            elif eid not in entities:
                ok = False  # the entity itself is invalid, and reported above
        if ok and (en, ko) in pairs:
            problems.append(f"counterpart {value!r}: listed twice")
        elif ok:
            pairs.append((en, ko))
    return pairs


def _check_attributions(values: Any, texts: dict[str, str], problems: list[str]) -> list[GoldAttribution]:
    attributions: list[GoldAttribution] = []
    if not isinstance(values, list):
        problems.append("attributions: must be a list")
        return attributions
    seen: set[str] = set()
    for n, value in enumerate(values):
        where = f"attribution #{n}"
        if not isinstance(value, dict) or set(value) != ATTRIBUTION_KEYS:
            problems.append(f"{where}: keys must be exactly {sorted(ATTRIBUTION_KEYS)}, found {value!r}")
            continue
        aid, side = value["id"], value["side"]
        where = f"attribution {aid}"
        if not isinstance(aid, str) or aid in seen:
            problems.append(f"{where}: missing or duplicate id")
            continue
        seen.add(aid)
        if side not in SIDES:
            problems.append(f"{where}: side {side!r} is not one of {', '.join(SIDES)}")
            continue
        if value["family"] not in FAMILIES:
            problems.append(f"{where}: family {value['family']!r} is not one of {', '.join(FAMILIES)}")
        if value["kind"] not in KINDS:
            problems.append(f"{where}: kind {value['kind']!r} is not one of {', '.join(KINDS)}")
        claim = _check_span(f"{where} claim", side, value["claim"], texts, problems)
        source = _check_span(f"{where} source", side, value["source"], texts, problems)
        cue = None if value["cue"] is None else _check_span(f"{where} cue", side, value["cue"], texts, problems)
        if claim and source and (value["cue"] is None or cue):
            attributions.append(GoldAttribution(aid, side, value["family"], claim, source, cue, value["kind"]))
    return attributions


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _show(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(ROOT))
    except ValueError:
        return str(path)


# --- summary ----------------------------------------------------------------------------------------------------


def summary(articles: Iterable[GoldArticle]) -> dict[str, Any]:
    """Counts: articles, entities per side and label, counterparts, attributions per side and family."""
    articles = list(articles)
    entities = Counter((e.side, e.label) for a in articles for e in a.entities)
    families = Counter((t.side, t.family) for a in articles for t in a.attributions)
    return {
        "articles": len(articles),
        "entities": {side: {label: entities[side, label] for label in LABELS} for side in SIDES},
        "counterparts": sum(len(a.counterparts) for a in articles),
        "attributions": {side: {family: families[side, family] for family in FAMILIES} for side in SIDES},
    }


def _print_summary(split: str, articles: list[GoldArticle]) -> None:
    s = summary(articles)
    print(f"{split}: {s['articles']} article(s): {', '.join(a.id for a in articles)}")
    for side in SIDES:
        counts = s["entities"][side]
        print(
            f"  entities {side}: {sum(counts.values()):4d}   "
            + "  ".join(f"{label} {n}" for label, n in counts.items())
        )
    print(f"  counterparts: {s['counterparts']}")
    for side in SIDES:
        counts = s["attributions"][side]
        print(
            f"  attributions {side}: {sum(counts.values()):3d}   "
            + "  ".join(f"{family} {n}" for family, n in counts.items())
        )
    for a in articles:
        ents = "  ".join(f"{side} {len(a.entities_on(side))}" for side in SIDES)
        attrs = "  ".join(f"{side} {len(a.attributions_on(side))}" for side in SIDES)
        print(f"  {a.id}: entities {ents}; counterparts {len(a.counterparts)}; attributions {attrs}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Validate the gold sets and print their counts.")
    parser.add_argument("splits", nargs="*", metavar="SPLIT", help="dev and/or test (default: both)")
    parser.add_argument(
        "--reader-root",
        type=Path,
        help="a source tree whose `reader` package parses the articles (default: the installed one)",
    )
    args = parser.parse_args(argv)
    unknown = [s for s in args.splits if s not in SPLITS]
    if unknown:
        parser.error(f"unknown split(s) {', '.join(unknown)} (expected {', '.join(SPLITS)})")
    args.splits = args.splits or list(SPLITS)
    if args.reader_root:
        sys.path.insert(0, str(args.reader_root.resolve()))
    status = 0
    for split in args.splits:
        folder = GOLD_DIR / split
        if not folder.is_dir() or not any(folder.glob("*.json")):
            print(f"{split}: no gold yet ({_show(folder)}/*.json)")
            continue
        try:
            articles = load_gold(split)
        except GoldError as exc:
            print(f"{split}: INVALID\n{exc}", file=sys.stderr)
            status = 1
            continue
        _print_summary(split, articles)
    return status


if __name__ == "__main__":
    sys.exit(main())
