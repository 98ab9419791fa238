"""Suggestion quality on gold, per source and language: precision and recall of span suggestions (exact offsets)
and label accuracy; and the speed of each source.

    .venv/bin/python bench/suggest_eval.py [dev|test ...]

Splits: `dev` (the bundled samples, which the rules were tuned on) and `test` (held-out articles no one tuning
read). Model suggestions run cold (empty store). Propagation: for every gold name with more than one mention,
one mention is tagged and the others are to be proposed — by propagation alone (the base install), and as the
reader shows them with the `suggest` extra, beside the models' proposals (a propagated name inside a longer name
the models found then gives way to it). English is measured with spaCy and with the rules that
run without it. Attribution projection: the gold attributions of one side are accepted and the other side's
proposed attributions (projection with attribution) are right when the claim overlaps the gold counterpart's claim
by more than half, the source is exact and both counterpart links come with it (the gold counterpart: the other
side's gold attribution in the aligned sentences whose source holds a counterpart of an entity of the source, else
the one at its place). `--only attribution-projection` runs that figure alone.
"""

from __future__ import annotations

import itertools
import os
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import orjson
from gold import ARTICLE_DIRS, SPLITS, GoldArticle, load_gold

from tandem.annotations.model import DocumentText, Span
from tandem.annotations.suggest.context import ArticleContext, ModelCache, TeamNames, name_form
from tandem.annotations.suggest.names_en import english_names
from tandem.annotations.suggest.names_ko import korean_names
from tandem.annotations.suggest.proposal import ProposedSpan
from tandem.annotations.suggest.registry import SOURCES, suggestions
from tandem.annotations.suggest.sources import model
from tandem.reader.text.article import Article
from tandem.reader.text.library import load_article, source_for_file
from tandem.reader.workspace import document, findings_ahead, open_workspace, segments, suggest_articles
from tandem.reader.workspace import sentences as sentences_of


class Score:
    """Counts for precision, recall and label accuracy."""

    def __init__(self) -> None:
        self.proposed = self.gold = self.found = self.labelled = 0

    def add(self, proposed: dict[tuple[int, int], str], gold: dict[tuple[int, int], str]) -> None:
        self.proposed += len(proposed)
        self.gold += len(gold)
        hits = proposed.keys() & gold.keys()
        self.found += len(hits)
        self.labelled += sum(proposed[k] == gold[k] for k in hits)

    def line(self, name: str) -> str:
        p = self.found / self.proposed if self.proposed else float("nan")
        r = self.found / self.gold if self.gold else float("nan")
        acc = self.labelled / self.found if self.found else float("nan")
        return (f"  {name:34} P {p:.3f}  R {r:.3f}  label acc {acc:.3f}   "
                f"({self.found} of {self.gold} gold, {self.proposed} proposed)")  # fmt: skip


def _parsed(article: GoldArticle) -> Article:
    """The gold article as the reader parses it."""
    _, source = source_for_file(article.paths[0])
    return load_article(source)


def _sentence_pairs(parsed: Article) -> list[tuple[tuple[int, int] | None, tuple[int, int] | None]]:
    """Aligned sentences as (Korean range, English range), as the reader gives them to the sources."""
    return [(s.side("ko"), s.side("en")) for s in segments(parsed, "sentence")]


def _doc(article: GoldArticle) -> DocumentText:
    return document(_parsed(article))


def _span(side: str, start: int, end: int, text: str, label: str) -> Span:
    return Span(id=f"{side}{start}", article_id="a", side=side, start=start, end=end, text=text, prefix="",
                suffix="", layer="entity", label=label, attrs={}, note="", annotator="bench", created="", updated="")


