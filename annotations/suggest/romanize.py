"""Hangul in Latin letters, and how much a Korean name sounds like an English one.

Projection needs to see that 푸틴 is Putin, 블링컨 Blinken and 이창용 Rhee Chang-yong. One romanization does not
serve both kinds of name, so `sound_score` tries two readings and keeps the better:

- a *native* reading for Korean names: each syllable may take any of its usual spellings (surname conventions
  such as 이 → Lee/Rhee/Yi/Ri, 박 → Park/Pak; 정 → jeong/jung/jong/chung; 은 → eun/un), and an English spelling
  that is one such choice per syllable scores 1.0;
- a *loanword* reading for foreign names written in Hangul: both sides are reduced to a loose key that forgets
  what Korean transcription cannot keep (f/p, v/b, r/l, th/s, sh/s, g/k, doubled letters, the vowel ㅡ that
  Korean adds inside clusters: 트럼프 → trmp, Trump → trmp), then compared with rapidfuzz.

The libraries on PyPI give one Revised Romanization each (korean-romanizer is GPL-3 and writes 블링컨 as
"beulringkeon"), which is the reading neither side of news uses for foreign names, so the syllable tables are
here; `romanize` is plain Revised Romanization, syllable by syllable, for reasons a person reads.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable
from functools import cache, lru_cache

from rapidfuzz.distance import Levenshtein

_FIRST, _LAST = 0xAC00, 0xD7A3

# Revised Romanization, one syllable at a time (no sound changes across syllables, as in personal names).
_RR_INITIAL = ("g", "kk", "n", "d", "tt", "r", "m", "b", "pp", "s", "ss", "", "j", "jj", "ch", "k", "t", "p", "h")
_RR_VOWEL = ("a", "ae", "ya", "yae", "eo", "e", "yeo", "ye", "o", "wa", "wae", "oe", "yo", "u", "wo", "we", "wi",
             "yu", "eu", "ui", "i")  # fmt: skip
_RR_FINAL = ("", "k", "k", "k", "n", "n", "n", "t", "l", "k", "m", "l", "l", "l", "p", "l", "m", "p", "p", "t", "t",
             "ng", "t", "t", "k", "t", "p", "t")  # fmt: skip

# How each jamo is spelled in Korean names written in English (RR, McCune-Reischauer, and common usage).
_NAME_INITIAL = (("g", "k"), ("kk", "k", "gg"), ("n",), ("d", "t"), ("tt", "t", "dd"), ("r", "l", "n", ""), ("m",),
                 ("b", "p"), ("pp", "p", "bb"), ("s", "sh"), ("ss", "s"), ("",), ("j", "ch", "z"),
                 ("jj", "ch", "tch", "j"), ("ch", "c"), ("k",), ("t",), ("p", "ph"), ("h",))  # fmt: skip
_NAME_VOWEL = (("a", "ah"), ("ae", "ai", "e", "a"), ("ya",), ("yae", "ye"), ("eo", "u", "o", "uh"), ("e", "ae"),
               ("yeo", "yo", "yu", "you", "yeu"), ("ye",), ("o", "oh", "oo"), ("wa",), ("wae", "we"),
               ("oe", "oi", "ey", "we"), ("yo",), ("u", "oo", "woo", "ou"), ("wo", "weo", "wu"), ("we",),
               ("wi", "wee", "ui"), ("yu", "yoo", "you"), ("eu", "u", "e", "ue"), ("ui", "eui", "ee", "i", "ei"),
               ("i", "ee", "y", "ie"))  # fmt: skip
_NAME_FINAL = {0: ("",), 1: ("k", "g", "ck"), 4: ("n",), 7: ("t", "d"), 8: ("l", "r"), 16: ("m",), 17: ("p", "b"),
               19: ("t", "s"), 21: ("ng",)}  # fmt: skip

# Surnames and their customary spellings, including the two-syllable ones.
SURNAMES: dict[str, tuple[str, ...]] = {
    "김": ("kim", "gim"), "이": ("lee", "rhee", "yi", "ri", "i", "rhie", "li", "yee"), "리": ("ri", "lee", "li"),
    "박": ("park", "pak", "bak", "bahk"), "최": ("choi", "choe", "chey", "choy"), "정": ("jung", "chung", "jeong",
    "jong", "cheong", "chong"), "강": ("kang", "gang"), "조": ("cho", "jo", "joe", "chough"),
    "윤": ("yoon", "yun"), "장": ("jang", "chang"), "임": ("lim", "im", "yim", "rim"), "한": ("han",),
    "오": ("oh", "o"), "서": ("seo", "suh", "so"), "신": ("shin", "sin"), "권": ("kwon", "gwon"),
    "황": ("hwang",), "안": ("ahn", "an"), "송": ("song",), "전": ("jeon", "jun", "chun", "chon", "jun"),
    "홍": ("hong",), "유": ("yoo", "yu", "you", "ryu"), "류": ("ryu", "yoo", "yu", "lyu", "ryoo"),
    "고": ("ko", "koh", "go"), "문": ("moon", "mun"), "양": ("yang",), "손": ("son", "sohn"),
    "배": ("bae", "pae"), "백": ("baek", "paik", "paek", "baik", "back"), "허": ("heo", "hur", "huh"),
    "남": ("nam",), "심": ("sim", "shim"), "노": ("noh", "roh", "no"), "하": ("ha",), "곽": ("kwak", "gwak"),
    "성": ("sung", "seong"), "차": ("cha",), "주": ("joo", "ju", "chu", "choo"), "우": ("woo", "u"),
    "구": ("koo", "ku", "gu"), "민": ("min",), "진": ("jin", "chin"), "지": ("ji", "chi"),
    "엄": ("eom", "um", "uhm"), "채": ("chae", "chai"), "원": ("won",), "천": ("cheon", "chun"),
    "방": ("bang", "pang"), "공": ("kong", "gong"), "현": ("hyun", "hyeon"), "함": ("ham",),
    "변": ("byun", "byeon", "pyon"), "염": ("yeom", "yum"), "여": ("yeo", "yoh", "yo"), "추": ("choo", "chu"),
    "도": ("do", "doh"), "소": ("so",), "석": ("seok", "suk"), "선": ("sun", "seon"), "설": ("seol", "sul"),
    "마": ("ma",), "길": ("gil", "kil"), "연": ("yeon", "yun"), "위": ("wi", "wee"), "표": ("pyo",),
    "명": ("myung", "myeong"), "기": ("ki", "gi"), "반": ("ban", "pan"), "왕": ("wang",),
    "금": ("keum", "geum", "kum"), "옥": ("ok",), "육": ("yook", "yuk"), "인": ("in",), "맹": ("maeng",),
    "제": ("je",), "모": ("mo",), "탁": ("tak",), "국": ("kook", "kuk"), "은": ("eun",), "편": ("pyun", "pyeon"),
    "용": ("yong",), "예": ("ye",), "경": ("kyung", "kyeong", "gyeong"), "봉": ("bong",), "나": ("na", "ra"),
    "라": ("ra", "na"), "황보": ("hwangbo",), "남궁": ("namgung", "namkung"), "제갈": ("jegal",),
    "선우": ("sunwoo", "seonu"), "독고": ("dokgo",), "사공": ("sagong",),
}  # fmt: skip

_HANGUL_RUN = re.compile(r"[\uac00-\ud7a3]+")


def _jamo(syllable: str) -> tuple[int, int, int] | None:
    """(initial, vowel, final) indices of a Hangul syllable; None for anything else."""
    code = ord(syllable) - _FIRST
    if not 0 <= code <= _LAST - _FIRST:
        return None
    return code // 588, (code % 588) // 28, code % 28


def is_hangul(text: str) -> bool:
    """Whether `text` has a Hangul syllable: the side a string belongs to, for callers that get both."""
    return _HANGUL_RUN.search(text) is not None


def romanize(text: str, sep: str = "") -> str:
    """Revised Romanization, each syllable on its own, joined by `sep` inside a word ("pu-tin" with sep="-")."""
    words = []
    for word in text.split():
        parts = []
        for ch in word:
            j = _jamo(ch)
            parts.append(ch if j is None else _RR_INITIAL[j[0]] + _RR_VOWEL[j[1]] + _RR_FINAL[j[2]])
        words.append(sep.join(p for p in parts if p))
    return " ".join(words)


# ---------------------------------------------------------------------------------------------- native reading


@cache
def _syllable_spellings(syllable: str) -> frozenset[str]:
    """Every usual spelling of one syllable of a Korean name (empty for non-Hangul)."""
    j = _jamo(syllable)
    if j is None:
        return frozenset()
    initial, vowel, final = j
    finals = _NAME_FINAL.get(final, (_RR_FINAL[final],))
    found = {a + b + c for a, b, c in itertools.product(_NAME_INITIAL[initial], _NAME_VOWEL[vowel], finals)}
    if initial == 9 and vowel in (2, 6, 12, 17, 20):  # 샤 셔 쇼 슈 시: sha, shu, shi
        found |= {"sh" + v[1:] + c for v in _NAME_VOWEL[vowel] for c in finals if v.startswith("y")}
        found |= {"shi" + c for c in finals} if vowel == 20 else set()
    if initial == 18 and vowel in (9, 14):  # 화 hwa or wha, 훤 hwon or whon
        found |= {"wh" + v[1:] + c for v in _NAME_VOWEL[vowel] for c in finals}
    return frozenset(found)


def _letters(text: str) -> str:
    return "".join(ch for ch in text.lower() if "a" <= ch <= "z")


@lru_cache(maxsize=8192)
def _english_letters(english: str) -> tuple[str, list[str]]:
    """An English name's letters run together, and its words (split at spaces and hyphens), lowercase."""
    words = [w for w in (_letters(w) for w in re.split(r"[\s-]+", english)) if w]
    return "".join(words), words


