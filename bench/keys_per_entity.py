"""Keys per gold entity: annotating the held-out gold through the app (Textual Pilot), with and without suggestions.

    .venv/bin/python bench/keys_per_entity.py [test3|test2|test|dev]

The simulated annotator knows the gold. With suggestions, it walks the pending ones in reading order (`.` once,
then one key per decision: `*` accepts every pending mention of a name at once when all of them are gold, `A`
accepts a suggestion that is a gold entity with its gold label — a span, or a projected counterpart — and `X`
rejects anything else, each moving on to the next; `T` first keeps attributions out of this pass over the
names); whatever gold is left it tags
by hand, which proposes its other mentions, and it walks again. By hand, each entity costs a search for its text
(`/`, the characters, Enter, `n` to the right occurrence), then `e` and the label's key. Searches are counted, not
typed (Pilot cannot type Hangul through an input method); every other key is pressed for real. Entities only.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from gold import ARTICLE_DIRS, GoldArticle, load_gold

from tandem.reader.app.app import TandemApp
from tandem.reader.app.widgets.article_view import ArticleView
from tandem.reader.workspace import open_workspace

LABEL_KEYS = {"PERSON": "p", "ORG": "o", "GPE": "g", "LOC": "l", "DATE": "d", "EVENT": "e", "MILITARY": "m"}
SOURCES_WAIT = 60.0  # seconds for the models to warm before the walk starts


def _stored(workspace, article_id: str) -> set[tuple[str, int, int, str]]:
    state = workspace.store.read("bench", article_id)
    return {(s["side"], s["start"], s["end"], s["label"]) for s in state.spans.values() if s["layer"] == "entity"}


async def _annotate(root: Path, article: GoldArticle, suggestions: bool) -> tuple[int, int, int]:
    """(keys, gold entities, gold entities stored at the end) for one article."""
    workspace = open_workspace(root, annotator="bench")
    gold = {(e.side, e.start, e.end, e.label) for e in article.entities}
    keys = 0
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
            seen = 0
            while screen.pending.items and seen < 2000:
                seen += 1
                here = screen._suggestion_here()
                if here is None:
                    await pilot.press("full_stop")
                    keys += 1
                    here = screen._suggestion_here()
                    if here is None:
                        return
                right = [p for p in here.proposed_spans() if (p.side, p.start, p.end, p.label) in gold]
                wanted = here.relation is None or here.relation.type == "counterpart"
                same = screen.pending.same_as(here)
                if here.relation is None and len(same) > 1 and all(
                        (s.span.side, s.span.start, s.span.end, s.span.label) in gold for s in same):  # fmt: skip
                    await pilot.press("asterisk")  # every pending mention of this name is right: one key for all
                else:
                    await pilot.press("A" if right and wanted and len(right) == len(here.proposed_spans()) else "X")
                keys += 1
                await pilot.pause()

        if suggestions:
            await walk()
        for side, start, end, label in sorted(gold):
            if (side, start, end, label) in _stored(workspace, article.id):
                continue
            text = view.texts[side]
            occurrence = text.count(text[start:end], 0, start)
            keys += 1 + (end - start) + 1 + occurrence  # / query Enter, then n to the right occurrence
            view.move_to(side, start, select_to=end)
            await pilot.press("e", LABEL_KEYS[label])
            keys += 2
            await pilot.pause()
            if suggestions:
                await walk()
        stored = _stored(workspace, article.id)
        await pilot.press("q")
    return keys, len(gold), len(gold & stored)


async def _run(split: str, suggestions: bool) -> None:
    articles = load_gold(split)
    total_keys = total_gold = total_made = 0
    started = time.perf_counter()
    for article in articles:
        with tempfile.TemporaryDirectory() as tmp:
            root = Path(tmp) / "articles"
            root.mkdir()
            for path in article.paths:
                shutil.copy(ARTICLE_DIRS[split] / path.name, root / path.name)
            keys, gold, made = await _annotate(root, article, suggestions)
        total_keys += keys
        total_gold += gold
        total_made += made
        print(f"  {article.id:28} {keys / gold:5.2f} keys per entity ({keys} keys, {made}/{gold} entities stored)")
    print(f"{'with' if suggestions else 'without'} suggestions: {total_keys / total_gold:.2f} keys per gold entity "
          f"({total_keys} keys, {total_made}/{total_gold} stored, {time.perf_counter() - started:.0f} s)")


def main() -> None:
    split = sys.argv[1] if len(sys.argv) > 1 else "test"
    os.environ["TANDEM_MODELS"] = "on"
    os.environ.setdefault("TANDEM_CACHE_DIR", tempfile.mkdtemp())
    for suggestions in (False, True):
        asyncio.run(_run(split, suggestions))


if __name__ == "__main__":
    main()