def evaluate(split: str) -> None:
    articles = load_gold(split)
    print(f"\n== {split}: {len(articles)} articles, "
          f"{sum(len(a.entities) for a in articles)} gold entity mentions")  # fmt: skip
    scores: dict[str, Score] = defaultdict(Score)
    misses: Counter[str] = Counter()
    timings: dict[str, list[float]] = defaultdict(list)
    for article in articles:
        doc = _doc(article)
        gold = {side: {(e.start, e.end): e.label for e in article.entities if e.side == side} for side in doc.sides}
        for side in doc.sides:
            text = doc.sides[side]
            finders = {"model ko": korean_names} if side == "ko" else {
                "model en (spaCy)": english_names, "model en (rules, no spaCy)": lambda t: english_names(t, False)}
            for name, find in finders.items():
                t = time.perf_counter()
                found = {(m.start, m.end): m.label for m in find(text)}
                timings[name].append(time.perf_counter() - t)
                scores[name].add(found, gold[side])
                if "rules" not in name:
                    for (s, e), label in gold[side].items():
                        if (s, e) not in found:
                            misses[f"{name}: missed {text[s:e]} {label}"] += 1
        # the engine, cold, as the reader runs it (model source, empty store)
        pairs = _sentence_pairs(_parsed(article))
        ctx = ArticleContext(doc, "bench", cache=ModelCache(None), sentence_pairs=pairs)
        engine = suggestions(ctx, ["model"])  # timed as the command runs it: evaluate_command_speed
        for side in doc.sides:
            proposed = {(s.span.start, s.span.end): s.span.label for s in engine if s.span and s.span.side == side}
            scores[f"engine model {side}"].add(proposed, gold[side])
        # propagation: tag one mention of each repeated name, expect the others
        groups: dict[tuple[str, str, str], list[tuple[int, int]]] = defaultdict(list)
        for e in article.entities:
            groups[(e.side, name_form(e.side, e.text), e.label)].append((e.start, e.end))
        for (side, _name, label), places in groups.items():
            if len(places) < 2:
                continue
            first = min(places)
            tagged = _span(side, *first, doc.sides[side][first[0]:first[1]], label)
            ctx = ArticleContext(doc, "bench", spans=[tagged])
            t = time.perf_counter()
            proposed = {(s.span.start, s.span.end): s.span.label
                        for s in suggestions(ctx, ["propagation"]) if s.span}  # fmt: skip
            timings["propagation after a tag"].append(time.perf_counter() - t)
            others = {p: label for p in places if p != first}
            _score_propagation(scores[f"propagation {side}"], proposed, others, gold[side], doc.sides[side],
                               misses, f"propagation {side}")
            # as the reader shows it with the `suggest` extra: beside the models' proposals, which take a name
            # inside a longer one they found (메논 in 라지브 메논) out of the list
            ctx = ArticleContext(doc, "bench", spans=[tagged], cache=ModelCache(None), sentence_pairs=pairs)
            proposed = {(s.span.start, s.span.end): s.span.label for s in suggestions(ctx, ["propagation", "model"])
                        if s.span and "propagation" in (s.source, *s.evidence)}  # fmt: skip
            _score_propagation(scores[f"propagation {side} (with models)"], proposed, others, gold[side],
                               doc.sides[side], misses, f"propagation {side} (with models)")
    for name in sorted(scores):
        print(scores[name].line(name))
    print("  time per article (median):")
    for name, values in sorted(timings.items()):
        values.sort()
        print(f"    {name:34} {1000 * values[len(values) // 2]:.1f} ms")
    print("  most frequent failures:")
    for what, n in misses.most_common(int(os.environ.get("FAILURES", "25"))):
        print(f"    {n}× {what}")


def _score_propagation(score: Score, proposed: dict[tuple[int, int], str], others: dict[tuple[int, int], str],
                       all_gold: dict[tuple[int, int], str], text: str, misses: Counter[str], name: str) -> None:
    """Count the proposals after one tag: right when a gold mention of the tagged name, wrong when not a gold
    mention of any name (another gold name's mention of the same text counts as found, not as an error)."""
    score.proposed += len(proposed)
    score.gold += len(others)
    score.found += sum(1 for p in proposed if p in others)
    score.labelled += sum(1 for p, lab in proposed.items() if p in others and lab == others[p])
    for p in proposed:
        if p not in all_gold:
            misses[f"{name}: wrong {text[p[0]:p[1]]} at {p[0]}"] += 1
        elif p not in others:
            score.proposed -= 1  # a gold mention of another entry with the same text
    for p in others:
        if p not in proposed:
            misses[f"{name}: missed {text[p[0]:p[1]]}"] += 1


