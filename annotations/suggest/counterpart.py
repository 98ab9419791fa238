"""Projection: for a span tagged on one side, the span that translates it in the aligned sentence of the other side.

Evidence, each kind with its own score, combined as independent votes (1 - Π(1 - s)) and each named in the reason:

- linked before: pairs the team already linked (`lexicon.learned_pairs`), with how often;
- lexicon: CLDR country and city names and the curated `lexicon.toml`, extended per workspace;
- sound: a Hangul name read in Latin letters (`romanize.sound_score`), for names no list holds;
- identity: the same Latin acronym, number or date on both sides (NSC, 2023, 9월 14일 = Sept. 14);
- parts: a name and a kind word translated each on its own (세진반도체 = Sejin Semiconductor, 부산시 = Busan:
  composed.py).

Candidates have sensible edges by construction: on the Korean side, Kiwi's proper-noun runs and particle-free words
(eojeol); on the English side, capitalised sequences, numbers and dates; on both, wherever a lexicon or learned
form occurs, unless inside a longer name the lexicon knows (Korea in North Korea, 한국 in 한국전쟁). A proposal is
made only when the best candidate is clearly ahead of every candidate it does not overlap: a sentence without the
counterpart gives nothing rather than a guess. When the name occurs more than once (or a list offers several of
its forms: U.S. and United States for 미국), spans already linked (`taken`) are skipped and the occurrence nearest
the span's own place in its sentence is proposed.

The "sentence" is whatever the caller aligns: one sentence, a sentence bead, or a whole paragraph bead.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from tandem.annotations.particles import strip_particle
from tandem.annotations.suggest import composed, kiwi
from tandem.annotations.suggest.lexicon import Lexicon, form_key, other, particle_free
from tandem.annotations.suggest.romanize import is_hangul, is_surname_of, romanize, sound_score

# Scores of single kinds of evidence, before they are combined.
LEARNED_SCORE = 0.9  # plus a little per earlier link, up to LEARNED_MAX
LEARNED_MAX = 0.98
LEXICON_SCORE = 0.9
OTHER_FORM_SCORE = 0.75  # a listed acronym for a name, or a name for an acronym
IDENTITY_SCORE = 0.9
PART_DATE_SCORE = 0.7  # 14일 and Sept. 14: the same day, one side without the month
SOUND_THRESHOLD = 0.75  # sound_score below this is no evidence (P .95 / R .94 on the pair list in the tests)
SURNAME_SCORE = 0.75  # a person's surname alone on one side, the full Korean name on the other (Lee, 이정훈)
PLAIN_SOUND = 0.95  # a word that is no proper noun must sound this much like a person's name to count
MIN_SCORE = 0.6  # no proposal below this
MARGIN = 0.05  # ... nor when a rival it does not overlap comes this close,
MISS_RATIO = 2.0  # ... or is not at least this many times likelier to be wrong

NAME_LABELS = frozenset({"PERSON", "ORG", "GPE", "LOC", "EVENT", "MILITARY"})
Learned = Mapping[Any, Mapping[str, int] | Collection[str]]
"""Pairs linked before: a form -> the other side's forms it was linked to, with counts (or a plain set). Keys may be
`lexicon.form_key(text, lang)` (what `lexicon.learned_pairs` builds), the particle-free text itself, or
(lang, text) as the engine's TeamNames.counterparts has them."""


@dataclass(frozen=True)
class Counterpart:
    """A proposed counterpart: `text` at [start, end) of the other side's text, with a score in [0, 1] and a reason
    a person reads ("CLDR: 러시아 = Russia; sounds like Russia (reo-si-a)")."""

    start: int
    end: int
    text: str
    score: float
    reason: str


@dataclass
class _Candidate:
    start: int  # offsets within the sentence
    end: int
    text: str
    kind: str  # "name" (proper-noun run, capitalised sequence), "word" (eojeol with a proper noun), "plain" (other
    # eojeol: no sound vote), "number", "found" (a listed form)
    votes: list[tuple[float, str]] = field(default_factory=list)
    listed: bool = False  # a list (learned, lexicon) or identity names it, not only its sound

    @property
    def score(self) -> float:
        miss = 1.0
        for score, _ in self.votes:
            miss *= 1.0 - score
        return 1.0 - miss