def _spells(syllables: str, english: str, surname_first: bool) -> bool:
    """Whether `english` (letters only) is one usual spelling per syllable, surname by convention."""
    options: list[frozenset[str]] = []
    rest = syllables
    for size in (2, 1):
        if len(syllables) >= size and syllables[:size] in SURNAMES:  # a surname alone too: 박 = Park
            options.append(frozenset(SURNAMES[syllables[:size]]) | _syllable_spellings(syllables[0]) if size == 1
                           else frozenset(SURNAMES[syllables[:size]]))  # fmt: skip
            rest = syllables[size:]
            break
    options += [_syllable_spellings(s) for s in rest]
    if not surname_first and len(options) > 1:
        options = options[1:] + options[:1]
    reach = {0}
    for spellings in options:
        by_first = _by_first_letter(spellings)
        reach = {p + len(s) for p in reach for s in by_first.get(english[p : p + 1], ()) if english.startswith(s, p)}
        reach |= {p for p in reach if "" in spellings}
        if not reach:
            return False
    return len(english) in reach


@lru_cache(maxsize=4096)
def _by_first_letter(spellings: frozenset[str]) -> dict[str, tuple[str, ...]]:
    """Spellings grouped by their first letter, so a position is only tried against those that can fit."""
    groups: dict[str, list[str]] = {}
    for spelling in spellings:
        if spelling:
            groups.setdefault(spelling[0], []).append(spelling)
    return {k: tuple(v) for k, v in groups.items()}


