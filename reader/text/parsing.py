"""Decoded text → Article: clutter out, metadata kept, paragraphs sorted into Korean and English.

Layouts seen in the wild (field notes §1): all Korean then all English ("blocks"); Korean and English paragraphs
interleaved, with or without blank lines ("interleaved"); one language only ("single"); and one file per language
("pair", combined by `combine_pair`).
"""

from __future__ import annotations

import itertools
from pathlib import Path

from reader.errors import InputError, attempt
from reader.text import clutter
from reader.text.alignment import Bead
from reader.text.article import LANGS, Article
from reader.text.decoding import DecodedText
from reader.text.language import Lang, detect_languages

_SENTENCE_STOPS = (".", "!", "?", "。", "…")
_SENTENCE_CLOSERS = "'\"’”)]"
"""A sentence ends in a stop followed by any closing quotes or brackets (tested with rstrip and endswith: a regex
search for that end scans every character of the paragraph)."""
_TITLE_STOPS = (".", "!", "。")
_TITLE_CLOSERS = "'\"’”)"
_TITLE_MAX = 200
_INTERLEAVED_MAX_RUN = 3
"""In an interleaved file each language's run is a paragraph or a split paragraph; longer runs mean blocks."""


def parse_article(decoded: DecodedText, article_id: str, path: Path) -> Article:
    """Parse one file's text into an Article, or raise InputError if no article text is left."""
    article = parse_batch([(decoded, article_id, path)])[0]
    if isinstance(article, InputError):
        raise article
    return article


def parse_batch(texts: list[tuple[DecodedText, str, Path]]) -> list[Article | InputError]:
    """`parse_article` for each (text, article id, path), or its error: each step for the whole batch before the
    next, which a listing measured several per cent faster than one text at a time (see `library.load_articles`)."""
    split_of = [decoded.text.split("\n") for decoded, _, _ in texts]
    lines_of = [list(map(str.strip, split)) for split in split_of]
    languages_of = [detect_languages(lines, decoded.utf8())
                    for (decoded, _, _), lines in zip(texts, lines_of, strict=True)]
    for (decoded, _, _), split, lines, languages in zip(texts, split_of, lines_of, languages_of, strict=True):
        joined = decoded.text if lines == split else "\n".join(lines)  # most texts have no line to strip
        for number in _truncated_copies(lines, joined):
            languages[number] = None  # dropped like a line in no language, without a test per line
    return [attempt(_sort_lines, decoded, article_id, path, lines, languages)
            for (decoded, article_id, path), lines, languages in zip(texts, lines_of, languages_of, strict=True)]


def _sort_lines(
    decoded: DecodedText, article_id: str, path: Path, lines: list[str], languages: list[Lang | None]
) -> Article:
    """Lines → clutter (dropped), metadata and body paragraphs in each language: the Article."""
    meta = clutter.Metadata()
    dropped: list[str] = []
    # Where blank lines separate paragraphs, a body line that follows a body line in the same language which does
    # not end a sentence is a hard wrap: it continues that paragraph.
    join_wrapped = "" in lines[1:-1]
    langs: list[Lang] = []  # the body paragraphs in file order: each one's language…
    texts: list[str] = []  # …and its text (two lists: the tail compares texts, and languages as one string)
    follows_body = False  # the line before this one was body text (not blank, dropped or a caption)
    for line, lang in zip(lines, languages, strict=True):
        if not line:
            follows_body = False
        elif lang is None or clutter.classify(line, meta):
            dropped.append(line)
            follows_body = False
        elif line[-1] not in clutter.FULL_STOPS and clutter.is_caption(line):  # most lines end a sentence
            meta.captions.append(line)
            follows_body = False
        elif follows_body and join_wrapped and langs[-1] == lang and not _ends_sentence(texts[-1]):
            texts[-1] = texts[-1] + " " + line
        else:
            langs.append(lang)
            texts.append(line)
            follows_body = True

    if texts and (keywords := clutter.keyword_list(texts[-1])):
        meta.keywords.extend(keywords)
        langs.pop()
        dropped.append(texts.pop())
    if not texts:
        raise InputError(f"{path}: no article text (only clutter: {len(dropped)} line(s) dropped)")

    titles = _take_titles(langs, texts)
    texts[:3] = [clutter.strip_dateline(text, meta) for text in texts[:3]]
    layout, beads = _layout(langs)
    return Article(
        id=article_id,
        paths=(path,),
        title=titles,
        paragraphs=_by_language(langs, texts),
        **vars(meta),
        dropped=dropped,
        layout=layout,
        encodings=(decoded.encoding,),
        warnings=list(decoded.warnings),
        known_beads=beads,
    )


def _by_language(langs: list[Lang], texts: list[str]) -> dict[Lang, list[str]]:
    """Each language's paragraphs, in file order (one pass, not one per language)."""
    paragraphs: dict[Lang, list[str]] = {lang: [] for lang in LANGS}
    for lang, text in zip(langs, texts, strict=True):
        paragraphs[lang].append(text)
    return paragraphs