def find_counterpart(
    span_text: str,
    label: str | None,
    from_lang: str,
    other_sentence: str,
    other_offset: int,
    learned: Learned,
    lexicon: Lexicon,
    taken: Iterable[tuple[int, int]] = (),
    *,
    position: float | None = None,
) -> Counterpart | None:
    """The counterpart of `span_text` (tagged `label` on the `from_lang` side) inside `other_sentence`, which starts
    at `other_offset` of the other side's text; None unless one candidate is clearly best.

    `taken` holds spans of the other side (side-text offsets) already linked: they are not proposed again.
    `position` is where the span sits in its own sentence (0 at the start, 1 at the end): when the best name occurs
    more than once, the occurrence nearest the same place is proposed rather than the first."""
    to_lang = other(from_lang)
    source = _clean(span_text, from_lang)
    if not source or not other_sentence.strip():
        return None
    blocked = [
        (s - other_offset, e - other_offset)
        for s, e in taken
        if not lexicon.is_joint(other_sentence[s - other_offset : e - other_offset], to_lang)
    ]
    candidates: dict[tuple[int, int], _Candidate] = {}
    for cand in _candidates(other_sentence, to_lang):
        candidates.setdefault((cand.start, cand.end), cand)
    known = _known_spans(other_sentence, to_lang, lexicon)
    if label in NAME_LABELS or label is None:
        _composed_votes(candidates, source, from_lang, other_sentence, lexicon, label)

    def listed(form: str, score: float, reason: str) -> None:
        for start, end in _occurrences(other_sentence, form, to_lang):
            if any(s <= start and end <= e and (s, e) != (start, end) for s, e in known):
                continue  # Korea inside North Korea, 한국 inside 한국전쟁
            cand = candidates.setdefault((start, end), _Candidate(start, end, other_sentence[start:end], "found"))
            cand.votes.append((score, reason))
            cand.listed = True

    # Linked before, and listed: every place the other form occurs becomes a candidate with its vote.
    for form, count in _learned_forms(learned, source, from_lang):
        listed(form, min(LEARNED_MAX, LEARNED_SCORE + 0.01 * (count - 1)), f"linked before {count}×")
    acronym = is_acronym(source)
    for form, where in lexicon.counterparts(source, from_lang, label):
        ko, en = (source, form) if from_lang == "ko" else (form, source)
        # An acronym is translated by an acronym, a name by a name: NSC is not the likelier counterpart of
        # National Security Council when 국가안보회의 stands beside it.
        score = LEXICON_SCORE if is_acronym(form) == acronym else OTHER_FORM_SCORE
        listed(form, score, f"{where}: {ko} = {en}")

    source_date = _date(source, from_lang) if label in (None, "DATE") else None
    # English names that go on past their first word: "Lee" in "Lee Jung-hoon" is no surname standing alone.
    named_on = {c.start for c in candidates.values() if to_lang == "en" and c.kind == "name" and " " in c.text}
    live = []
    for cand in candidates.values():
        if any(s < cand.end and cand.start < e for s, e in blocked):
            continue
        if source_date is not None and cand.kind == "number":
            _date_vote(cand, source_date, _date(cand.text, to_lang))
            cand.listed = cand.listed or bool(cand.votes)
        elif acronym and cand.text == source:
            cand.votes.append((IDENTITY_SCORE, f"same letters {cand.text}"))
            cand.listed = True
        if label in NAME_LABELS or label is None:
            _sound_vote(cand, source, from_lang, label, alone=cand.start not in named_on)
        if cand.votes:
            live.append(cand)
    return _decide(live, to_lang, other_sentence, other_offset, position)


def _decide(live: list[_Candidate], to_lang: str, sentence: str, offset: int,
            position: float | None) -> Counterpart | None:  # fmt: skip
    """The best candidate if it is clearly ahead of every candidate it does not overlap, else None.

    Rivals that are the same name (the same text, or both forms a list gives for the span: U.S. and United States
    for 미국) are occurrences, not rivals: the one nearest `position`, else the first, is proposed."""
    if not live:
        return None
    live.sort(key=lambda c: (-c.score, c.start, -(c.end - c.start)))
    best = live[0]
    if best.score < MIN_SCORE:
        return None
    best_key = form_key(best.text, to_lang)
    same = [best]
    for rival in live[1:]:
        if rival.start < best.end and best.start < rival.end:
            continue  # another edge of the same mention
        if best.score - rival.score >= MARGIN and 1 - rival.score >= MISS_RATIO * (1 - best.score) - 1e-9:
            break  # clearly behind, and so is every candidate after it
        if form_key(rival.text, to_lang) == best_key or (best.listed and rival.listed):
            if not any(o.start < rival.end and rival.start < o.end for o in same):
                same.append(rival)
            continue
        return None
    if len(same) > 1:
        if position is None:
            best = min(same, key=lambda c: c.start)
        else:
            best = min(same, key=lambda c: (abs(c.start / max(1, len(sentence)) - position), c.start))
    reason = "; ".join(dict.fromkeys(r for _, r in sorted(best.votes, key=lambda v: -v[0])))
    return Counterpart(offset + best.start, offset + best.end, best.text, round(best.score, 3), reason)


