"""Names translated part by part: a proper name, matched by sound or by the lexicon, and a kind word from a list —
Sejin Semiconductor = 세진반도체 (세진 + 반도체), Haeundae District = 해운대구, Kori Unit 2 = 고리 2호기 — and the
administrative endings Korean writes where English has no word: Busan = 부산시, Okinawa = 오키나와현.

Projection (counterpart.py) asks for these matches beside its other evidence; the kind words are data
(name_parts.toml)."""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from tandem.annotations.particles import strip_particle

PARTS = Path(__file__).with_name("name_parts.toml")
KIND_BONUS = 0.05  # the kind word agrees too: a little more than the name's own vote

NameVote = Callable[[str, str], tuple[float, str] | None]
"""(Korean name, English name) -> a vote and its reason, or None when they are not the same name."""
Match = tuple[int, int, float, str]
"""(start, end) in the sentence, the vote, the reason."""

_PUNCT = "\"'“”‘’()[]{}<>«»「」『』《》〈〉,.;:!?…·"


@dataclass(frozen=True)
class Part:
    ko: tuple[str, ...]
    en: tuple[str, ...]
    bare: bool = False


@cache
def parts() -> tuple[Part, ...]:
    """The kind words of name_parts.toml."""
    data = tomllib.loads(PARTS.read_text(encoding="utf-8"))
    return tuple(Part(tuple(p["ko"]), tuple(p["en"]), bool(p.get("bare"))) for p in data["parts"])


PLACE_LABELS = frozenset({"GPE", "LOC"})
"""Labels for which a bare ending is read (부산시 = Busan); never for a person (김영권도 is "Kim Young-gwon too")."""


def matches(source: str, from_lang: str, sentence: str, name_vote: NameVote, label: str | None) -> list[Match]:
    """Spans of the other side's `sentence` that translate `source` part by part, with votes."""
    bare = label is None or label in PLACE_LABELS
    if from_lang == "en":
        return _korean_matches(source, sentence, name_vote, bare)
    return _english_matches(source, sentence, name_vote, bare)


# ------------------------------------------------------------------------------------------ English → Korean


def _split_english(source: str) -> tuple[str, Part | None, str | None]:
    """(proper name, kind, number): "Kori Unit 2" → ("Kori", 호기, "2"); a name with no kind word → (name, None,
    None)."""
    for part in parts():
        for form in part.en:
            match = re.fullmatch(r"(?P<name>.+?)\s+" + re.escape(form) + r"(?:\s+(?P<n>\d+))?", source)
            if match:
                return match.group("name"), part, match.group("n")
    return source, None, None


def _korean_matches(source: str, sentence: str, name_vote: NameVote, bare: bool) -> list[Match]:
    name, part, number = _split_english(source)
    if part is None and not bare:
        return []
    found: list[Match] = []
    words = [(m.start(), m.end()) for m in re.finditer(r"\S+", sentence)]
    for index, (start, end) in enumerate(words):
        while start < end and sentence[start] in _PUNCT:
            start += 1
        while end > start and sentence[end - 1] in _PUNCT:
            end -= 1
        bare_end = strip_particle(sentence, start, end)
        for word_end in dict.fromkeys((end, bare_end)):
            word = sentence[start:word_end]
            for kind in (part,) if part is not None else tuple(p for p in parts() if p.bare):
                for form in kind.ko:
                    if not word.endswith(form) or (part is None and len(word) == len(form)):
                        continue
                    head_end = start + len(word) - len(form)
                    if number is not None:
                        if not sentence[:head_end].endswith(number):
                            continue
                        head_end -= len(number)
                    elif sentence[start:head_end][-1:].isdigit():
                        continue
                    head_start = start
                    if head_end <= start:  # the kind word is a word of its own: the name is the word before
                        if index == 0:
                            continue
                        head_start, head_end = words[index - 1]
                    head = sentence[head_start:head_end].strip()
                    vote = name_vote(head, name) if head else None
                    if vote is not None:
                        score, reason = vote
                        found.append((head_start, word_end, min(0.95, score + KIND_BONUS),
                                      f"{reason} + {form}"))  # fmt: skip
                    break
    return found


# ------------------------------------------------------------------------------------------ Korean → English


def _split_korean(source: str) -> tuple[str, Part, str | None] | None:
    """(proper name, kind, number) of a Korean name ending in a kind word: 고리 2호기 → ("고리", 호기, "2")."""
    for part in parts():
        for form in part.ko:
            if source.endswith(form) and len(source) > len(form):
                head = source[: -len(form)].rstrip()
                number = re.search(r"\d+$", head)
                if number:
                    head = head[: number.start()].rstrip()
                if head:
                    return head, part, number.group() if number else None
    return None


def _english_matches(source: str, sentence: str, name_vote: NameVote, bare: bool) -> list[Match]:
    split = _split_korean(source)
    if split is None:
        return []
    name, part, number = split
    found: list[Match] = []
    for form in part.en:
        kind = re.escape(form) + (r"\s+" + number if number else "") + r"\b"
        for match in re.finditer(r"((?:[A-Z][\w'’.-]*\s+){1,3})(" + kind + ")", sentence):
            found += _best_head(sentence, match.start(), match.start(2), match.end(), name, name_vote, form)
    if part.bare and bare:
        for match in re.finditer(r"\b[A-Z][\w'’-]*", sentence):
            vote = name_vote(name, match.group())
            if vote is not None:
                found.append((match.start(), match.end(), vote[0], f"{vote[1]} (without {part.ko[0]})"))
    return found


def _best_head(sentence: str, start: int, head_end: int, end: int, name: str, name_vote: NameVote, form: str
               ) -> list[Match]:  # fmt: skip
    """The last one, two or three capitalised words before the kind word that sound like `name`, best first."""
    words = [(m.start() + start, m.end() + start) for m in re.finditer(r"\S+", sentence[start:head_end])]
    best: list[Match] = []
    for first in range(len(words)):
        head = sentence[words[first][0] : words[-1][1]].removesuffix("'s").removesuffix("’s")
        vote = name_vote(name, head)
        if vote is not None and (not best or vote[0] > best[0][2]):
            best = [(words[first][0], end, min(0.95, vote[0] + KIND_BONUS), f"{vote[1]} + {form}")]
    return best