def _surname(syllables: str) -> str | None:
    """The surname a Korean full name begins with (two syllables first: 황보, then one: 김), if a given name
    follows it."""
    return next((syllables[:n] for n in (2, 1) if len(syllables) > n and syllables[:n] in SURNAMES), None)


def native_score(korean: str, english: str) -> float | None:
    """1.0 when `english` spells the Korean name by the usual conventions (either name order); 0.0 when it is
    another Korean name (the surname agrees, the given name does not: 김정은 and Kim Jong Il); None otherwise."""
    syllables = "".join(korean.split())
    if not syllables or _HANGUL_RUN.fullmatch(syllables) is None or len(syllables) > 5:
        return None
    letters, words = _english_letters(english)
    if not letters:
        return None
    if _spells(syllables, letters, True) or (len(words) > 1 and _spells(syllables, letters, False)):
        return 1.0
    # A Korean given name in English has a hyphen or a word per syllable (Kim Jong-un, Kim Jong Un); Chinese
    # names read in Korean (리창 Li Qiang, 왕이 Wang Yi) look like Korean names but have neither.
    korean_style = "-" in english or len(words) >= 3
    surname = _surname(syllables)
    if surname and korean_style and " " not in korean.strip() and {words[0], words[-1]} & set(SURNAMES[surname]):
        return 0.0
    return None


# -------------------------------------------------------------------------------------------- loanword reading

# How Korean transcribes foreign sounds, read back: ㄹ → l, ㅡ dropped (it only breaks up clusters), ㅓ → o.
_LOAN_INITIAL = ("g", "k", "n", "d", "t", "l", "m", "b", "p", "s", "s", "", "j", "j", "ch", "k", "t", "p", "h")
_LOAN_VOWEL = ("a", "a", "ya", "ye", "o", "e", "yo", "ye", "o", "wa", "we", "we", "yo", "u", "wo", "we", "wi",
               "yu", "", "ui", "i")  # fmt: skip
_LOAN_FINAL = ("", "k", "k", "k", "n", "n", "n", "t", "l", "k", "m", "l", "l", "l", "p", "l", "m", "p", "p", "t",
               "t", "n", "t", "t", "k", "t", "p", "t")  # fmt: skip

