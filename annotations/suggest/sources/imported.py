"""`import`: suggestions loaded from another tool's pre-annotations (`tandem load --as-suggestions`).

They are stored in the annotator's own file, pending until accepted or rejected, so they travel with the team's
store like every decision.
"""

from __future__ import annotations

from collections.abc import Iterator

from annotations.suggest.context import ArticleContext
from annotations.suggest.proposal import Suggestion

NAME = "import"
DESCRIPTION = "pre-annotations loaded from a file as suggestions"
NEEDS_MODELS = False


def suggest(ctx: ArticleContext) -> Iterator[Suggestion]:
    """The pending imported suggestions of this annotator on this article."""
    yield from ctx.pending
