"""What a suggestion proposes: a span, or a relation between spans that exist or are proposed with it.

A suggestion is kept apart from annotations: it is never exported, counted by `agree` or adjudicated. Its `key`
names exactly what it proposes (side, offsets, layer, label; a relation's type and ends), so a rejection is
scoped to that span and label in that article — nothing wider (INCEpTION's lesson, field notes §8).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

SPAN, RELATION = "span", "relation"


@dataclass(frozen=True)
class ProposedSpan:
    """A span a suggestion would create: `text[start:end]` of one side (code points in its NFC text)."""

    side: str
    start: int
    end: int
    text: str
    layer: str
    label: str
    attrs: tuple[tuple[str, str], ...] = ()

    @cached_property
    def key(self) -> str:
        """What the span is, as a rejection remembers it."""
        return f"{self.side}:{self.start}:{self.end}:{self.layer}:{self.label}"

    def to_json(self) -> dict[str, Any]:
        """The `--json` span object: side, start, end, text, layer, label (and attrs when there are any)."""
        data: dict[str, Any] = {"side": self.side, "start": self.start, "end": self.end, "text": self.text,
                                "layer": self.layer, "label": self.label}  # fmt: skip
        if self.attrs:
            data["attrs"] = dict(self.attrs)
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> ProposedSpan:
        """The inverse of `to_json`."""
        attrs = tuple(sorted((str(k), str(v)) for k, v in (data.get("attrs") or {}).items()))
        return cls(str(data["side"]), int(data["start"]), int(data["end"]), str(data["text"]), str(data["layer"]),
                   str(data["label"]), attrs)  # fmt: skip


Endpoint = ProposedSpan | str
"""One end of a proposed relation: a span proposed with it, or the id of an existing annotation."""


def _endpoint_key(end: Endpoint | None) -> str:
    return "-" if end is None else f"#{end}" if isinstance(end, str) else end.key


def _endpoint_json(end: Endpoint) -> dict[str, Any]:
    return {"span": end} if isinstance(end, str) else end.to_json()


def _endpoint_from_json(data: dict[str, Any]) -> Endpoint:
    return str(data["span"]) if "span" in data else ProposedSpan.from_json(data)


@dataclass(frozen=True)
class ProposedRelation:
    """A relation a suggestion would create (attribution claim → source with a cue; counterpart)."""

    type: str
    head: Endpoint
    child: Endpoint
    cue: Endpoint | None = None

    @cached_property
    def key(self) -> str:
        """The relation's type and ends, as a rejection remembers it."""
        return f"{self.type}({_endpoint_key(self.head)}|{_endpoint_key(self.child)}|{_endpoint_key(self.cue)})"


@dataclass(frozen=True)
class Suggestion:
    """A proposed span or relation, with the source that proposed it, a score in [0, 1] and a reason to read."""

    source: str
    score: float
    reason: str
    span: ProposedSpan | None = None
    relation: ProposedRelation | None = None
    evidence: tuple[str, ...] = field(default=(), compare=False)
    """Other sources that proposed the same thing (the engine merges them)."""
    links: tuple[ProposedRelation, ...] = ()
    """Relations accepted together with `relation` (an attribution's counterpart links to the other side): they
    come with it and are not part of its `key`, so the same attribution proposed with and without them is one
    suggestion, and rejecting it rejects them too."""

    @property
    def kind(self) -> str:
        """`span` or `relation`."""
        return SPAN if self.relation is None else RELATION

    @cached_property
    def key(self) -> str:
        """Exactly what is proposed, whoever proposed it: two sources proposing it make one suggestion. Kept once
        made (the suggestion cannot change), as are its span's and relation's: the engine asks for it at each of
        its steps, and the reader runs the engine after every key."""
        return self.span.key if self.relation is None else self.relation.key  # type: ignore[union-attr]

    @property
    def id(self) -> str:
        """A short stable id of the key (the same suggestion has the same id on every machine)."""
        return hashlib.sha1(self.key.encode()).hexdigest()[:12]

    def proposed_spans(self) -> tuple[ProposedSpan, ...]:
        """Every span accepting this would create."""
        return self._proposed

    @cached_property
    def _proposed(self) -> tuple[ProposedSpan, ...]:
        """Kept once made, like `key`: the reader asks at every key, for every suggestion pending."""
        if self.relation is None:
            return (self.span,) if self.span else ()
        ends = [end for rel in (self.relation, *self.links) for end in (rel.head, rel.child, rel.cue)]
        return tuple({end.key: end for end in ends if isinstance(end, ProposedSpan)}.values())

    def to_json(self, article: str) -> dict[str, Any]:
        """The `tandem suggest --json` object (one per line)."""
        data: dict[str, Any] = {"article": article, "id": self.id, "source": self.source,
                                "score": round(self.score, 3), "reason": self.reason, "kind": self.kind}  # fmt: skip
        if self.relation is None:
            data.update(self.span.to_json())  # type: ignore[union-attr]
        else:
            rel = self.relation
            data.update(type=rel.type, head=_endpoint_json(rel.head), child=_endpoint_json(rel.child))
            if rel.cue is not None:
                data["cue"] = _endpoint_json(rel.cue)
            if self.links:
                data["links"] = [{"type": link.type, "head": _endpoint_json(link.head),
                                  "child": _endpoint_json(link.child)} for link in self.links]  # fmt: skip
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Suggestion:
        """The inverse of `to_json` (the article is the caller's)."""
        source, score, reason = str(data["source"]), float(data["score"]), str(data["reason"])
        if data.get("kind", SPAN) == SPAN:
            return cls(source, score, reason, span=ProposedSpan.from_json(data))
        cue = data.get("cue")
        relation = ProposedRelation(str(data["type"]), _endpoint_from_json(data["head"]),
                                    _endpoint_from_json(data["child"]),
                                    None if cue is None else _endpoint_from_json(cue))  # fmt: skip
        links = tuple(ProposedRelation(str(link["type"]), _endpoint_from_json(link["head"]),
                                       _endpoint_from_json(link["child"]))
                      for link in data.get("links") or ())  # fmt: skip
        return cls(source, score, reason, relation=relation, links=links)
