"""Pairs of Korean and English names that translate each other, for proposing a span's counterpart.

Romanization finds 푸틴 for Putin but never 백악관 for White House or 북한 for North Korea: those need a list.
`Lexicon.shipped()` is CLDR's country and city names (places.py) plus `lexicon.toml` beside this module
(institutions, media, titles, places CLDR lacks, months, weekdays); a workspace extends it with a file of the same
format, `Lexicon.shipped().merged(Lexicon.load(path))`.

The file format (TOML) is one array of entries, each an inline table::

    entries = [
      { ko = ["국방부"], en = ["Defense Ministry", "Ministry of National Defense"], label = "ORG" },
      { ko = ["대변인"], en = ["spokesman", "spokeswoman"] },
    ]

`ko` and `en` are lists of forms (a single string is accepted too), Korean forms without particles; `label` is
optional, and an entry with a label is offered only for spans of that label; `joint = true` (optional) marks a
Korean form that names several places at once (북러 = North Korea + Russia): each English name may link to it.
Forms match ignoring case, periods, apostrophes and hyphens in English ("U.S." = "US"), and spaces and middle dots
in Korean. Acronyms (all capitals) are kept apart from ordinary words by the caller, which checks case where it
matters ("US" is not "us").
"""

from __future__ import annotations

import re
import tomllib
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from tandem.annotations.errors import AnnotationError
from tandem.annotations.particles import strip_particle

SHIPPED = Path(__file__).with_name("lexicon.toml")
LANGS = ("ko", "en")


class LexiconError(AnnotationError):
    """A lexicon file is missing, not valid TOML, or has an entry without forms on both sides."""


@dataclass(frozen=True)
class Entry:
    """Forms of one name in both languages; `source` says where the pairing comes from ("CLDR", a file name)."""

    ko: tuple[str, ...]
    en: tuple[str, ...]
    label: str | None = None
    source: str = "lexicon"
    joint: bool = False  # the Korean form names several places at once (북러): one link does not use it up

    def forms(self, lang: str) -> tuple[str, ...]:
        return self.ko if lang == "ko" else self.en


_EN_DROP = re.compile(r"[.'’‘`]")
_EN_SPACE = re.compile(r"[\s\-‐–—,/]+")
_KO_DROP = re.compile(r"[\s·ㆍ・\-]+")


def form_key(text: str, lang: str) -> str:
    """The form a lexicon compares: English without case, periods, apostrophes, hyphens or a leading "the";
    Korean without spaces or middle dots (forms are particle-free already: see `particle_free`)."""
    text = text.strip()
    if lang == "ko":
        return _KO_DROP.sub("", text)
    text = _EN_SPACE.sub(" ", _EN_DROP.sub("", text.casefold())).strip()
    text = text.removeprefix("the ")
    return text


_HANGUL_JAMO = re.compile(r"[\u1100-\u11ff\u3131-\u318e]+")  # a consonant on its own: part of a syllable


def particle_free(text: str) -> str:
    """A Korean name without its trailing particles: 푸틴은 → 푸틴, 평양에서 → 평양, but 국가안보회의 stays whole.

    Kiwi tells a particle from a name's last syllable (의 in 회의); without it, `strip_particle`'s rule applies.
    A particle Kiwi reads inside a syllable (the ㄴ of 훈 in 최동훈, read as 후 + ㄴ "is") is never cut off: it
    would cut the syllable in half."""
    from tandem.annotations.suggest import kiwi

    text = text.strip()
    tokens = kiwi.tokenize(text) if kiwi.available() else None
    if tokens is None:
        return text[: strip_particle(text, 0, len(text))]
    end = len(text)
    for token in reversed(tokens):
        if not token.tag.startswith("J") or _HANGUL_JAMO.fullmatch(token.form):
            break
        end = token.start
    return text[:end].rstrip() or text


def other(lang: str) -> str:
    """The other side's language."""
    return "en" if lang == "ko" else "ko"


