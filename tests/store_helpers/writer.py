"""A writer process for the crash and concurrency tests: adds spans and prints each id once it is saved.

Run as a script: `python writer.py STORE ARTICLE ANNOTATOR COUNT [REOPEN_EVERY]`. A line on stdout is the
acknowledgement that the save returned, so a parent that kills this process knows which saves must survive.
Reopening the session every REOPEN_EVERY saves compacts the journal, so kills also land mid-compaction.
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

from tandem.annotations.model import DocumentText
from tandem.annotations.store import Store

TEXT = "북한의 김정은이 러시아를 방문했다고 밝혔다. " * 40 + "Kim Jong Un visited Russia, officials said. " * 40


def document(article_id: str) -> DocumentText:
    """The article every writer annotates (the parent uses the same one to check)."""
    return DocumentText(article_id, {}, {"ko": TEXT[: len(TEXT) // 2], "en": TEXT[len(TEXT) // 2 :]})


def main(store_dir: str, article_id: str, annotator: str, count: int, reopen_every: int = 0) -> None:
    store, doc, rng = Store(Path(store_dir)), document(article_id), random.Random()
    session = store.session(doc, annotator)
    for i in range(count):
        start = rng.randrange(0, len(doc.sides["ko"]) - 10)
        span = session.add_span("ko", start, start + rng.randint(1, 10), "entity", "PERSON")
        print(span.id, flush=True)
        if reopen_every and (i + 1) % reopen_every == 0:
            session.close()
            session = store.session(doc, annotator)
    session.close()


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), *(int(a) for a in sys.argv[5:6]))