def clear_caches() -> None:
    """Forget tokenised sentences, candidates and sound scores (they are kept between calls, since an article's
    sentences are asked about again and again): for measuring a cold start, and for tests."""
    for cached in (_tokens_cached, _boundaries, _english_spans, _korean_spans, _known_spans, _cached_sound,
                   _script_counts, _english_pattern, _folded):  # fmt: skip
        cached.cache_clear()


# ------------------------------------------------------------------------------------------------------ evidence


def _clean(text: str, lang: str) -> str:
    """The span as a name: Korean without a trailing particle, English without "the" or a possessive 's."""
    text = text.strip().strip("\"'“”‘’()[]«»「」『』,;:")
    if lang == "ko":
        return particle_free(text)
    text = re.sub(r"^(?:the|The)\s+", "", text)
    return re.sub(r"['’]s$", "", text)


def _learned_forms(learned: Learned, source: str, lang: str) -> list[tuple[str, int]]:
    """Other-side forms linked to the span before, with counts (a set of forms counts each once)."""
    found = learned.get(form_key(source, lang)) or learned.get(source) or learned.get((lang, source))
    if not found:
        return []
    if isinstance(found, Mapping):
        return sorted(((f, int(n)) for f, n in found.items()), key=lambda fn: -fn[1])
    return [(f, 1) for f in found]


def _sound_vote(cand: _Candidate, source: str, from_lang: str, label: str | None, alone: bool = True) -> None:
    """A vote when the candidate sounds like the span (one side in Hangul, the other in Latin letters). A word the
    analyser does not call a proper noun votes only for a person's name that it reads exactly (이도윤 = Lee
    Doyoon: Kiwi misses many Korean given names). A surname standing `alone` on one side is a mention of the
    full Korean name on the other (Lee, 이정훈)."""
    if cand.kind == "number" or (cand.kind == "plain" and label != "PERSON"):
        return
    korean, english = (source, cand.text) if from_lang == "ko" else (cand.text, source)
    if (label == "PERSON" and alone and cand.kind != "plain" and is_surname_of(korean, english)
            and particle_free(korean) == korean):  # fmt: skip
        cand.votes.append((SURNAME_SCORE, f"{english} is the surname of {korean}"))
        return
    sound = _sound(korean, english)
    if sound is None or (cand.kind == "plain" and _cached_sound(korean, english) < PLAIN_SOUND):
        return
    vote, reason = sound
    if cand.kind in ("word", "plain"):
        vote *= 0.95  # an ordinary word that happens to sound alike is less likely than a proper noun
    cand.votes.append((vote, reason))


def _sound(korean: str, english: str) -> tuple[float, str] | None:
    """The vote of a Hangul name that sounds like a Latin one, with its reason; None below the threshold."""
    syllables, letters = _script_counts(korean)[0], _script_counts(english)[1]
    if not syllables or _script_counts(english)[0] or not syllables <= letters <= 4 * syllables + 2:
        return None  # a Hangul syllable is one to four Latin letters
    score = _cached_sound(korean, english)
    if score < SOUND_THRESHOLD:
        return None
    vote = MIN_SCORE + (score - SOUND_THRESHOLD) / (1 - SOUND_THRESHOLD) * (0.9 - MIN_SCORE)
    return vote, f"sounds like {english} ({romanize(korean, sep='-')})"


