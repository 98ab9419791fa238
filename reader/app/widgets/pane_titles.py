"""The row over the panes: each pane's language, the active one marked, and where the view is in the article.

The screen hands it what the view shows (attributes down) whenever the cursor, the panes or the scroll position
changed; the row is one fixed line, drawn in place.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual.widgets import Static

from tandem.reader.app.labels import LANG_NAMES

PANE_GAP = 3
"""Cells between two panes (the view's separator)."""


class PaneTitles(Static):
    """`▶ 한국어` over the active pane, `English` over the other, and `Top`, `Bot`, `All` or a percentage."""

    def show(self, langs: Sequence[str], active: str, pane_width: int, narrow: bool, where: str, width: int) -> None:
        """Title the panes of `langs` (each `pane_width` cells wide) in a row `width` cells wide; `narrow` (one
        pane of two shown) adds how to see the other; `where` is the view's place, at the right end."""
        titles = Text()
        for n, lang in enumerate(langs):
            titles.pad_right(n * (pane_width + PANE_GAP) - titles.cell_len)
            shown = lang == active
            titles.append(("▶ " if shown else "  ") + LANG_NAMES[lang], style="bold reverse" if shown else "dim")
        if narrow:
            titles.append("   (tab: other language)", style="dim")
        titles.pad_right(width - titles.cell_len - len(where))
        titles.append(where, style="dim")
        self.update(titles, layout=False)  # one fixed row: no relayout
