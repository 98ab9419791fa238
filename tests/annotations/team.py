"""A team's work on one Korean–English article, written into a real store: spans with attributes, attributions
with cues and counterpart links. Shared by the adjudication, review, `adjudicate` and `agree` tests.

kim and lee tag the same eight spans and agree on everything but two things: lee's Korean attribution has no
cue, and lee thinks the English claim unimportant (UFS where kim says CFS).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from tandem.reader.workspace import Workspace, document, open_workspace

ARTICLE = "\n".join([
    "북러 정상회담 열려",
    "Russia and North Korea hold summit",
    "크렘린궁은 푸틴 대통령이 회담했다고 밝혔다.",
    "The Kremlin said President Putin held talks.",
]) + "\n"

SpanSpec = tuple[str, str, str, str, Mapping[str, Any]]  # side, quote, layer, label, attrs
LinkSpec = tuple[str, str, str, str | None]  # type, head quote, child quote, cue quote

KO_CLAIM, EN_CLAIM = "푸틴 대통령이 회담했다", "President Putin held talks"


def spans(en_checkworthy: str) -> list[SpanSpec]:
    return [
        ("ko", "크렘린궁", "source", "SOURCE", {"kind": "official"}),
        ("ko", KO_CLAIM, "claim", "CLAIM", {"checkworthy": "CFS"}),
        ("ko", "밝혔다", "source", "CUE", {}),
        ("ko", "푸틴", "entity", "PERSON", {}),
        ("en", "Kremlin", "source", "SOURCE", {"kind": "official"}),
        ("en", EN_CLAIM, "claim", "CLAIM", {"checkworthy": en_checkworthy}),
        ("en", "said", "source", "CUE", {}),
        ("en", "Putin", "entity", "PERSON", {}),
    ]


def links(ko_cue: str | None) -> list[LinkSpec]:
    return [
        ("attribution", KO_CLAIM, "크렘린궁", ko_cue),
        ("attribution", EN_CLAIM, "Kremlin", "said"),
        ("counterpart", "푸틴", "Putin", None),
        ("counterpart", "크렘린궁", "Kremlin", None),
    ]


TEAM: dict[str, tuple[list[SpanSpec], list[LinkSpec]]] = {
    "kim": (spans("CFS"), links("밝혔다")),
    "lee": (spans("UFS"), links(None)),
}


def write_work(ws: Workspace, annotator: str, article_id: str, span_specs: Sequence[SpanSpec],
               link_specs: Sequence[LinkSpec] = ()) -> None:
    """Tag each quote (its first occurrence on its side) and link the spans named by their quotes."""
    doc = document(ws.library.article(article_id))
    with ws.store.session(doc, annotator) as session:
        ids: dict[str, str] = {}
        for side, quote, layer, label, attrs in span_specs:
            start = doc.sides[side].index(quote)
            ids[quote] = session.add_span(side, start, start + len(quote), layer, label, attrs).id
        for kind, head, child, cue in link_specs:
            session.link(kind, ids[head], ids[child], ids[cue] if cue else None)


def team_workspace(root: Path, team: Mapping[str, tuple[list[SpanSpec], list[LinkSpec]]] = TEAM,
                   article_id: str = "a2") -> Workspace:
    """A workspace at `root` with the article as `article_id` and `team`'s work on it."""
    root.mkdir(parents=True, exist_ok=True)
    (root / f"{article_id}.txt").write_text(ARTICLE, encoding="utf-8")
    ws = open_workspace(root, annotator="reviewer")
    for annotator, (span_specs, link_specs) in team.items():
        write_work(ws, annotator, article_id, span_specs, link_specs)
    return ws