def _composed_votes(candidates: dict[tuple[int, int], _Candidate], source: str, from_lang: str, sentence: str,
                    lexicon: Lexicon, label: str | None) -> None:  # fmt: skip
    """Votes for spans that translate the span part by part (세진반도체 = Sejin Semiconductor, 부산시 = Busan)."""

    def name_vote(korean: str, english: str) -> tuple[float, str] | None:
        listed = next((where for form, where in lexicon.counterparts(english, "en") if form_key(form, "ko")
                       == form_key(korean, "ko")), None)  # fmt: skip
        if listed is not None:
            return LEXICON_SCORE, f"{listed}: {korean} = {english}"
        return _sound(korean, english)

    for start, end, vote, reason in composed.matches(source, from_lang, sentence, name_vote, label):
        cand = candidates.setdefault((start, end), _Candidate(start, end, sentence[start:end], "found"))
        cand.votes.append((vote, reason))


@lru_cache(maxsize=16384)
def _script_counts(text: str) -> tuple[int, int]:
    """How many Hangul syllables and how many Latin letters `text` has."""
    return (sum(1 for ch in text if "\uac00" <= ch <= "\ud7a3"),
            sum(1 for ch in text if ch.isascii() and ch.isalpha()))  # fmt: skip


@lru_cache(maxsize=65536)
def _cached_sound(korean: str, english: str) -> float:
    return sound_score(korean, english)


_ACRONYM = re.compile(r"[A-Z][A-Z0-9&.\-]*[A-Z0-9]\.?")


def is_acronym(text: str) -> bool:
    """Whether the span is Latin capitals (an acronym such as NSC or KCNA), which both sides write alike."""
    return bool(_ACRONYM.fullmatch(text.strip()))


@lru_cache(maxsize=256)
def _known_spans(sentence: str, lang: str, lexicon: Lexicon) -> tuple[tuple[int, int], ...]:
    """Candidates the lexicon knows as names: a listed form found strictly inside one is not that form."""
    spans = _korean_spans(sentence) if lang == "ko" else _english_spans(sentence)
    return tuple((s, e) for s, e, kind in spans if kind != "number" and lexicon.lookup(sentence[s:e], lang))


# ---------------------------------------------------------------------------------------------- numbers and dates

_MONTHS = {
    "jan": 1, "january": 1, "feb": 2, "february": 2, "mar": 3, "march": 3, "apr": 4, "april": 4, "may": 5,
    "jun": 6, "june": 6, "jul": 7, "july": 7, "aug": 8, "august": 8, "sep": 9, "sept": 9, "september": 9,
    "oct": 10, "october": 10, "nov": 11, "november": 11, "dec": 12, "december": 12,
}  # fmt: skip
_MONTH = r"(?:Jan(?:uary|\.)?|Feb(?:ruary|\.)?|Mar(?:ch|\.)?|Apr(?:il|\.)?|May|June?\.?|July?\.?|Aug(?:ust|\.)?|" \
         r"Sept?(?:ember|\.)?|Oct(?:ober|\.)?|Nov(?:ember|\.)?|Dec(?:ember|\.)?)"  # fmt: skip
_ORD = r"(?:st|nd|rd|th)"
_EN_DATE = re.compile(
    rf"\b(?:(?P<m1>{_MONTH})\s+(?P<d1>\d{{1,2}}){_ORD}?(?:,?\s+(?P<y1>\d{{4}}))?"
    rf"|(?P<d2>\d{{1,2}}){_ORD}?\s+(?:of\s+)?(?P<m2>{_MONTH})(?:,?\s+(?P<y2>\d{{4}}))?"
    rf"|(?P<m3>{_MONTH})(?:\s+(?:of\s+)?(?P<y3>\d{{4}}))?"
    rf"|(?P<d4>\d{{1,2}}){_ORD}"
    rf"|(?P<n>\d+(?:[.,]\d+)*))(?![\w])"
)
_KO_DATE = re.compile(
    r"(?:(?P<y1>\d{4})\s*년(?:\s*(?P<m1>\d{1,2})\s*월)?(?:\s*(?P<d1>\d{1,2})\s*일)?"
    r"|(?P<m2>\d{1,2})\s*월(?:\s*(?P<d2>\d{1,2})\s*일)?"
    r"|(?P<d3>\d{1,2})\s*일"
    r"|(?P<n>\d+(?:[.,]\d+)*))"
)


