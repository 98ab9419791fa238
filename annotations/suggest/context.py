"""What a suggestion source is given: one article as one annotator has it, and what the team has tagged.

The reading side builds it (the core cannot parse articles): the article's text, its sentences and aligned
sentence pairs, the annotator's own spans, relations and rejections, and `TeamNames`, every name any annotator
(and `gold`) tagged or linked across the workspace. Model output is cached per text in the store folder.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import orjson

from tandem.annotations.model import DocumentText, Relation, Span
from tandem.annotations.schema import Schema
from tandem.annotations.state import ArticleState
from tandem.annotations.storage import atomic_write_bytes
from tandem.annotations.store import Store
from tandem.annotations.suggest import kiwi
from tandem.annotations.suggest.lexicon import Lexicon
from tandem.annotations.suggest.proposal import Suggestion

Range = tuple[int, int]
CACHE_FOLDER = ".cache"
CACHE_VERSION = "2"  # bumped when what the models' output means changes, so old caches are not reused


def name_form(side: str, text: str, around: tuple[str, int] | None = None) -> str:
    """A tagged text as a name to look for elsewhere: Korean without a trailing particle where the analyser (when
    loaded) says there is one (푸틴은 → 푸틴, but 김정은 stays whole: a rule on syllables cannot tell them apart).

    `around` is the text the span stands in with the span's offset there: read in its sentence, the analyser sees
    what surrounds the name. A conjunctive particle is never taken off: the analyser reads 루미나 in a headline
    as 루미 + 나 ("or"), and an annotator who tags a name has seldom tagged "A or"."""
    if side != "ko" or kiwi.loaded() is None:
        return text
    stretch, at = around if around and around[0][around[1] : around[1] + len(text)] == text else (text, 0)
    return _analysed_form(text, stretch, at)


@lru_cache(maxsize=4096)
def _analysed_form(text: str, stretch: str, at: int) -> str:
    """`name_form` with the analyser loaded, kept: the reader asks again for every tagged span after every key,
    and an analysis costs ~0.4 ms (the analyser, once loaded, stays the same for the process)."""
    inside = [t for t in kiwi.loaded().tokenize(stretch) if at <= t.start < at + len(text)]
    last = inside[-1] if inside else None
    particle = last is not None and last.tag.startswith(("JK", "JX"))  # not JC: 루미나 is no 루미 "or"
    if len(inside) > 1 and particle and last.start + last.len <= at + len(text):
        return text[: last.start - at].rstrip()
    return text


@dataclass
class TeamNames:
    """Every name tagged in the workspace: its labels with counts, an article it was tagged in, and the texts
    it was linked to on the other side (the counterpart lexicon that grows as people work)."""

    labels: dict[tuple[str, str], Counter[tuple[str, str]]] = field(default_factory=dict)
    where: dict[tuple[str, str], str] = field(default_factory=dict)
    counterparts: dict[tuple[str, str], Counter[str]] = field(default_factory=dict)

    def add(self, article_id: str, spans: Iterable[Mapping[str, Any]], relations: Iterable[Mapping[str, Any]]) -> None:
        """Count one annotator's spans and counterpart links on one article."""
        by_id = {}
        for s in spans:
            key = (s["side"], name_form(s["side"], s["text"]))
            self.labels.setdefault(key, Counter())[(s["layer"], s["label"])] += 1
            self.where.setdefault(key, article_id)
            by_id[s["id"]] = key
        for r in relations:
            if r["type"] != "counterpart" or r["head"] not in by_id or r["child"] not in by_id:
                continue
            a, b = by_id[r["head"]], by_id[r["child"]]
            self.counterparts.setdefault(a, Counter())[b[1]] += 1
            self.counterparts.setdefault(b, Counter())[a[1]] += 1

    @classmethod
    def of_store(cls, store: Store) -> TeamNames:
        """Read every annotator's files (gold included) once."""
        team = cls()
        for annotator in store.annotators():
            for article_id in store.article_ids(annotator):
                state = store.read(annotator, article_id)
                team.add(article_id, state.spans.values(), state.relations.values())
        return team

    def names(self, side: str) -> list[str]:
        """Every tagged name of one side."""
        return [text for s, text in self.labels if s == side]


@dataclass
class ModelCache:
    """What the models computed for a text, by a hash of the text, in `<store>/.cache/` (out of git), so reopening
    an article is instant. A cache that cannot be read or written is ignored: it only saves time."""

    folder: Path | None
    memory: dict[tuple[str, str], Any] = field(default_factory=dict, repr=False)
    """Values known in this process (what a background process computed), by (kind, text)."""

    def _path(self, kind: str, text: str) -> Path | None:
        if self.folder is None:
            return None
        digest = hashlib.sha256(f"{CACHE_VERSION}\0{kind}\0{text}".encode()).hexdigest()[:32]
        return self.folder / f"{kind}-{digest}.json"

    def has(self, kind: str, text: str) -> bool:
        """Whether the value is known without computing it."""
        path = self._path(kind, text)
        return (kind, text) in self.memory or (path is not None and path.is_file())

    def get(self, kind: str, text: str, compute: Callable[[], Any]) -> Any:
        """The cached value for (kind, text), computed and stored when missing."""
        if (kind, text) in self.memory:
            return self.memory[(kind, text)]
        path = self._path(kind, text)
        if path is not None:
            try:
                value = self.memory[(kind, text)] = orjson.loads(path.read_bytes())
                return value
            except (OSError, orjson.JSONDecodeError):
                pass
        return self.put(kind, text, compute())

    def put(self, kind: str, text: str, value: Any) -> Any:
        """Remember a value computed elsewhere (kept in memory, and on disk where the folder allows)."""
        self.memory[(kind, text)] = value
        path = self._path(kind, text)
        if path is None or self.folder is None:
            return value
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            gitignore = self.folder / ".gitignore"
            if not gitignore.exists():
                gitignore.write_text("*\n")
            atomic_write_bytes(path, orjson.dumps(value))
        except OSError:
            pass
        return value

    @classmethod
    def of_store(cls, store: Store) -> ModelCache:
        return cls(store.root / CACHE_FOLDER)


@dataclass
class ArticleContext:
    """One article as one annotator has it, and what every source may look at."""

    doc: DocumentText
    annotator: str
    spans: Sequence[Span] = ()
    relations: Sequence[Relation] = ()
    rejected: frozenset[str] = frozenset()
    pending: Sequence[Suggestion] = ()
    sentences: Mapping[str, Sequence[Range]] = field(default_factory=dict)
    sentence_pairs: Sequence[tuple[Range | None, Range | None]] = ()
    """Aligned sentence beads as (Korean range, English range) in side-text offsets."""
    team: TeamNames = field(default_factory=TeamNames)
    schema: Schema | None = None
    lexicon: Lexicon | None = None
    """The counterpart lexicon: the shipped one, extended by the workspace's own (None: the shipped one)."""
    cache: ModelCache = field(default_factory=lambda: ModelCache(None))
    memo: dict[Any, Any] = field(default_factory=dict)
    """What a source worked out for an unchanged input, kept by a caller that asks again after each keystroke
    (the reader): a source keys it by everything its answer depends on."""

    @classmethod
    def of_state(cls, doc: DocumentText, annotator: str, spans: Sequence[Span], relations: Sequence[Relation],
                 state: ArticleState, **rest: Any) -> ArticleContext:
        """A context from an annotator's placed spans and stored state (rejections and imported suggestions)."""
        pending = [Suggestion.from_json(p["suggestion"]) for p in state.pending.values()]
        return cls(doc, annotator, spans, relations, frozenset(state.rejections), pending, **rest)
