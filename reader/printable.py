"""Text from files made safe to print: what a shared store or an article holds must not drive the terminal.

Labels, notes, annotator names, ids and titles come from files anyone can write. Control characters (a
clear-screen or set-title escape sequence) and bidi overrides (U+202A–U+202E, U+2066–U+2069, which reorder what
follows so a line reads differently from what it holds) are shown as visible escapes instead of being obeyed.
"""

from __future__ import annotations

import re

_HIDDEN = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
_HIDDEN_OR_NEWLINE = re.compile(r"[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


_BIDI_CONTROLS = re.compile(r"[\u202a-\u202e\u2066-\u2069]")
SHOWN_FOR_BIDI = "\ufffd"


def without_bidi_controls(text: str) -> str:
    """An article's text as the reading panes draw it: each bidi control shown as U+FFFD (one code point and one
    cell for one code point), so the line reads as it is stored and every offset into it stays the same."""
    return _BIDI_CONTROLS.sub(SHOWN_FOR_BIDI, text)


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def printable(text: str, keep_newlines: bool = False) -> str:
    """`text` with control characters, bidi controls and undecodable bytes (lone surrogates) as `\\x1b`, `\\u202e`;
    tab and newline stay when `keep_newlines`, for multi-line text such as a note."""
    return (_HIDDEN if keep_newlines else _HIDDEN_OR_NEWLINE).sub(_escape, text)