class Lexicon:
    """Entries indexed by the key of each form, in both directions."""

    def __init__(self, entries: Iterable[Entry] = ()) -> None:
        self.entries: tuple[Entry, ...] = tuple(entries)
        self._index: dict[str, dict[str, list[Entry]]] = {lang: {} for lang in LANGS}
        for entry in self.entries:
            for lang in LANGS:
                for form in entry.forms(lang):
                    bucket = self._index[lang].setdefault(form_key(form, lang), [])
                    if entry not in bucket:
                        bucket.append(entry)

    def __len__(self) -> int:
        return len(self.entries)

    @classmethod
    def load(cls, path: Path | str, source: str | None = None) -> Lexicon:
        """Read a lexicon file (format in the module docstring); `source` names it in reasons (default: file name)."""
        path = Path(path)
        try:
            with open(path, "rb") as f:
                raw = tomllib.load(f)
        except FileNotFoundError as e:
            raise LexiconError("lexicon file not found", path) from e
        except tomllib.TOMLDecodeError as e:
            raise LexiconError(f"not valid TOML: {e}", path) from e
        except OSError as e:
            raise LexiconError(f"cannot read: {e.strerror}", path) from e
        return cls(_entries(raw, path, source or path.name))

    @classmethod
    def shipped(cls) -> Lexicon:
        """CLDR places plus the curated lexicon.toml, read once."""
        return _shipped()

    def merged(self, *others: Lexicon) -> Lexicon:
        """This lexicon extended by `others`; where they share a form, the later lexicon's pairing is offered first
        (a workspace's own spelling is the one its reasons show)."""
        entries: list[Entry] = []
        for lexicon in reversed((self, *others)):
            entries.extend(lexicon.entries)
        return Lexicon(entries)

    def lookup(self, text: str, from_lang: str, label: str | None = None) -> list[Entry]:
        """Entries with `text` among their `from_lang` forms (and, given `label`, compatible with it)."""
        found = self._index[from_lang].get(form_key(text, from_lang), [])
        return [e for e in found if label is None or e.label is None or e.label == label]

    def is_joint(self, text: str, lang: str) -> bool:
        """Whether `text` is a form that names several places at once (북러), which may take several links."""
        return any(e.joint for e in self._index[lang].get(form_key(text, lang), ()))

    def counterparts(self, text: str, from_lang: str, label: str | None = None) -> list[tuple[str, str]]:
        """The other language's forms of `text`, each with its source ("CLDR", "lexicon", a workspace file), best
        first and without repeats."""
        seen: dict[str, tuple[str, str]] = {}
        for entry in self.lookup(text, from_lang, label):
            for form in entry.forms(other(from_lang)):
                seen.setdefault(form_key(form, other(from_lang)), (form, entry.source))
        return list(seen.values())


def _forms(value: object, path: Path, number: int, side: str) -> tuple[str, ...]:
    forms = (value,) if isinstance(value, str) else value
    if not isinstance(forms, list | tuple) or not forms or not all(isinstance(f, str) and f.strip() for f in forms):
        raise LexiconError(f"entry {number}: `{side}` must be a non-empty list of forms", path)
    return tuple(f.strip() for f in forms)


def _entries(raw: Mapping[str, object], path: Path, source: str) -> list[Entry]:
    items = raw.get("entries", [])
    if not isinstance(items, list):
        raise LexiconError("`entries` must be an array of tables", path)
    entries = []
    for number, item in enumerate(items, 1):
        if not isinstance(item, dict):
            raise LexiconError(f"entry {number} is not a table", path)
        label = item.get("label")
        if label is not None and (not isinstance(label, str) or not label):
            raise LexiconError(f"entry {number}: `label` must be a label name", path)
        joint = item.get("joint", False)
        if not isinstance(joint, bool):
            raise LexiconError(f"entry {number}: `joint` must be true or false", path)
        ko, en = _forms(item.get("ko"), path, number, "ko"), _forms(item.get("en"), path, number, "en")
        entries.append(Entry(ko, en, label, source, joint))
    return entries


@cache
def _shipped() -> Lexicon:
    from tandem.annotations.suggest.places import places

    cldr = [Entry((p.ko,), (p.en,), "GPE", "CLDR") for p in places()]
    return Lexicon.load(SHIPPED, source="lexicon").merged(Lexicon(cldr))  # CLDR named first where both list a form


def learned_pairs(links: Iterable[tuple[str, str]]) -> dict[str, Counter[str]]:
    """What the team already linked, for `find_counterpart`: from (English text, Korean text) pairs, each side's
    form key -> the other side's forms with how often they were linked. Korean forms are kept particle-free, so
    a link 푸틴은 ↔ Putin teaches 푸틴 ↔ Putin."""
    learned: dict[str, Counter[str]] = {}
    for english, korean in links:
        korean = particle_free(korean)
        english = english.strip()
        if not english or not korean:
            continue
        learned.setdefault(form_key(english, "en"), Counter())[korean] += 1
        learned.setdefault(form_key(korean, "ko"), Counter())[english] += 1
    return learned
