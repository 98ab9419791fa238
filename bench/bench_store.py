"""Benchmark of the annotation store: save latency as the store grows, export and load of 1M annotations.

Run: `.venv/bin/python bench/bench_store.py [--out DIR]` (default bench/out/store, deleted and rebuilt).

The store is grown in bulk (Store.merge writes a whole snapshot per article) to 1,000 articles of 1,000 spans
(500 per side) = 1,000,000 annotations. At 0, 10k, 100k and 1M annotations, 200 single saves (add_span, each
fsynced before it returns) are timed on a 1,000-span article. Export and load run in child processes so their
peak RSS (ru_maxrss) is their own; export is timed at 100k and 1M to show memory stays flat.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import resource
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

from tandem.annotations.export import SourceDocument
from tandem.annotations.export import run_export as export
from tandem.annotations.load import load_jsonl
from tandem.annotations.model import DocumentText, Span, new_id, quote_context, utc_now
from tandem.annotations.store import Store

ARTICLES = 1000
SPANS_PER_ARTICLE = 1000
SAVES = 200
ANNOTATOR = "alice"
KO = "북한의 김정은 국무위원장이 블라디보스토크에서 푸틴 러시아 대통령과 만났다고 조선중앙통신이 밝혔다. "
EN = "North Korean leader Kim Jong Un met Russian President Vladimir Putin in Vladivostok, KCNA said. "


def document(i: int) -> DocumentText:
    """Article `i`: about 10k characters a side, different per article."""
    return DocumentText(f"{i:04d}_bench", {"title": {"en": f"Article {i}"}}, {"ko": f"{i} " + KO * 180, "en": EN * 105})


def documents(count: int) -> Iterator[DocumentText]:
    """The first `count` articles, generated one at a time so the caller's memory stays flat."""
    return (document(i) for i in range(count))


def bulk_spans(doc: DocumentText, count: int, rng: random.Random) -> list[list]:
    """`count` span records for `doc` as merge ops, half on each side."""
    now, ops = utc_now(), []
    for n in range(count):
        side = "ko" if n % 2 else "en"
        text = doc.sides[side]
        start = rng.randrange(len(text) - 12)
        quote, prefix, suffix = quote_context(text, start, start + rng.randint(2, 12))
        span = Span(
            id=new_id(), article_id=doc.id, side=side, start=start, end=start + len(quote), text=quote,
            prefix=prefix, suffix=suffix, layer="entity", label=rng.choice(["PERSON", "ORG", "GPE"]),
            annotator=ANNOTATOR, created=now, updated=now, attrs={}, note="",
        )  # fmt: skip
        ops.append(["span", span.id, span.to_dict()])
    return ops


def time_saves(store: Store, doc: DocumentText) -> tuple[float, float]:
    """Median and p99 in ms of SAVES single fsynced saves on `doc`."""
    session, times = store.session(doc, ANNOTATOR), []
    text = doc.sides["en"]
    for n in range(SAVES):
        start = (n * 37) % (len(text) - 10)
        t = time.perf_counter()
        session.add_span("en", start, start + 5, "entity", "PERSON")
        times.append((time.perf_counter() - t) * 1000)
    session.close()
    times.sort()
    return statistics.median(times), times[int(len(times) * 0.99) - 1]


def child(*args: str) -> dict:
    """Run this script's `_export`/`_load` mode in a fresh process and return its figures."""
    out = subprocess.run([sys.executable, __file__, *args], capture_output=True, text=True, check=True)
    return json.loads(out.stdout)


def peak_rss_mb() -> float:
    """This process's peak resident memory in MB (Linux reports kB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run_export(store_dir: str, out: str, count: str) -> None:
    """Child mode: export the first `count` articles and print time, size and peak RSS."""
    t = time.perf_counter()
    report = export("jsonl", (SourceDocument(d) for d in documents(int(count))), Store(Path(store_dir)), Path(out))
    figures = {"seconds": time.perf_counter() - t, "spans": report.spans, "rss_mb": peak_rss_mb()}
    with open(out, "rb") as f:
        figures["sha256"] = hashlib.file_digest(f, "sha256").hexdigest()
    print(json.dumps(figures | {"mb": Path(out).stat().st_size / 1e6}))


def run_load(jsonl: str, store_dir: str) -> None:
    """Child mode: load an export into an empty store and print time and peak RSS."""
    t = time.perf_counter()
    report = load_jsonl(Path(jsonl), Store(Path(store_dir)))
    figures = {"seconds": time.perf_counter() - t, "spans": report.spans, "skipped": len(report.skipped)}
    print(json.dumps(figures | {"rss_mb": peak_rss_mb()}))


def main() -> None:
    """Grow the store, timing saves at each size, then export and load 1M annotations."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path(__file__).parent / "out" / "store")
    root: Path = parser.parse_args().out
    shutil.rmtree(root, ignore_errors=True)
    store, rng = Store(root / "store"), random.Random(0)
    probe = document(0)
    print(f"store: {ARTICLES} articles x {SPANS_PER_ARTICLE} spans, saves timed on a 1,000-span article")
    print(f"{'annotations':>12} {'save median':>12} {'save p99':>9}   bulk build")
    built, build_seconds = 0, 0.0
    for target in (0, 10_000, 100_000, 1_000_000):
        t = time.perf_counter()
        while built < target:
            i = built // SPANS_PER_ARTICLE
            store.merge(ANNOTATOR, document(i).id, bulk_spans(document(i), SPANS_PER_ARTICLE, rng))
            built += SPANS_PER_ARTICLE
        build_seconds += time.perf_counter() - t
        median, p99 = time_saves(store, probe)
        print(f"{target:>12,} {median:>9.2f} ms {p99:>6.2f} ms   {build_seconds:.1f} s so far", flush=True)
        if target == 100_000:
            small = child("_export", str(store.root), str(root / "export_100k.jsonl"), str(target // 1000))
    total = built + 4 * SAVES
    big = child("_export", str(store.root), str(root / "export.jsonl"), str(ARTICLES))
    print(f"export 100k: {small['seconds']:.1f} s, peak RSS {small['rss_mb']:.0f} MB")
    print(
        f"export {big['spans']:,} annotations ({total:,} in store): {big['seconds']:.1f} s, "
        f"{big['mb']:.0f} MB, peak RSS {big['rss_mb']:.0f} MB"
    )
    loaded = child("_load", str(root / "export.jsonl"), str(root / "loaded"))
    print(
        f"load {loaded['spans']:,} annotations: {loaded['seconds']:.1f} s = "
        f"{loaded['spans'] / loaded['seconds']:,.0f} annotations/s, peak RSS {loaded['rss_mb']:.0f} MB, "
        f"{loaded['skipped']} skipped"
    )
    again = child("_export", str(root / "loaded"), str(root / "export_again.jsonl"), str(ARTICLES))
    print(f"export -> load -> export identical: {again['sha256'] == big['sha256']}")


if __name__ == "__main__":
    if sys.argv[1:2] == ["_export"]:
        run_export(*sys.argv[2:5])
    elif sys.argv[1:2] == ["_load"]:
        run_load(*sys.argv[2:4])
    else:
        main()