def _projection(articles: list[GoldArticle], direction: str, learn: bool) -> dict[str, Score]:
    """Tag one side from the gold, propose counterparts; right = the gold counterpart's exact span (and link).
    With `learn`, the links of every *other* gold article teach the lexicon (leave one article out)."""

    source_side = direction.split("->")[0]
    scores: dict[str, Score] = defaultdict(Score)
    for article in articles:
        parsed = _parsed(article)
        doc = document(parsed)
        if len(doc.sides) < 2:
            continue
        team = TeamNames()
        if learn:
            for other in articles:
                if other is article:
                    continue
                records = [{"id": e.id, "side": e.side, "text": e.text, "layer": "entity", "label": e.label}
                           for e in other.entities]  # fmt: skip
                links = [{"type": "counterpart", "head": k, "child": e} for e, k in other.counterparts]
                team.add(other.id, records, links)
        by_id = {e.id: e for e in article.entities}
        partner = {}
        for e, k in article.counterparts:
            partner[e], partner[k] = k, e
        tagged = [_span(e.side, e.start, e.end, e.text, e.label) for e in article.entities if e.side == source_side]
        ids = {(s.side, s.start): e.id for s, e in zip(tagged, [e for e in article.entities
                                                                 if e.side == source_side], strict=True)}  # fmt: skip
        pairs = _sentence_pairs(parsed)
        ctx = ArticleContext(doc, "bench", spans=tagged, sentences=sentences_of(parsed), sentence_pairs=pairs,
                             team=team)  # fmt: skip
        proposals = {}
        for s in suggestions(ctx, ["projection"]):
            rel = s.relation
            mine, theirs = (rel.head, rel.child) if source_side == "ko" else (rel.child, rel.head)
            source_span = next(t for t in tagged if t.id == mine)
            proposals[ids[(source_span.side, source_span.start)]] = theirs
        for e in article.entities:
            if e.side != source_side:
                continue
            gold = by_id.get(partner.get(e.id, ""))
            score = scores[e.label]
            score.gold += gold is not None
            got = proposals.get(e.id)
            if got is None:
                continue
            score.proposed += 1
            if gold is not None and (got.start, got.end) == (gold.start, gold.end):
                score.found += 1
                score.labelled += got.label == gold.label
    total = Score()
    for score in scores.values():
        for name in ("proposed", "gold", "found", "labelled"):
            setattr(total, name, getattr(total, name) + getattr(score, name))
    scores["all"] = total
    return scores


def evaluate_projection(split: str) -> None:
    articles = load_gold(split)
    print(f"\n== {split}: projection (tag one side from the gold, counterparts proposed)")
    for direction in ("en->ko", "ko->en"):
        for learn in (False, True):
            t = time.perf_counter()
            scores = _projection(articles, direction, learn)
            per = (time.perf_counter() - t) / len(articles)
            print(f"  {direction} {'lexicon learned from the other articles' if learn else 'no links beforehand'}"
                  f" ({1000 * per:.0f} ms per article)")
            for label in ["all", *sorted(k for k in scores if k != "all")]:
                print("  " + scores[label].line(label))


def _share(a: tuple[int, int], b: tuple[int, int]) -> float:
    """Overlap of two ranges as a share of their union."""
    inter = max(0, min(a[1], b[1]) - max(a[0], b[0]))
    return inter / (max(a[1], b[1]) - min(a[0], b[0]))


