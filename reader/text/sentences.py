"""Sentence splitting for Korean and English news paragraphs.

The reader highlights a sentence and its counterpart, so it needs sentence *offsets* into the paragraph text,
not copies. A small rule set does as well as heavy toolkits on news prose (field notes §2):

* English: a sentence ends at ``.``/``!``/``?``/``…`` (plus any closing quotes or brackets) followed by
  whitespace and a word that can start a sentence, unless the period belongs to an abbreviation (Mr., Gen.,
  Jan., U.S.), an initial ("John F. Kirby") or a number ("2023. 9. 14.").
* Korean: a sentence ends at ``.``/``!``/``?`` after a Hangul syllable (다. 요. 까? 죠.) or a closing quote or
  bracket, followed by whitespace. Sentences quoted inside a larger sentence (“…했다. …했다”며 / ”고 / ”라고)
  are not split: a quotation whose closing mark runs straight into Hangul is part of the enclosing sentence.
"""

import re

# Sentence-final punctuation, any closing quotes/brackets glued to it, then the whitespace that must follow.
_CANDIDATE = re.compile(r"[.!?…]+[\"'”’)\]」』]*(?=\s|$)")
_WORD_BEFORE = re.compile(r"(\S+)$")
_NEXT_WORD = re.compile(r"\s*([^\s]+)")
_QUOTE_PAIRS = re.compile(r"“[^“”]*”|‘[^‘’]*’|\"[^\"]*\"|「[^「」]*」|『[^『』]*』")
_HANGUL = re.compile(r"[\uac00-\ud7a3]")
_DOTTED = re.compile(r"(?:[a-z]\.)+[a-z]")

# fmt: off
# Abbreviations that never end a sentence in news prose: a name or number always follows.
_TITLES = frozenset((
    "mr", "mrs", "ms", "dr", "gen", "sen", "rep", "no", "nos", "st", "prof", "gov", "lt", "col", "maj",
    "capt", "sgt", "adm", "cmdr", "rev", "fr", "hon", "pres", "vs", "vol", "pp", "fig",
))
# Abbreviations that usually continue the sentence but can end it ("... talks with the U.S. The meeting ...").
_AMBIGUOUS = frozenset((
    "u.s", "u.k", "u.n", "e.u", "a.m", "p.m", "inc", "co", "corp", "ltd", "jr", "sr", "etc", "e.g", "i.e",
    "approx", "dept", "est", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov",
    "dec",
))
# Capitalised words that commonly open a sentence; after an ambiguous abbreviation only these trigger a split.
_SENTENCE_STARTERS = frozenset((
    "a", "an", "and", "as", "at", "but", "by", "for", "he", "her", "his", "however", "i", "if", "in", "it",
    "its", "meanwhile", "more", "on", "she", "so", "that", "the", "their", "there", "these", "they",
    "this", "those", "thus", "to", "we", "what", "when", "while", "who", "yet",
))
# fmt: on
_OPENERS = "\"'“‘(「『["


def split_sentences(text: str, lang: str) -> list[tuple[int, int]]:
    """Return (start, end) code-point offsets of the sentences of `text`, end exclusive, whitespace trimmed.

    Every non-whitespace character lies in exactly one span; spans are in order. `lang` is "ko" or "en".
    """
    if lang not in ("ko", "en"):
        raise ValueError(f"lang must be 'ko' or 'en', not {lang!r}")
    korean = lang == "ko"
    protected = _protected_quotes(text) if korean else ()
    spans: list[tuple[int, int]] = []
    start = 0
    for match in _CANDIDATE.finditer(text):
        end = match.end()
        if end == len(text):
            break
        if any(lo < match.start() < hi for lo, hi in protected):
            continue
        if _ends_korean(text, match.start()) if korean else _ends_english(text, match):
            _add(text, start, end, spans)
            start = end
    _add(text, start, len(text), spans)
    return spans


def _add(text: str, start: int, end: int, spans: list[tuple[int, int]]) -> None:
    """Append text[start:end] with surrounding whitespace trimmed, unless it is blank."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start < end:
        spans.append((start, end))


def _protected_quotes(text: str) -> list[tuple[int, int]]:
    """Quotations whose closing mark runs straight into Hangul (”며, ”고, ”라고): embedded, never split."""
    return [
        (m.start(), m.end())
        for m in _QUOTE_PAIRS.finditer(text)
        if m.end() < len(text) and _HANGUL.match(text, m.end())
    ]


def _ends_korean(text: str, punct: int) -> bool:
    """A Korean sentence ends after Hangul, a closing mark or a Latin word — not after "F." or "9."."""
    if punct == 0:
        return False
    if text[punct] in "?!…":
        return True
    before = text[punct - 1]
    if _HANGUL.match(before) or before in ")]”’\"'」』":
        return True
    word = _WORD_BEFORE.search(text, 0, punct)
    return word is not None and len(word.group(1)) > 1 and word.group(1).isalpha()


def _ends_english(text: str, match: re.Match[str]) -> bool:
    """Decide whether the punctuation in `match` ends an English sentence, looking one word either side."""
    following = _NEXT_WORD.match(text, match.end())
    if following is None:
        return True
    next_word = following.group(1)
    first = next_word[0]
    if first.islower():
        return False
    punct = match.group()
    if punct[0] != "." or len(punct.rstrip("\"'”’)]」』")) > 1:
        return True  # "?", "!", "…" or an ellipsis written as "..."
    previous = _WORD_BEFORE.search(text, 0, match.start())
    if previous is None:
        return True
    word = previous.group(1).lstrip(_OPENERS)
    key = word.lower()
    if len(word) == 1 and word.isupper():
        return False  # an initial: "John F. Kirby"
    if key in _TITLES:
        return False
    if word.isdigit() and first.isdigit():
        return False  # dates written "2023. 9. 14."
    if key in _AMBIGUOUS or _DOTTED.fullmatch(key):
        return next_word.lstrip(_OPENERS).lower() in _SENTENCE_STARTERS
    return True
