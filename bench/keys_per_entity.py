"""Keys per gold entity: annotating the held-out gold through the app (Textual Pilot), with and without suggestions.

    .venv/bin/python bench/keys_per_entity.py [SPLIT] [--suggestions-only]

The simulated annotator knows the gold. With suggestions, it walks the pending ones in reading order (`.` once,
then one key per decision: `*` accepts every pending mention of a name at once when all of them are gold, `A`
accepts a suggestion that is a gold entity with its gold label — a span, or a projected counterpart — and `X`
rejects anything else, each moving on to the next; `T` first keeps attributions out of this pass over the
names). A span suggestion that is a gold entity with another label is taken with `e` and the gold label's key; one
whose end is off by a word or a few characters (a Korean particle kept) is taken that way too, then its end is moved
with the edge keys (`ctrl+left`/`ctrl+right` by word, `-`/`+` by character), at most EDGE_KEYS of them, fewest
first; then `.` goes on. Whatever gold is left it tags
by hand, which proposes its other mentions, and it walks again. By hand, each entity costs a search for its text
(`/`, the characters, Enter, `n` to the right occurrence), then `e` and the label's key. Searches are counted, not
typed (Pilot cannot type Hangul through an input method); every other key is pressed for real. Entities only.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import shutil
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from gold import ARTICLE_DIRS, GoldArticle, load_gold

from tandem.reader.app.app import TandemApp
from tandem.reader.app.span_edges import moved_edge
from tandem.reader.app.widgets.article_view import ArticleView
from tandem.reader.workspace import open_workspace

EDGE_KEYS = 3  # more edge keys than this to fix a suggestion's end, and the annotator rejects it instead
LABEL_KEYS = {"PERSON": "p", "ORG": "o", "GPE": "g", "LOC": "l", "DATE": "d", "EVENT": "e", "MILITARY": "m"}
SOURCES_WAIT = 60.0  # seconds for the models to warm before the walk starts


def _end_keys(text: str, start: int, end: int, goal: int) -> list[str] | None:
    """The fewest edge keys (at most EDGE_KEYS) that move the end of [start, end) to `goal`, or None."""
    steps = {"ctrl+right": ("word", 1), "ctrl+left": ("word", -1), "plus": ("char", 1), "minus": ("char", -1)}
    paths: dict[int, list[str]] = {end: []}
    frontier = [end]
    for _ in range(EDGE_KEYS):
        reached = []
        for here in frontier:
            for key, (unit, direction) in steps.items():
                moved = moved_edge(text, start, here, "end", unit, direction)
                if moved is not None and moved[1] not in paths:
                    paths[moved[1]] = [*paths[here], key]
                    reached.append(moved[1])
        frontier = reached
    return paths.get(goal)


def _stored(workspace, article_id: str) -> set[tuple[str, int, int, str]]:
    state = workspace.store.read("bench", article_id)
    return {(s["side"], s["start"], s["end"], s["label"]) for s in state.spans.values() if s["layer"] == "entity"}


async def _annotate(
    root: Path, article: GoldArticle, suggestions: bool
) -> tuple[int, int, int, Counter[str], int, Counter[str]]:
    """(keys, gold entities, gold entities stored at the end, entities tagged by hand by label, keys spent tagging
    by hand, keys spent on suggestions by what they did) for one article."""
    workspace = open_workspace(root, annotator="bench")
    gold = {(e.side, e.start, e.end, e.label) for e in article.entities}
    keys = hand_keys = 0
    by_hand: Counter[str] = Counter()  # gold entities no suggestion brought, by label
    deciding: Counter[str] = Counter()  # keys spent on suggestions, by what they did
    app = TandemApp(workspace, article.id)
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.pause()
        screen = app.screen
        view = screen.query_one(ArticleView)
        if suggestions:
            deadline = time.monotonic() + SOURCES_WAIT
            while not screen.pending.models_ready and time.monotonic() < deadline:
                await pilot.pause(0.1)
            await pilot.press("T")  # a pass over the names: attributions stay out of the walk
            keys += 1
        else:
            await pilot.press("t")  # hide suggestions
            keys += 1

        async def walk() -> None:
            nonlocal keys
            if not screen.pending.items:
                return
            await pilot.press("full_stop")
            keys += 1
            deciding["."] += 1
            seen = 0
            while screen.pending.items and seen < 2000:
                seen += 1
                here = screen._suggestion_here()
                if here is None:
                    await pilot.press("full_stop")
                    keys += 1
                    deciding["."] += 1
                    here = screen._suggestion_here()
                    if here is None:
                        return
                right = [p for p in here.proposed_spans() if (p.side, p.start, p.end, p.label) in gold]
                wanted = here.relation is None or here.relation.type == "counterpart"
                same = screen.pending.same_as(here)
                fix = _fix(here.span, gold) if here.relation is None and not right else None
                if here.relation is None and len(same) > 1 and all(
                        (s.span.side, s.span.start, s.span.end, s.span.label) in gold for s in same):  # fmt: skip
                    await pilot.press("asterisk")  # every pending mention of this name is right: one key for all
                    keys += 1
                    deciding["*"] += 1
                elif fix is not None:  # take it with the gold label, then move its end
                    await pilot.press("e", LABEL_KEYS[fix[0]], *fix[1])
                    keys += 2 + len(fix[1])  # the cursor stays: the next turn goes on with `.`
                    deciding["fix"] += 2 + len(fix[1])
                else:
                    key = "A" if right and wanted and len(right) == len(here.proposed_spans()) else "X"
                    await pilot.press(key)
                    keys += 1
                    deciding[key + (" relation" if here.relation is not None else "")] += 1
                await pilot.pause()

        def _fix(span, gold) -> tuple[str, list[str]] | None:
            """(gold label, edge keys) when the span suggestion is a gold entity but for its label or its end."""
            for g_side, g_start, g_end, g_label in gold:
                if g_side == span.side and g_start == span.start and (g_end, g_label) != (span.end, span.label):
                    if (g_side, g_start, g_end, g_label) in _stored(workspace, article.id):
                        continue
                    moves = [] if g_end == span.end else _end_keys(view.texts[g_side], g_start, span.end, g_end)
                    if moves is not None:
                        return g_label, moves
            return None

        if suggestions:
            await walk()
        for side, start, end, label in sorted(gold):
            if (side, start, end, label) in _stored(workspace, article.id):
                continue
            text = view.texts[side]
            occurrence = text.count(text[start:end], 0, start)
            cost = 1 + (end - start) + 1 + occurrence + 2  # / query Enter, n to the right occurrence, e and the label
            view.move_to(side, start, select_to=end)
            await pilot.press("e", LABEL_KEYS[label])
            keys += cost
            by_hand[label] += 1
            hand_keys += cost
            await pilot.pause()
            if suggestions:
                await walk()
        stored = _stored(workspace, article.id)
        await pilot.press("q")
    return keys, len(gold), len(gold & stored), by_hand, hand_keys, deciding


async def _run(split: str, suggestions: bool) -> None:
    articles = load_gold(split)
    total_keys = total_gold = total_made = total_hand_keys = 0
    total_by_hand: Counter[str] = Counter()
    total_deciding: Counter[str] = Counter()
    started = time.perf_counter()
    for article in articles:
        with tempfile.TemporaryDirectory() as tmp:
            root = Path(tmp) / "articles"
            root.mkdir()
            for path in article.paths:
                shutil.copy(ARTICLE_DIRS[split] / path.name, root / path.name)
            keys, gold, made, by_hand, hand_keys, deciding = await _annotate(root, article, suggestions)
        total_keys += keys
        total_deciding += deciding
        total_by_hand += by_hand
        total_hand_keys += hand_keys
        total_gold += gold
        total_made += made
        print(f"  {article.id:28} {keys / gold:5.2f} keys per entity ({keys} keys, {made}/{gold} entities stored)")
    print(f"{'with' if suggestions else 'without'} suggestions: {total_keys / total_gold:.2f} keys per gold entity "
          f"({total_keys} keys, {total_made}/{total_gold} stored, {time.perf_counter() - started:.0f} s)")
    if suggestions:
        hand = sum(total_by_hand.values())
        print(f"  tagged by hand: {hand} entities, {total_hand_keys} keys ({total_hand_keys / total_gold:.2f} per gold "
              f"entity; {', '.join(f'{label} {n}' for label, n in total_by_hand.most_common())}); deciding on "
              f"suggestions: {total_keys - total_hand_keys} keys ({(total_keys - total_hand_keys) / total_gold:.2f}: "
              f"{', '.join(f'{what} {n}' for what, n in total_deciding.most_common())})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("split", nargs="?", default="test", choices=sorted(ARTICLE_DIRS))
    parser.add_argument("--suggestions-only", action="store_true", help="skip the run without suggestions")
    args = parser.parse_args()
    os.environ["TANDEM_MODELS"] = "on"
    os.environ.setdefault("TANDEM_CACHE_DIR", tempfile.mkdtemp())
    for suggestions in ((True,) if args.suggestions_only else (False, True)):
        asyncio.run(_run(args.split, suggestions))


if __name__ == "__main__":
    main()