def evaluate_attribution(split: str) -> None:
    """Right: the claim overlaps a gold claim by more than half of their union and the source overlaps its source."""

    articles = load_gold(split)
    print(f"\n== {split}: attribution (cold, empty store)")
    found_by: dict[str, Counter[str]] = defaultdict(Counter)
    kinds: Counter[str] = Counter()
    timings = []
    for article in articles:
        parsed = _parsed(article)
        doc = document(parsed)
        ctx = ArticleContext(doc, "bench", sentences=sentences_of(parsed))
        t = time.perf_counter()
        proposed = [s for s in suggestions(ctx, ["attribution"]) if s.relation]
        timings.append(time.perf_counter() - t)
        for side in doc.sides:
            gold = [g for g in article.attributions if g.side == side]
            mine = [s.relation for s in proposed if s.relation.head.side == side]
            counts = found_by[side]
            counts["gold"] += len(gold)
            counts["proposed"] += len(mine)
            used: set[int] = set()
            for rel in mine:
                claim, source = (rel.head.start, rel.head.end), (rel.child.start, rel.child.end)
                match = next((i for i, g in enumerate(gold) if i not in used
                              and _share(claim, (g.claim.start, g.claim.end)) > 0.5
                              and _share(source, (g.source.start, g.source.end)) > 0), None)  # fmt: skip
                if match is None:
                    continue
                used.add(match)
                counts["right"] += 1
                counts[f"family {gold[match].family}"] += 1
                kinds["right"] += 1
                guessed = dict(rel.child.attrs).get("kind")
                kinds["kind right"] += guessed == gold[match].kind
                if guessed != gold[match].kind:
                    kinds[f"gold {gold[match].kind} -> {guessed}"] += 1
            for g in gold:
                counts[f"gold {g.family}"] += 1
    for side, c in sorted(found_by.items()):
        p = c["right"] / c["proposed"] if c["proposed"] else float("nan")
        r = c["right"] / c["gold"] if c["gold"] else float("nan")
        families = ", ".join(f"{f} {c['family ' + f]}/{c['gold ' + f]}" for f in
                             ("direct", "indirect", "according_to", "anonymous"))  # fmt: skip
        print(f"  attribution {side:22} P {p:.3f}  R {r:.3f}   ({c['right']} of {c['gold']} gold, "
              f"{c['proposed']} proposed; recall by family: {families})")
    if kinds["right"]:
        print(f"  source kind right on {kinds['kind right'] / kinds['right']:.3f} of the right ones")
        wrong = sorted(((n, k) for k, n in kinds.items() if "->" in k), reverse=True)
        print("  source kinds confused: " + ", ".join(f"{k} {n}×" for n, k in wrong))
    timings.sort()
    print(f"  time per article (median) {1000 * timings[len(timings) // 2]:.1f} ms")


def _gold_session(doc: DocumentText, article: GoldArticle, side: str) -> Any:
    """A store session holding the gold attributions of one side (claim, source with its kind, cue, relation)."""
    import tempfile

    from tandem.annotations.store import Store

    session = Store(Path(tempfile.mkdtemp(prefix="tandem-bench-"))).session(doc, "bench")
    for g in article.attributions:
        if g.side != side:
            continue
        claim = session.add_span(side, g.claim.start, g.claim.end, "claim", "CLAIM")
        source = session.add_span(side, g.source.start, g.source.end, "source", "SOURCE", {"kind": g.kind})
        cue = session.add_span(side, g.cue.start, g.cue.end, "source", "CUE") if g.cue else None
        session.link("attribution", claim.id, source.id, cue.id if cue else None)
    return session


