"""Benchmark of `tandem export`: every format over a store of 1,000,000 annotations.

Run: `.venv/bin/python bench/bench_export.py [--out DIR] [--articles N] [--formats spacy,conll] [--reuse-store]`
(default bench/out/export, rebuilt; `--reuse-store` keeps a store built there before with the same `--articles`).

The store is built in bulk (Store.merge writes each article's snapshot in one go, as bench_store.py does): 1,000
synthetic bilingual articles of 20 paragraphs a side (~10k characters each), 1,000 spans each (500 a side, on
word boundaries, some Korean ones without their particle so tokens must split), plus 50 counterpart links and a
`done` status per article, all by one annotator. Each format then runs in its own child process so its time and
peak RSS (ru_maxrss) are its own. Targets: jsonl ≤ 10 s, every other format ≤ 30 s.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import resource
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

from tandem.annotations.export import FORMATS, Segment, SourceDocument, run_export
from tandem.annotations.model import DocumentText, Relation, Span, new_id, quote_context, utc_now
from tandem.annotations.schema import load_schema
from tandem.annotations.state import STATUS_KEY
from tandem.annotations.store import Store

ARTICLES = 1000
SPANS_PER_ARTICLE = 1000
LINKS_PER_ARTICLE = 50
PARAGRAPHS = 20
ANNOTATOR = "alice"
KO = "북한의 김정은 국무위원장이 블라디보스토크에서 푸틴 러시아 대통령과 만났다고 조선중앙통신이 밝혔다. "
EN = "North Korean leader Kim Jong Un met Russian President Vladimir Putin in Vladivostok, KCNA said. "
LABELS = ("PERSON", "ORG", "GPE")


def document(i: int) -> DocumentText:
    """Article `i`: 20 paragraphs a side, about 10k characters a side, different per article."""
    ko = "\n\n".join(f"{i}-{p} " + KO * 9 for p in range(PARAGRAPHS))
    en = "\n\n".join(f"{i}-{p} " + EN * 5 for p in range(PARAGRAPHS))
    return DocumentText(f"{i:04d}_bench", {"title": {"en": f"Article {i}"}}, {"ko": ko, "en": en})


def segmenter(doc: DocumentText):
    """Paragraph i of one side with paragraph i of the other (what the reader's aligner finds for these texts)."""

    def segments(granularity: str) -> list[Segment]:
        ranges = {side: [m.span() for m in re.finditer(r"[^\n]+", text)] for side, text in doc.sides.items()}
        return [Segment(ko, en) for ko, en in zip(ranges["ko"], ranges["en"], strict=True)]

    return segments


def sources(count: int) -> Iterator[SourceDocument]:
    """The first `count` articles, generated one at a time so memory stays flat."""
    for i in range(count):
        doc = document(i)
        yield SourceDocument(doc, segmenter(doc))


def bulk_ops(doc: DocumentText, rng: random.Random) -> list[list]:
    """Merge ops for one article: spans on word boundaries, counterpart links, a done status."""
    now, ops, by_side = utc_now(), [], {"ko": [], "en": []}
    words = {side: [m.span() for m in re.finditer(r"\S+", text)] for side, text in doc.sides.items()}
    for n in range(SPANS_PER_ARTICLE):
        side = "ko" if n % 2 else "en"
        text, spans = doc.sides[side], words[side]
        k = rng.randrange(len(spans) - 3)
        start, end = spans[k][0], spans[k + rng.randint(0, 2)][1]
        if side == "ko" and rng.random() < 0.3 and end - start > 2:
            end -= 1  # 푸틴은 → 푸틴: the token must split
        quote, prefix, suffix = quote_context(text, start, end)
        span = Span(
            id=new_id(), article_id=doc.id, side=side, start=start, end=end, text=quote, prefix=prefix,
            suffix=suffix, layer="entity", label=rng.choice(LABELS), annotator=ANNOTATOR, created=now,
            updated=now, attrs={}, note="",
        )  # fmt: skip
        ops.append(["span", span.id, span.to_dict()])
        by_side[side].append(span.id)
    for _ in range(LINKS_PER_ARTICLE):
        rel = Relation(new_id(), doc.id, "counterpart", rng.choice(by_side["en"]), rng.choice(by_side["ko"]),
                       ANNOTATOR, now)  # fmt: skip
        ops.append(["relation", rel.id, rel.to_dict()])
    ops.append(["status", STATUS_KEY, {"status": "done", "updated": now}])
    return ops


def peak_rss_mb() -> float:
    """This process's peak resident memory in MB (Linux reports kB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run_one(fmt: str, store_dir: str, out: str, count: str) -> None:
    """Child mode: export `count` articles in `fmt` and print time, size, problems and peak RSS as JSON."""
    t = time.perf_counter()
    report = run_export(fmt, sources(int(count)), Store(Path(store_dir), load_schema()), Path(out))
    seconds = time.perf_counter() - t
    path = Path(out)
    size = sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) if path.is_dir() else path.stat().st_size
    figures = {"seconds": seconds, "spans": report.spans, "documents": report.documents,
               "problems": sum(report.problems.values()), "mb": size / 1e6, "rss_mb": peak_rss_mb()}  # fmt: skip
    print(json.dumps(figures))


def build_store(root: Path, articles: int, reuse: bool) -> Store:
    """The bench store under `root`: rebuilt, unless `reuse` and one of `articles` articles is already there."""
    marker = root / "store.articles"
    if reuse and marker.exists() and marker.read_text() == str(articles):
        print(f"store: reusing {articles} articles in {root / 'store'}")
        return Store(root / "store")
    shutil.rmtree(root, ignore_errors=True)
    root.mkdir(parents=True)
    store, rng = Store(root / "store"), random.Random(0)
    t = time.perf_counter()
    for i in range(articles):
        doc = document(i)
        store.merge(ANNOTATOR, doc.id, bulk_ops(doc, rng))
    marker.write_text(str(articles))
    print(f"store: {articles} articles, {articles * SPANS_PER_ARTICLE:,} spans + {articles * LINKS_PER_ARTICLE:,} "
          f"links, built in {time.perf_counter() - t:.1f} s")  # fmt: skip
    return store


def main() -> None:
    """Build the store, then time every format in a child process and print a table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path(__file__).parent / "out" / "export")
    parser.add_argument("--articles", type=int, default=ARTICLES)
    parser.add_argument("--formats", default=",".join(FORMATS), help="comma-separated; empty: only build the store")
    parser.add_argument("--reuse-store", action="store_true", help="keep the store a previous run built in --out")
    args = parser.parse_args()
    root: Path = args.out
    store = build_store(root, args.articles, args.reuse_store)
    print(
        f"{'format':<12} {'seconds':>8} {'spans/s':>10} {'MB out':>8} {'peak RSS':>9} {'documents':>10} {'problems':>9}"
    )
    for fmt in filter(None, args.formats.split(",")):
        out = root / f"export.{fmt}"
        done = subprocess.run([sys.executable, __file__, "_one", fmt, str(store.root), str(out), str(args.articles)],
                              capture_output=True, text=True, check=True)  # fmt: skip
        f = json.loads(done.stdout)
        print(f"{fmt:<12} {f['seconds']:>8.1f} {f['spans'] / f['seconds']:>10,.0f} {f['mb']:>8.0f} "
              f"{f['rss_mb']:>6.0f} MB {f['documents']:>10,} {f['problems']:>9,}", flush=True)  # fmt: skip
        shutil.rmtree(out, ignore_errors=True) if out.is_dir() else out.unlink()


if __name__ == "__main__":
    if sys.argv[1:2] == ["_one"]:
        run_one(*sys.argv[2:6])
    else:
        main()
