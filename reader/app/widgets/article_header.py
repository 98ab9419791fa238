"""The two rows over the reading view: the article's titles, then its status, facts and annotator.

The screen hands it the annotator's status after every change (attributes down); only a changed status redraws
it, since the rest of the header never changes while the article is open.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual.widgets import Static

if TYPE_CHECKING:
    from tandem.reader.text.article import Article


class ArticleHeader(Static):
    """Titles (both languages, else the id), then `[status]`, byline, date, publisher and the annotator."""

    def __init__(self, article: Article, annotator: str, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.article = article
        self.annotator = annotator
        self._status: str | None = None

    def show_status(self, status: str) -> None:
        """Show the annotator's status of the article (`in progress`), if it changed."""
        if status == self._status:
            return
        self._status = status
        a = self.article
        title = Text(" / ").join(Text(t, style="bold") for t in (a.title["ko"], a.title["en"]) if t) or Text(a.id)
        facts = " · ".join(x for x in (a.byline, (a.published or "").replace("T", " "), a.publisher) if x)
        line = Text.assemble((f"[{status}]", "bold"), (f"  {facts}" if facts else "", "dim"),
                             (f"  annotator: {self.annotator}", "dim"))
        self.update(Text("\n").join([title, line]), layout=False)  # always two rows: no relayout