def _gold_partner(article: GoldArticle, g: Any, there: tuple[int, int], used: set[str]) -> Any | None:
    """The other side's gold attribution that translates `g`: in the aligned sentences, its source holding the
    counterpart of an entity of g's source, else the one at g's place among the attributions there."""
    side = "en" if g.side == "ko" else "ko"
    here = [a for a in article.attributions if a.side == side and there[0] <= a.claim.start < there[1]
            and a.id not in used]  # fmt: skip
    if not here:
        return None
    partner = {}
    for e, k in article.counterparts:
        partner[e], partner[k] = k, e
    by_id = {e.id: e for e in article.entities}
    inside = [partner[e.id] for e in article.entities if e.side == g.side and e.id in partner
              and g.source.start <= e.start and e.end <= g.source.end]  # fmt: skip
    for a in here:
        if any(a.source.start <= by_id[i].start and by_id[i].end <= a.source.end for i in inside):
            return a
    mine = sorted((a for a in article.attributions if a.side == g.side), key=lambda a: a.claim.start)
    return here[0] if len(here) == 1 else here[min(len(here) - 1, [a.id for a in mine].index(g.id) % len(here))]


def evaluate_attribution_projection(split: str) -> None:
    """Accept the gold attributions of one side; the other side's proposed attribution (with its links) is right
    when its claim overlaps the gold counterpart's claim by more than half and its source is the gold source."""
    from tandem.annotations.suggest.counterpart_attribution import aligned

    articles = load_gold(split)
    print(f"\n== {split}: attribution projection (gold attributions of one side accepted)")
    for direction in ("en->ko", "ko->en"):
        side = direction.split("->")[0]
        c: Counter[str] = Counter()
        for article in articles:
            parsed = _parsed(article)
            doc = document(parsed)
            if len(doc.sides) < 2:
                continue
            session = _gold_session(doc, article, side)
            pairs = _sentence_pairs(parsed)
            ctx = ArticleContext.of_state(doc, "bench", session.spans(), session.relations(), session.state(),
                                          sentences=sentences_of(parsed), sentence_pairs=pairs)  # fmt: skip
            claims = {s.id: s for s in session.spans() if s.layer == "claim"}
            gold_of = {}
            for claim_id, claim in claims.items():
                g = next(a for a in article.attributions if a.side == side and
                         (a.claim.start, a.claim.end) == (claim.start, claim.end))  # fmt: skip
                ranges = aligned(pairs, side, (claim.start, claim.end))
                gold_of[claim_id] = _gold_partner(article, g, ranges[1], set()) if ranges else None
            c["gold"] += sum(g is not None for g in gold_of.values())
            c["accepted"] += len(claims)
            for s in suggestions(ctx, ["projection", "attribution"]):
                if not s.links or s.relation is None:
                    continue
                c["proposed"] += 1
                c["merged"] += "attribution" in s.evidence
                claim_id = next((e for link in s.links for e in (link.head, link.child) if e in claims), None)
                gold = gold_of.get(claim_id or "")
                rel = s.relation
                if gold is None or isinstance(rel.head, str) or isinstance(rel.child, str):
                    continue
                claim, source = (rel.head.start, rel.head.end), (rel.child.start, rel.child.end)
                overlap = _share(claim, (gold.claim.start, gold.claim.end)) > 0.5
                exact_source = source == (gold.source.start, gold.source.end)
                c["claim exact"] += claim == (gold.claim.start, gold.claim.end)
                c["claim overlap"] += overlap
                c["source exact"] += exact_source
                c["source overlap"] += _share(source, (gold.source.start, gold.source.end)) > 0
                cue = rel.cue
                c["cue exact"] += bool(gold.cue and isinstance(cue, ProposedSpan)
                                       and (cue.start, cue.end) == (gold.cue.start, gold.cue.end))  # fmt: skip
                c["links"] += len(s.links) == 2
                c["right"] += overlap and exact_source and len(s.links) == 2
        p = c["right"] / c["proposed"] if c["proposed"] else float("nan")
        r = c["right"] / c["gold"] if c["gold"] else float("nan")
        parts = ", ".join(f"{k} {c[k]}" for k in ("claim exact", "claim overlap", "source exact", "source overlap",
                                                   "cue exact", "links", "merged"))  # fmt: skip
        print(f"  {direction}  P {p:.3f}  R {r:.3f}   ({c['right']} right of {c['gold']} gold pairs, {c['proposed']}"
              f" proposed, {c['accepted']} accepted; {parts})")


