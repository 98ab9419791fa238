"""Publication dates as Korean portals and English wire services print them → ISO 8601 (`2023-09-14T17:55`)."""

from __future__ import annotations

import re
from collections.abc import Callable

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


_YEAR = re.compile(r"(?:19|20)\d\d")
"""What every date holds (both patterns above): one quick search rules out "코로나19" and "20일"."""


def find_datetime(text: str) -> tuple[str, re.Match[str]] | None:
    """The first date (with its time, if printed) in `text`, as ISO 8601, and where it was found."""
    if ("19" not in text and "20" not in text) or not _YEAR.search(text):
        return None  # every date has its year, 19xx or 20xx: most lines are ruled out at C speed
    for pattern, month_of in _PATTERNS:
        m = pattern.search(text)
        while m:  # each match in turn, as finditer would give them (no pattern matches empty text)
            iso = _to_iso(m, month_of(m))
            if iso:
                return iso, m
            m = pattern.search(text, m.end())
    return None


def _to_iso(m: re.Match[str], month: int | None) -> str | None:
    day, year = _number(m["d"]), m["y"]
    if not month or not 1 <= month <= 12 or not 1 <= day <= 31:
        return None
    if not year.isascii():
        year = str(int(year))  # "20２３": `\d` matches every script's digits
    date = f"{year}-{_TWO_DIGITS[month]}-{_TWO_DIGITS[day]}"
    hour_text, minute_text, ampm, ampm2 = m.group("h", "mi", "ampm", "ampm2")
    if hour_text is None:
        return date
    hour, minute = _number(hour_text), _number(minute_text)
    ampm = (ampm or ampm2 or "").replace(".", "").lower()
    if ampm in ("오후", "pm") and hour < 12:
        hour += 12
    elif ampm in ("오전", "am") and hour == 12:
        hour = 0
    if hour > 23 or minute > 59:
        return date
    return f"{date}T{_TWO_DIGITS[hour]}:{_TWO_DIGITS[minute]}"


_NUMBERS = {str(n): n for n in range(100)} | {f"{n:02d}": n for n in range(10)}
_TWO_DIGITS = [f"{n:02d}" for n in range(100)]
"""A date's one- or two-digit fields, read and written by lookup: `int()` and a format spec cost ~0.4 µs each, and a
listing reads a date in nearly every article."""


def _number(digits: str) -> int:
    """`int(digits)` for one to two digits: a lookup for ASCII ones, `int` for other scripts' (fullwidth ９)."""
    number = _NUMBERS.get(digits)
    return int(digits) if number is None else number


_PATTERNS: tuple[tuple[re.Pattern[str], Callable[[re.Match[str]], int | None]], ...] = (
    (_NUMERIC, lambda m: _number(m["mo"])),
    (_WORDY, lambda m: _MONTHS.get(m["mon"].lower())),
)
"""Each date pattern, numeric first, with how to read its month (a group per pattern, not a dict of all groups)."""