# Rewrites applied to both sides, in order, after English-only spelling rules.
_SHARED = [(re.compile(a), b) for a, b in (
    (r"ph", "f"), (r"f", "p"), (r"v", "b"), (r"w(?=[aeiou])", "w"), (r"th", "s"), (r"sh", "s"), (r"zh", "j"),
    (r"z", "j"), (r"dj", "j"), (r"ch", "j"), (r"r", "l"), (r"ng", "n"), (r"g", "k"), (r"y", "i"), (r"ks", "x"),
    (r"(.)\1+", r"\1"),
)]  # fmt: skip
_ENGLISH = [(re.compile(a), b) for a, b in (
    (r"ck", "k"), (r"sch", "sh"), (r"c(?=[eiy])", "s"), (r"c(?!h)", "k"), (r"q", "k"), (r"x", "ks"),
    (r"kh", "h"), (r"gh", "g"), (r"tz$", "ch"), (r"ts$", "ch"), (r"dt", "t"),
)]  # fmt: skip
_PINYIN = [(re.compile(a), b) for a, b in ((r"(?<=[jqx])i(?=[aou])", ""), (r"^x", "s"), (r"(?<=[^s])x", "s"),
                                           (r"q", "ch"), (r"zh", "j"), (r"z", "j"), (r"c(?!h)", "ch"))]  # fmt: skip
_VOWELS = re.compile(r"[aeiou]+")


def _rewrite(text: str, rules: list[tuple[re.Pattern[str], str]]) -> str:
    for pattern, replacement in rules:
        text = pattern.sub(replacement, text)
    return text


def _loan_latin(korean_word: str) -> str:
    """One Korean word read back as a foreign spelling: 블링컨 → blingkon, 쇼이구 → shoigu."""
    out = []
    for ch in korean_word:
        j = _jamo(ch)
        if j is None:
            out.append(ch.lower() if ch.isascii() and ch.isalpha() else "")
            continue
        initial, vowel, final = j
        head, body = _LOAN_INITIAL[initial], _LOAN_VOWEL[vowel]
        if initial in (9, 10, 12, 13, 14) and body.startswith("y"):  # 쇼 syo → sho, 쥬 → ju
            head, body = ("sh" if initial in (9, 10) else head), body[1:]
        elif initial in (9, 10) and body == "i":
            head = "sh"  # 시 is "shi" or "si"; sh and s meet in the shared rewrites
        out.append(head + body + _LOAN_FINAL[final])
    return "".join(out)


# Korean spellings that stand for more than one foreign sound: 후 for Japanese "fu", 뤼 and 쉬 for French "u".
_KOREAN_VARIANTS = [(re.compile(a), b) for a, b in ((r"hu", "pu"), (r"wi", "u"))]


@lru_cache(maxsize=8192)
def _korean_keys(korean: str) -> tuple[tuple[str, str], ...]:
    """Loose keys (with their consonant skeletons) of a foreign name in Hangul: the words as written, reversed,
    and with ambiguous syllables read the other way."""
    words = [_rewrite(_loan_latin(w), _SHARED) for w in korean.split()]
    keys = ["".join(words)] + (["".join(words[::-1])] if len(words) > 1 else [])
    for pattern, replacement in _KOREAN_VARIANTS:
        keys += [pattern.sub(replacement, key) for key in keys if pattern.search(key)]
    return tuple((key, _skeleton(key)) for key in dict.fromkeys(keys) if key)


_WORD_READINGS: tuple[Callable[[str], str], ...] = (
    lambda w: _rewrite(w, _ENGLISH),
    lambda w: re.sub(r"(?<=[aeiou])r(?![aeiou])", "", _rewrite(re.sub(r"e$", "", w), _ENGLISH)),
    lambda w: _rewrite(_rewrite(w, _PINYIN), _ENGLISH),
    lambda w: _rewrite(re.sub(r"g(?=[eiy])", "j", w), _ENGLISH),
    lambda w: _rewrite(re.sub(r"^([^aeiou]?)a(?=[^aeiou][aeiou])", r"\1ei", w), _ENGLISH),  # Adrian, Naver
    lambda w: _rewrite(re.sub(r"^j", "y", w.replace("th", "t")), _ENGLISH),  # Thomas 토머스, Jan 얀
    lambda w: _rewrite(re.sub(r"^([^aeiou]*)a(?=h[aeiou])h", r"\1ei", w), _ENGLISH),  # Graham 그레이엄
    lambda w: _rewrite(re.sub(r"z$", "s", w.replace("ll", "y").replace("j", "h")), _ENGLISH),  # Rojas 로하스
    lambda w: _rewrite(re.sub(r"oi[sx]?$", "wa", w), _ENGLISH),  # Dubois 뒤부아
)
"""The ways one English word may be said: plain English rules, then a silent r or e, pinyin, a soft g, an "a"
said "ei", Spanish j, ll and z, French oi."""