def _parts(match: re.Match[str]) -> tuple[int | str, ...]:
    """(year, month, day) pieces present in a date match, named so a day never equals a month; or the number."""
    got = {k[0]: v for k, v in match.groupdict().items() if v}
    if "n" in got:
        return (got["n"].replace(",", ""),)
    out: list[int | str] = []
    if "y" in got:
        out.append(f"y{int(got['y'])}")
    if "m" in got:
        month = got["m"]
        out.append(f"m{_MONTHS[month.lower().rstrip('.')] if not month.isdigit() else int(month)}")
    if "d" in got:
        out.append(f"d{int(got['d'])}")
    return tuple(out)


def _date(text: str, lang: str) -> tuple[int | str, ...] | None:
    """The date or number `text` is, when all of it is one (2019년 4월 = April 2019; 4일 = 4th), else None."""
    text = re.sub(r"^(?:the|The)\s+", "", text.strip())
    match = (_KO_DATE if lang == "ko" else _EN_DATE).fullmatch(text)
    if match is None:
        return None
    parts = _parts(match)
    if len(parts) == 1 and isinstance(parts[0], str) and parts[0].startswith("y"):
        return (parts[0][1:],)  # a bare year is also a bare number: 2022년 = 2022
    return parts


def _date_vote(cand: _Candidate, source: tuple[int | str, ...], target: tuple[int | str, ...] | None) -> None:
    """Same date or number: a full vote; one side giving only part of the other's date (14일 for Sept. 14): less."""
    if target is None:
        return
    if target == source:
        kind = "date" if len(source) > 1 or str(source[0])[0] in "dm" else "number"
        cand.votes.append((IDENTITY_SCORE, f"same {kind} {cand.text}"))
    elif (
        len(source) != len(target)
        and (set(source) <= set(target) or set(target) <= set(source))
        and all(str(p)[0] in "ymd" for p in (*source, *target))
    ):
        cand.votes.append((PART_DATE_SCORE, f"same day or month as {cand.text}"))


def _number_candidates(sentence: str, lang: str) -> Iterable[_Candidate]:
    for match in (_KO_DATE if lang == "ko" else _EN_DATE).finditer(sentence):
        if match.group(0).strip():
            yield _Candidate(match.start(), match.end(), match.group(0), "number")


# ---------------------------------------------------------------------------------------------------- candidates


_PRIORITY = {"name": 0, "number": 1, "word": 2, "plain": 3}


def _candidates(sentence: str, lang: str) -> list[_Candidate]:
    """Spans of a sentence that could be a name's counterpart, one per extent (a proper noun before a word), as
    fresh objects that callers add votes to."""
    found = _korean_spans(sentence) if lang == "ko" else _english_spans(sentence)
    kinds: dict[tuple[int, int], str] = {}
    for s, e, kind in found:
        if (s, e) not in kinds or _PRIORITY[kind] < _PRIORITY[kinds[s, e]]:
            kinds[s, e] = kind
    return [_Candidate(s, e, sentence[s:e], kind) for (s, e), kind in kinds.items()]


_CONNECTORS = frozenset({"of", "for", "and", "the", "de", "von", "der", "al", "bin", "on", "du", "la", "van"})
_ABBREVIATIONS = frozenset({"sept", "jan", "feb", "mar", "apr", "aug", "oct", "nov", "dec", "jun", "jul", "mr",
                            "mrs", "ms", "dr", "gen", "lt", "col", "sgt", "jr", "sr", "st", "co", "corp", "inc",
                            "ltd", "no", "gov", "sen", "rep", "adm", "capt", "maj"})  # fmt: skip
_EN_WORD = re.compile(r"[A-Za-z0-9]+(?:[.'’\-][A-Za-z0-9]+)*\.?")
_GAP = re.compile(r"(?:\s|['’]\s|-)")  # what may stand between words of one name: Workers' Party, Korea-Russia
_MAX_NAME_WORDS = 6


def _english_words(sentence: str) -> list[tuple[int, int]]:
    """Word spans, a possessive 's and a sentence's final period left out, capitalised compounds split
    (Korea-Russia is two names, Jong-un one)."""
    words = []
    for match in _EN_WORD.finditer(sentence):
        start, end = match.span()
        text = match.group(0)
        if text.endswith(".") and not ("." in text[:-1] or len(text) == 2 or text[:-1].lower() in _ABBREVIATIONS):
            end -= 1
        if sentence[end - 2 : end] in ("'s", "’s") and end - 2 > start:
            end -= 2
        piece_start = start
        for hyphen in re.finditer(r"-(?=[A-Z])", sentence[start:end]):
            if sentence[piece_start].isupper():
                words.append((piece_start, start + hyphen.start()))
                piece_start = start + hyphen.end()
        words.append((piece_start, end))
    return words


