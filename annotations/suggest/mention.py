"""A name found in one side's text by a model or a rule, before the engine turns it into a suggestion."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Mention:
    """`text[start:end]` (code points in the side's NFC text) proposed as `label`, with a score in [0, 1] and a
    short reason a person can read ("Korean proper noun before 대통령")."""

    start: int
    end: int
    label: str
    score: float
    reason: str


def without_overlaps(found: list[Mention]) -> list[Mention]:
    """Keep the better of two overlapping mentions (higher score, then longer), sorted by offset."""
    kept: list[Mention] = []
    for mention in sorted(found, key=lambda m: (-m.score, -(m.end - m.start), m.start)):
        if all(mention.end <= k.start or k.end <= mention.start for k in kept):
            kept.append(mention)
    return sorted(kept, key=lambda m: (m.start, m.end))
