"""The shape of every record the store reads back, checked before it is used.

A store file that parses as JSON can still be wrong: a journal line `[1,2]`, a span whose `start` is `"5"`, an op
of an unknown kind. Each check raises ValueError saying what is wrong with which record; storage turns it into a
StoreError naming the file, and leaves the file alone (a file that did not validate is never rewritten).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from tandem.annotations.model import SIDES, Status
from tandem.annotations.state import STATUS_KEY

OFFSET_MAX = 2**31  # far beyond any article (the import limit is 10 MB); bigger numbers are corruption
_STATUSES = frozenset(Status)

_SPAN_TEXT_FIELDS = ("id", "article_id", "text", "prefix", "suffix", "layer", "label", "annotator", "created",
                     "updated")  # fmt: skip
_RELATION_TEXT_FIELDS = ("id", "article_id", "type", "head", "child", "annotator", "created")


def _text_fields(record: Mapping[str, Any], names: tuple[str, ...]) -> None:
    for name in names:
        if name not in record:
            raise ValueError(f'no "{name}"')
        if not isinstance(record[name], str):
            raise ValueError(f'"{name}" is {_kind(record[name])}, not text')


def _kind(value: Any) -> str:
    return "null" if value is None else type(value).__name__


def _offset(record: Mapping[str, Any], name: str) -> int:
    value = record.get(name)
    if type(value) is not int or not 0 <= value < OFFSET_MAX:
        raise ValueError(f'"{name}" is {value!r:.40}, not an offset')
    return value


def check_span(record: Any) -> None:
    """A stored span: every field of `Span`, offsets as integers with start < end, a known side."""
    if not isinstance(record, dict):
        raise ValueError(f"span is {_kind(record)}, not an object")
    _text_fields(record, _SPAN_TEXT_FIELDS)
    if record.get("side") not in SIDES:
        raise ValueError(f'"side" is {record.get("side")!r:.40}, not one of {", ".join(SIDES)}')
    if _offset(record, "start") >= _offset(record, "end"):
        raise ValueError(f"span {record['start']}:{record['end']} is empty or backwards")
    if not isinstance(record.get("attrs", {}), dict):
        raise ValueError('"attrs" is not an object')
    if not isinstance(record.get("note", ""), str):
        raise ValueError('"note" is not text')


def check_relation(record: Any) -> None:
    """A stored relation: id, type, both ends and the annotator as text; the cue a span id or null."""
    if not isinstance(record, dict):
        raise ValueError(f"relation is {_kind(record)}, not an object")
    _text_fields(record, _RELATION_TEXT_FIELDS)
    if not isinstance(record.get("cue"), str | None):
        raise ValueError('"cue" is neither a span id nor null')


def _check_keyed(record: Any, what: str, extra: tuple[str, type]) -> None:
    if not isinstance(record, dict):
        raise ValueError(f"{what} is {_kind(record)}, not an object")
    _text_fields(record, ("key",))
    name, kind = extra
    if not isinstance(record.get(name), kind):
        raise ValueError(f'{what} {record["key"]!r:.40} has no valid "{name}"')


def check_rejection(record: Any) -> None:
    """A rejected suggestion: its key and where it came from."""
    _check_keyed(record, "rejection", ("source", str))


def check_pending(record: Any) -> None:
    """A pending suggestion: its key and the suggestion itself."""
    _check_keyed(record, "pending suggestion", ("suggestion", dict))


def check_status(record: Any) -> None:
    """An annotator's status: one of new, in_progress, done."""
    if not isinstance(record, dict):
        raise ValueError(f"status is {_kind(record)}, not an object")
    if record.get("status") not in _STATUSES:
        raise ValueError(f'status {record.get("status")!r:.40} is not one of {", ".join(_STATUSES)}')


CHECKS = {"span": check_span, "relation": check_relation, "rejection": check_rejection, "pending": check_pending,
          "status": check_status}  # fmt: skip
"""Op kind -> the check of its value."""

_ID_FIELD = {"span": "id", "relation": "id", "rejection": "key", "pending": "key"}


def check_op(op: Any) -> None:
    """One op `[kind, key, value-or-None]`: a known kind, a text key matching the record's own id."""
    if not isinstance(op, list) or len(op) != 3:
        raise ValueError(f"op {op!r:.60} is not [kind, key, value]")
    kind, key, value = op
    if kind not in CHECKS:
        raise ValueError(f"unknown op kind {kind!r:.40}")
    if not isinstance(key, str) or (kind == "status" and key != STATUS_KEY):
        raise ValueError(f"{kind} op has the key {key!r:.40}")
    if value is None:
        return
    try:
        CHECKS[kind](value)
    except ValueError as e:
        raise ValueError(f"{kind} {key!r:.40}: {e}") from None
    if kind != "status" and value[_ID_FIELD[kind]] != key:
        raise ValueError(f"{kind} op for {key!r:.40} holds the record of {value[_ID_FIELD[kind]]!r:.40}")


def check_entry(entry: Any) -> None:
    """One journal line after the header: `{"ops": [op, ...]}`."""
    if not isinstance(entry, dict) or not isinstance(entry.get("ops"), list):
        raise ValueError(f'{entry!r:.60} is not a change {{"ops": [...]}}')
    for op in entry["ops"]:
        check_op(op)


ANNOTATOR_MAX = 64  # characters; a folder name must stay well under the file system's 255 bytes once encoded


def check_annotator(name: Any) -> str:
    """An annotator name the store can make a folder of: text of 1 to ANNOTATOR_MAX printable characters."""
    if not isinstance(name, str) or not name.strip():
        raise ValueError(f"annotator name {name!r:.40} is empty or not text")
    if len(name) > ANNOTATOR_MAX:
        raise ValueError(f"annotator name of {len(name)} characters (at most {ANNOTATOR_MAX})")
    if not name.isprintable() or any(0xD800 <= ord(c) <= 0xDFFF for c in name):
        raise ValueError(f"annotator name {name!r:.40} holds a control character or an undecodable byte")
    return name
