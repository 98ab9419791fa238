"""Publication dates as Korean portals and English wire services print them → ISO 8601 (`2023-09-14T17:55`)."""

from __future__ import annotations

import re

_MONTHS = {m: i for i, names in enumerate(
    ["jan january", "feb february", "mar march", "apr april", "may", "jun june", "jul july",
     "aug august", "sep sept september", "oct october", "nov november", "dec december"], start=1)
    for m in names.split()}

_TIME = (
    r"(?:\s*(?P<ampm>오전|오후|[AaPp]\.?[Mm]\.?)?\s*(?P<h>\d{1,2}):(?P<mi>\d{2})(?::\d{2})?"
    r"\s*(?P<ampm2>[AaPp]\.?[Mm]\.?)?)?"
)
_NUMERIC = re.compile(
    r"(?P<y>(?:19|20)\d{2})\s*[./\-년]\s*(?P<mo>\d{1,2})\s*[./\-월]\s*(?P<d>\d{1,2})\s*[.일]?" + _TIME)
_WORDY = re.compile(
    r"(?P<mon>[A-Z][a-z]{2,8})\.?\s+(?P<d>\d{1,2}),?\s+(?P<y>(?:19|20)\d{2})(?:\s*[-,]?)" + _TIME)


def find_datetime(text: str) -> tuple[str, re.Match[str]] | None:
    """The first date (with its time, if printed) in `text`, as ISO 8601, and where it was found.

    Numeric dates ("2023.09.14", "2023년 9월 14일") are looked for before wordy ones ("Sept. 14, 2023")."""
    if "19" not in text and "20" not in text:
        return None  # every date holds its year, 19xx or 20xx: most lines hold neither
    for pattern in (_NUMERIC, _WORDY):
        for m in pattern.finditer(text):
            if iso := _to_iso(m):
                return iso, m
    return None


def _to_iso(m: re.Match[str]) -> str | None:
    """The date of a match of either pattern, or None if it names no real month and day. `int` reads the digits of
    every script `\\d` matches ("２０２３")."""
    month = int(m["mo"]) if m.re is _NUMERIC else _MONTHS.get(m["mon"].lower())
    day, year = int(m["d"]), int(m["y"])
    if not month or not 1 <= month <= 12 or not 1 <= day <= 31:
        return None
    date = f"{year:04d}-{month:02d}-{day:02d}"
    if m["h"] is None:
        return date
    hour, minute = int(m["h"]), int(m["mi"])
    ampm = (m["ampm"] or m["ampm2"] or "").replace(".", "").lower()
    if ampm in ("오후", "pm") and hour < 12:
        hour += 12
    elif ampm in ("오전", "am") and hour == 12:
        hour = 0
    if hour > 23 or minute > 59:
        return date
    return f"{date}T{hour:02d}:{minute:02d}"