def combine_pair(first: Article, second: Article, article_id: str) -> Article:
    """One article from two files, one per language (`X.ko.txt` + `X.en.txt`, or `tandem inspect A B`)."""
    if len(first.languages) != 1 or len(second.languages) != 1 or first.languages == second.languages:
        names = " and ".join(f"{a.paths[0]} ({'+'.join(a.languages)})" for a in (first, second))
        raise InputError(f"{names}: a pair needs one Korean file and one English file")
    ko, en = (first, second) if first.languages == ("ko",) else (second, first)
    return Article(
        id=article_id,
        paths=(ko.paths[0], en.paths[0]),
        title={"ko": ko.title["ko"], "en": en.title["en"]},
        paragraphs={"ko": ko.paragraphs["ko"], "en": en.paragraphs["en"]},
        byline=ko.byline or en.byline,
        published=ko.published or en.published,
        updated=ko.updated or en.updated,
        publisher=ko.publisher or en.publisher,
        keywords=ko.keywords + [k for k in en.keywords if k not in ko.keywords],
        captions=ko.captions + en.captions,
        dropped=ko.dropped + en.dropped,
        layout="pair",
        encodings=ko.encodings + en.encodings,
        warnings=ko.warnings + en.warnings,
    )


def _truncated_copies(lines: list[str], text: str) -> set[int]:
    """Seed 000 starts with a cut-off copy of a later line (its English title); such a line is not text.
    Which of a file's first four lines (where such copies are) begin a longer line further down.

    `text` is the lines joined by `\n`: the decoded text itself when stripping changed no line (no copy made)."""
    copies: set[int] = set()
    end = -1
    for number, line in enumerate(lines[:4]):
        end += len(line) + 1  # the "\n" after this line: only lines after it count
        at = end
        while len(line) >= 12 and (at := text.find("\n" + line, at)) >= 0:
            at += 1 + len(line)
            if at < len(text) and text[at] != "\n":  # a longer line, not the same line again (nor the last)
                copies.add(number)
                break
    return copies


def _ends_sentence(text: str) -> bool:
    return text.rstrip(_SENTENCE_CLOSERS).endswith(_SENTENCE_STOPS)


def _is_title(text: str) -> bool:
    return len(text) <= _TITLE_MAX and not text.rstrip(_TITLE_CLOSERS).endswith(_TITLE_STOPS)


def _take_titles(langs: list[Lang], texts: list[str]) -> dict[Lang, str | None]:
    """Each language's first paragraph is its title when it reads like one and body text follows it; the title
    and any repeat of it in its language leave the body (both lists).

    Only paragraphs before the first body paragraph count: a headline is at the top of its block."""
    titles: dict[Lang, str | None] = {"ko": None, "en": None}
    order = _language_order(langs)
    for lang in LANGS:
        if order.count(lang) >= 2 and _is_title(first := texts[order.index(lang) // 2]):
            titles[lang] = first
    for lang, title in titles.items():
        if title is None:
            continue
        if texts.count(title) == 1:  # the headline alone, found by comparing texts at C speed
            at = texts.index(title)
            del langs[at], texts[at]
        else:
            for at in reversed([at for at, text in enumerate(texts) if text == title and langs[at] == lang]):
                del langs[at], texts[at]
    return titles


def _language_order(langs: list[Lang]) -> str:
    """The paragraphs' languages in file order as one string ("kokoen…"), for `count`, `index` and `in` at C speed.

    Each code is two letters, and no code starts with a letter that ends one, so a match is always aligned on
    paragraphs: `order.count("ko")` counts Korean paragraphs, `order.index("en") // 2` is the first English one."""
    return "".join(langs)


def _layout(langs: list[Lang]) -> tuple[str, list[Bead] | None]:
    """Name the layout; for interleaved files, the beads the file itself proves (each run with the next)."""
    order = _language_order(langs)
    if "ko" not in order or "en" not in order:
        return "single", None
    too_long = _INTERLEAVED_MAX_RUN + 1
    changes = order.count("koen") + order.count("enko")
    if changes < 3 or "ko" * too_long in order or "en" * too_long in order:  # fewer than 4 runs, or a long one
        return "blocks", None
    runs = [(lang, len(list(group))) for lang, group in itertools.groupby(langs)]
    beads: list[Bead] = []
    seen = {"ko": 0, "en": 0}
    for pair in (runs[i : i + 2] for i in range(0, len(runs), 2)):
        indices: dict[Lang, tuple[int, ...]] = {"ko": (), "en": ()}
        for lang, n in pair:
            indices[lang] = tuple(range(seen[lang], seen[lang] + n))
            seen[lang] += n
        beads.append(Bead(ko=indices["ko"], en=indices["en"]))
    return "interleaved", beads
