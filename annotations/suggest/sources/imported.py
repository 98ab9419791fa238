"""`import`: suggestions loaded from another tool's pre-annotations (`tandem load --as-suggestions`).

They are stored in the annotator's own file, pending until accepted or rejected, so they travel with the team's
store like every decision.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from pathlib import Path

from tandem.annotations.load import lines
from tandem.annotations.model import DocumentText
from tandem.annotations.suggest.context import ArticleContext
from tandem.annotations.suggest.proposal import ProposedRelation, ProposedSpan, Suggestion

NAME = "import"
DESCRIPTION = "pre-annotations loaded from a file as suggestions"
NEEDS_MODELS = False
IMPORTED_SCORE = 0.9  # another tool's word: trusted, but a person decides


def suggest(ctx: ArticleContext) -> Iterator[Suggestion]:
    """The pending imported suggestions of this annotator on this article."""
    yield from ctx.pending


def from_file(path: Path, documents: Mapping[str, DocumentText]) -> tuple[dict[str, list[Suggestion]], list[str]]:
    """The spans and relations of a native JSON Lines file as suggestions per article id, and what was skipped
    (articles not in the workspace, spans whose text is not in the article there)."""
    found: dict[str, list[Suggestion]] = {}
    skipped: list[str] = []
    reason = f"imported from {path.name}"
    for number, record in lines(path):
        article_id = str(record["article"].get("id", ""))
        doc = documents.get(article_id)
        if doc is None:
            skipped.append(f"{path.name}:{number}: article {article_id} is not in the workspace")
            continue
        proposed: dict[str, ProposedSpan] = {}
        for side, content in (record.get("sides") or {}).items():
            text = doc.sides.get(side, "")
            for s in content.get("spans", []):
                try:
                    span = ProposedSpan.from_json(dict(s, side=side))
                except (KeyError, TypeError, ValueError) as e:
                    skipped.append(f"{path.name}:{number}: malformed span ({e!r})")
                    continue
                if text[span.start : span.end] != span.text:
                    skipped.append(f"{path.name}:{number}: span {span.text!r} is not in the article there")
                    continue
                proposed[str(s.get("id", span.key))] = span
        article = found.setdefault(article_id, [])
        article += [Suggestion(NAME, IMPORTED_SCORE, reason, span=span) for span in proposed.values()]
        for r in record.get("relations") or []:
            ends = [proposed.get(str(r.get(k))) for k in ("head", "child")]
            if None in ends or (r.get("cue") and str(r["cue"]) not in proposed):
                skipped.append(f"{path.name}:{number}: relation {r.get('id')} lost an end")
                continue
            cue = proposed.get(str(r["cue"])) if r.get("cue") else None
            relation = ProposedRelation(str(r.get("type")), ends[0], ends[1], cue)  # type: ignore[arg-type]
            article.append(Suggestion(NAME, IMPORTED_SCORE, reason, relation=relation))
    return found, skipped