@lru_cache(maxsize=1024)
def _english_spans(sentence: str) -> tuple[tuple[int, int, str], ...]:
    """Capitalised sequences (and their sub-sequences that start and end with a capital) plus numbers and dates."""
    words = _english_words(sentence)
    spans: list[tuple[int, int, str]] = []
    run: list[tuple[int, int]] = []

    def flush() -> None:
        caps = [i for i, (s, _) in enumerate(run) if sentence[s].isupper()]
        for a in caps:
            for b in caps:
                if a <= b < a + _MAX_NAME_WORDS:
                    first = sentence[run[a][0] : run[a][1]]
                    if a == b and first in ("The", "A", "An", "In", "On", "At", "He", "She", "It", "We", "They", "I"):
                        continue
                    start = run[a][0] + (4 if first == "The" and a < b else 0)
                    spans.append((start, run[b][1], "name"))
        run.clear()

    for start, end in words:
        text = sentence[start:end]
        capital = text[0].isupper()
        joined = bool(run) and _GAP.fullmatch(sentence[run[-1][1] : start]) is not None
        if capital or (run and joined and text in _CONNECTORS):
            if run and not joined:
                flush()
            run.append((start, end))
        else:
            flush()
    while run and not sentence[run[-1][0]].isupper():
        run.pop()
    flush()
    spans.extend((c.start, c.end, c.kind) for c in _number_candidates(sentence, "en"))
    return tuple(dict.fromkeys(spans))


_KO_TRIM = "\"'“”‘’()[]{}<>«»「」『』《》〈〉,.;:!?…·"
_NOMINAL = ("NN", "NR", "NP", "SL", "SN", "SH", "XPN", "XSN", "SO", "W_")
_PROPER = ("NNP", "SL", "SH")


@lru_cache(maxsize=1024)
def _korean_spans(sentence: str) -> tuple[tuple[int, int, str], ...]:
    """Kiwi's proper-noun runs, particle-free words (eojeol), each proper noun inside a word, numbers and dates."""
    spans: list[tuple[int, int, str]] = []
    tokens = _tokens(sentence)
    for match in re.finditer(r"\S+", sentence):
        start, end = match.span()
        while start < end and sentence[start] in _KO_TRIM:
            start += 1
        while end > start and sentence[end - 1] in _KO_TRIM:
            end -= 1
        if start >= end:
            continue
        inside = tokens[bisect_left(tokens, (start,)) : bisect_left(tokens, (end + 1,))]
        inside = [t for t in inside if t[1] <= end]
        kind = "word" if not tokens or any(tag in _PROPER for *_, tag in inside) else "plain"
        content_end = start
        for _, t_end, tag in inside:
            if not tag.startswith(_NOMINAL):
                break
            content_end = t_end
        if content_end > start:
            spans.append((start, content_end, kind))
        stripped = strip_particle(sentence, start, end) if not tokens else content_end
        if stripped > start and stripped != content_end:
            spans.append((start, stripped, kind))
        if kind == "word" and tokens and end not in (content_end, stripped):
            spans.append((start, end, "word"))  # 김정은 read as 김정 + 은: the whole word too
    # Proper-noun runs: NNP/SL tokens next to each other or one space apart, every sub-run, and a token that holds
    # a space (세르게이 쇼이구) also split at it.
    proper = [t for t in tokens if t[2] in _PROPER]
    for i in range(len(proper)):
        for j in range(i, min(len(proper), i + 4)):
            if j > i and sentence[proper[j - 1][1] : proper[j][0]] not in ("", " "):
                break
            if j > i and _between_particle(tokens, proper[j - 1], proper[j]):
                break
            spans.append((proper[i][0], proper[j][1], "name"))
        t_start, t_end, _ = proper[i]
        for piece in re.finditer(r"\S+", sentence[t_start:t_end]):
            spans.append((t_start + piece.start(), t_start + piece.end(), "name"))
    # An initial joins its neighbours (진 H. 리).
    for match in re.finditer(r"(?<!\S)\S+ [A-Z]\. \S+", sentence):
        end = strip_particle(sentence, match.start(), match.end())
        spans.append((match.start(), end, "name"))
    spans.extend((c.start, c.end, c.kind) for c in _number_candidates(sentence, "ko"))
    return tuple(dict.fromkeys(spans))


