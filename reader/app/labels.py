"""The one-line wordings the screens and widgets share: a quoted span, a language's name, a suggestion, a key.

Kept apart from any screen so that a screen (review) or a widget (the status line) can say things the way the
reading screen does without importing it, and so that importing them costs nothing at start-up.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tandem.annotations.suggest.proposal import Suggestion

LANG_NAMES = {"ko": "한국어", "en": "English"}
QUOTE_PREVIEW = 40
"""Characters of a span's text quoted in a status line, a list or a picker title."""
_KEY_NAMES = {"right_square_bracket": "]", "left_square_bracket": "[", "slash": "/", "question_mark": "?",
              "greater_than_sign": ">", "less_than_sign": "<", "space": "space"}


def preview(text: str) -> str:
    """A one-line, bounded quote of a span's text."""
    flat = " ".join(text.split())
    return flat if len(flat) <= QUOTE_PREVIEW else flat[: QUOTE_PREVIEW - 1] + "…"


def describe_suggestion(s: Suggestion) -> str:
    """A suggestion in a few words: its label and text, or its relation and ends."""
    if s.span is not None:
        return f"{s.span.label} “{preview(s.span.text)}”"
    spans = s.proposed_spans()
    return f"{s.relation.type} " + " + ".join(f"{p.label} “{preview(p.text)}”" for p in spans)  # type: ignore[union-attr]


def display_keys(keys: str) -> str:
    """`right_square_bracket,pageup` → `] / pageup`."""
    return " / ".join(_KEY_NAMES.get(k.strip(), k.strip()) for k in keys.split(","))