@lru_cache(maxsize=16384)
def _word_readings(word: str) -> tuple[str, ...]:
    """One lower-case word read each way of `_WORD_READINGS`, then through the shared rewrites (names share their
    words, and most ways read a word alike, so each distinct reading is rewritten once)."""
    readings = [reading(word) for reading in _WORD_READINGS]
    shared = {r: _rewrite(r, _SHARED) for r in dict.fromkeys(readings)}
    return tuple(shared[r] for r in readings)


@lru_cache(maxsize=8192)
def _english_keys(english: str) -> tuple[tuple[str, str], ...]:
    """Loose keys (with their skeletons) of an English spelling: its words read the same way of
    `_WORD_READINGS`, for each way."""
    words = [_word_readings(w) for w in re.split(r"[^a-z]+", english.lower()) if w]
    if not words:
        return ()
    variants = ["".join(word[way] for word in words) for way in range(len(_WORD_READINGS))]
    return tuple((key, _skeleton(key)) for key in dict.fromkeys(variants) if key)


def _skeleton(key: str) -> str:
    """The first letter and the consonants after it."""
    return key[:1] + _VOWELS.sub("", key[1:])


_ONSET_CLASS = str.maketrans("aeiouwhkgqcpbfvtdsxjzlrnm", "VVVVVVVKKKKPPPPTTSSSSLLLM")


def _similarity(a: tuple[str, str], b: tuple[str, str]) -> float:
    """Mean of the similarity of the keys and of their consonant skeletons (vowels are what Korean changes most),
    lowered when the names do not even start with the same kind of sound."""
    full = Levenshtein.normalized_similarity(a[0], b[0])
    skeleton = Levenshtein.normalized_similarity(a[1], b[1])
    score = (full + skeleton) / 2
    return score if a[0][0].translate(_ONSET_CLASS) == b[0][0].translate(_ONSET_CLASS) else score * 0.85


def is_surname_of(korean: str, english: str) -> bool:
    """Whether `english`, one word, is the customary spelling of the surname of the Korean full name `korean`
    (이정훈 and Lee): a later mention on one side, the full name on the other."""
    letters, words = _english_letters(english)
    if len(words) != 1 or _HANGUL_RUN.fullmatch(korean) is None or not 2 <= len(korean) <= 4:
        return False
    surname = _surname(korean)
    return surname is not None and letters in SURNAMES[surname]


def loan_score(korean: str, english: str) -> float:
    """How close a foreign name in Hangul is to an English spelling, in [0, 1]: the whole names compared, or, when
    they have as many words, word by word (each word may need its own reading: Thomas 토머스, Graham 그레이엄)."""
    english_keys = _english_keys(english)
    whole = max((_similarity(k, e) for k in _korean_keys(korean) for e in english_keys), default=0.0)
    return max(whole, _word_by_word(korean, english))


_NAME_PARTICLES = frozenset({"de", "van", "von", "der", "den", "di", "da", "del", "la", "le", "al", "el"})


def _word_by_word(korean: str, english: str) -> float:
    """The mean loan score of the words taken in order (or reversed), weighted by their length; 0 unless both
    names have the same number of words, two or more. A particle joins the word after it: de Boer is 더보어."""
    korean_words = korean.split()
    english_words: list[str] = []
    for word in english.split():
        joined = english_words and english_words[-1].lower() in _NAME_PARTICLES
        english_words[-1:] = [english_words[-1] + word] if joined else [*english_words[-1:], word]
    if len(korean_words) < 2 or len(korean_words) != len(english_words):
        return 0.0
    weights = [len(w) for w in korean_words]
    return max(sum(n * loan_score(k, e) for n, k, e in zip(weights, korean_words, order, strict=True)) / sum(weights)
               for order in (english_words, english_words[::-1]))  # fmt: skip


def sound_score(korean: str, english: str) -> float:
    """How much `korean` (Hangul) sounds like `english` (Latin letters), in [0, 1]: the better of the readings."""
    if not korean.strip() or not english.strip():
        return 0.0
    native = native_score(korean, english)
    return loan_score(korean, english) if native is None else native