def evaluate_command_speed(split: str, folder: Path | None = None) -> None:
    """What `tandem suggest` spends per article once the models are loaded, run as the command runs it
    (`suggest_articles`, the models' processes one article ahead, a fresh store so nothing comes from the models'
    cache): the time between one article's suggestions and the next's, for issue 15's sources (propagation and
    the models' names), then for every source."""
    for sources, what in ((["propagation", "model"], "propagation and model"), (list(SOURCES), "every source")):
        with tempfile.TemporaryDirectory() as store_dir:
            ws = open_workspace(folder or ARTICLE_DIRS[split], Path(store_dir), "bench")
            ahead = findings_ahead(ws, sources)
            done = [time.perf_counter() for _ in suggest_articles(ws, ws.library.sources, sources,
                                                                  TeamNames.of_store(ws.store), print, ahead)]
            if ahead is not None:
                ahead.stop()
        gaps = sorted(b - a for a, b in itertools.pairwise(done))  # the first waits for the models to load
        print(f"\n== {split}: tandem suggest, {what}, models loaded, cold cache: "
              f"{1000 * (done[-1] - done[0]) / len(gaps):.0f} ms per article ({len(gaps)} after the first; "
              f"{1000 * gaps[len(gaps) // 2]:.0f} median, {1000 * gaps[-1]:.0f} at most)")


def evaluate_held_out_speed() -> None:
    """`evaluate_command_speed` over every held-out article in one workspace: a split has too few articles for a
    steady figure."""
    with tempfile.TemporaryDirectory() as folder:
        for split in SPLITS:
            if split != "dev":
                for path in ARTICLE_DIRS[split].iterdir():
                    (Path(folder) / path.name).symlink_to(path)
        evaluate_command_speed(f"every held-out article ({len(list(Path(folder).iterdir()))} files)", Path(folder))


def evaluate_model_processes() -> None:
    """Each language's models' process as the reader and `tandem suggest` start it: the seconds from starting
    it to its first answer (loading, then one short text), and its resident memory then."""
    texts = {"ko": "푸틴 대통령은 14일 서울에서 기자들에게 말했다.", "en": "President Putin spoke in Seoul on Monday."}
    print("\nmodels' processes (one per language; started, loaded, one short text answered):")
    for side, text in texts.items():
        started = time.perf_counter()
        child = subprocess.Popen([sys.executable, "-m", "tandem.annotations.suggest.background"],
                                 stdin=subprocess.PIPE, stdout=subprocess.PIPE)  # fmt: skip
        assert child.stdin is not None and child.stdout is not None
        request = {"texts": {side: text}, "sentences": {side: [[0, len(text)]]}, "wanted": ["names", "attribution"]}
        child.stdin.write(orjson.dumps(request) + b"\n")
        child.stdin.flush()
        child.stdout.readline()
        seconds = time.perf_counter() - started
        status = Path(f"/proc/{child.pid}/status").read_text()
        rss = next(int(line.split()[1]) for line in status.splitlines() if line.startswith("VmRSS:")) / 1024
        child.kill()
        child.wait()
        print(f"  {side}: {seconds:.1f} s to the first answer, {rss:.0f} MiB resident")


def main() -> None:
    args = sys.argv[1:]
    only = args[args.index("--only") + 1] if "--only" in args else None
    splits = [a for i, a in enumerate(args) if a != "--only" and (i == 0 or args[i - 1] != "--only")] or [
        "dev", "test", "test2"]
    evaluate_model_processes()
    t = time.perf_counter()
    model.warm()
    print(f"models loaded here in {time.perf_counter() - t:.1f} s (English pipeline: {model.english_pipeline_name()})")
    for split in splits:
        if only == "attribution-projection":
            evaluate_attribution_projection(split)
            continue
        evaluate(split)
        evaluate_command_speed(split)
        evaluate_projection(split)
        evaluate_attribution(split)
        evaluate_attribution_projection(split)
    if only is None:
        evaluate_held_out_speed()


if __name__ == "__main__":
    main()