def _between_particle(tokens: list[tuple[int, int, str]], left: tuple[int, int, str],
                      right: tuple[int, int, str]) -> bool:  # fmt: skip
    return any(left[1] <= t[0] and t[1] <= right[0] and t[2] not in _PROPER for t in tokens)


@lru_cache(maxsize=1024)
def _tokens_cached(sentence: str) -> tuple[tuple[int, int, str], ...]:
    tokens = kiwi.tokenize(sentence)
    return () if tokens is None else tuple((t.start, t.start + t.len, t.tag) for t in tokens)


def _tokens(sentence: str) -> list[tuple[int, int, str]]:
    """Kiwi tokens as (start, end, tag) in code points of `sentence`; none without kiwipiepy (words still work)."""
    return list(_tokens_cached(sentence))


# --------------------------------------------------------------------------------------------- finding a form


@lru_cache(maxsize=4096)
def _english_pattern(form: str) -> re.Pattern[str]:
    """A form as a regex: spaces and hyphens interchangeable, periods optional (U.S. = US = U.S), acronyms in
    their case, everything else in any case."""
    letters = form.replace(".", "")
    acronym = letters.replace(" ", "").replace("-", "").isupper()
    pieces = []
    for word in re.split(r"[\s\-]+", letters):
        if acronym and word.isalpha():
            pieces.append(r"\.?".join(re.escape(ch) for ch in word) + r"\.?")
        else:
            pieces.append(re.escape(word) + r"\.?")
    pattern = r"(?<![\w.])" + r"[\s\-]+".join(pieces) + r"(?![\w])"
    return re.compile(pattern, 0 if acronym else re.IGNORECASE)


@lru_cache(maxsize=1024)
def _folded(sentence: str) -> str:
    return sentence.casefold().replace(".", "")


def _english_occurrences(sentence: str, form: str) -> list[tuple[int, int]]:
    first = re.split(r"[\s\-]+", form.casefold().replace(".", ""))[0]
    if first not in _folded(sentence):
        return []  # most listed forms are not in the sentence: skip building their pattern
    out = []
    for match in _english_pattern(form).finditer(sentence):
        start, end = match.span()
        if sentence[end - 1] == "." and not form.endswith(".") and "." not in sentence[start : end - 1]:
            end -= 1  # the sentence's own period
        out.append((start, end))
    return out


def _occurrences(sentence: str, form: str, lang: str) -> list[tuple[int, int]]:
    """Where `form` occurs in the sentence as a whole name: English at word boundaries (acronyms in their case),
    Korean at Kiwi token boundaries (평양 is not inside 태평양), spaces between Korean words optional."""
    form = form.strip()
    if not form:
        return []
    if lang == "en":
        return _english_occurrences(sentence, form)
    if form.replace(" ", "")[:1] not in sentence:
        return []
    starts, ends, proper = _boundaries(sentence)
    single = len(form_key(form, "ko")) == 1
    out = []
    for s, e in _find_all(sentence, form):
        if starts:
            if s not in starts or e not in ends:
                continue
            if single and (s, e) not in proper:
                continue  # one syllable (북, 미) only as a proper noun of its own
        elif s > 0 and is_hangul(sentence[s - 1]):
            continue
        out.append((s, e))
    return out


def _find_all(sentence: str, form: str) -> list[tuple[int, int]]:
    """Every occurrence of a Korean form as written and, when it has spaces or dots, run together."""
    found = []
    for variant in dict.fromkeys((form, form_key(form, "ko"))):
        start = sentence.find(variant)
        while start >= 0:
            found.append((start, start + len(variant)))
            start = sentence.find(variant, start + 1)
    return found


@lru_cache(maxsize=1024)
def _boundaries(sentence: str) -> tuple[frozenset[int], frozenset[int], frozenset[tuple[int, int]]]:
    """Token starts, token ends and proper-noun token spans of a Korean sentence (all empty without Kiwi)."""
    tokens = _tokens_cached(sentence)
    return (frozenset(t[0] for t in tokens), frozenset(t[1] for t in tokens),
            frozenset((t[0], t[1]) for t in tokens if t[2] == "NNP"))  # fmt: skip
