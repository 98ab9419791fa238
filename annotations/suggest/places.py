"""Country and city names in Korean and English from CLDR (through babel), for naming places in both languages.

Countries are CLDR territories with a two-letter code (북한 / North Korea, 러시아 / Russia); cities are the
exemplar cities of CLDR time zones (평양 / Pyongyang, 블라디보스토크 / Vladivostok). Both are GPE in the default
schema. Without babel (the `suggest` extra) there are no names, and the callers do without.
"""

from __future__ import annotations

import zoneinfo
from dataclasses import dataclass
from functools import cache


@dataclass(frozen=True)
class Place:
    """One place with its names in both languages; `code` is the CLDR territory code or time-zone id."""

    code: str
    kind: str  # "country" or "city"
    ko: str
    en: str


@cache
def places() -> tuple[Place, ...]:
    """Every CLDR country and exemplar city with a Korean and an English name (empty without babel)."""
    try:
        from babel import Locale
        from babel.dates import get_timezone_location
    except ImportError:
        return ()
    ko, en = Locale("ko"), Locale("en")
    found = [Place(code, "country", ko.territories[code], en.territories[code])
             for code in sorted(ko.territories) if code.isalpha() and code in en.territories]  # fmt: skip
    for zone in sorted(zoneinfo.available_timezones()):
        if "/" not in zone or zone.startswith(("Etc/", "SystemV/", "US/")):
            continue
        try:
            ko_city = get_timezone_location(zone, locale="ko", return_city=True)
            en_city = get_timezone_location(zone, locale="en", return_city=True)
        except (LookupError, ValueError):
            continue
        if ko_city and en_city and ko_city != en_city:
            found.append(Place(zone, "city", ko_city, en_city))
    return tuple(found)


@cache
def place_names(lang: str) -> dict[str, Place]:
    """Each place's name in `lang` ("ko" or "en") -> the place; the first place listed keeps a shared name."""
    names: dict[str, Place] = {}
    for place in places():
        names.setdefault(getattr(place, lang), place)
    return names
