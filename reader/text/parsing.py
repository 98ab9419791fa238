"""Decoded text → Article: clutter out, metadata kept, paragraphs sorted into Korean and English.

Layouts seen in the wild (field notes §1): all Korean then all English ("blocks"); Korean and English paragraphs
interleaved, with or without blank lines ("interleaved"); one language only ("single"); and one file per language
("pair", combined by `combine_pair`).
"""

from __future__ import annotations

import itertools
import re
from pathlib import Path

from tandem.reader.errors import InputError, attempt
from tandem.reader.text import clutter
from tandem.reader.text.alignment import Bead
from tandem.reader.text.article import LANGS, Article
from tandem.reader.text.decoding import DecodedText
from tandem.reader.text.language import Lang, detect_languages

_SENTENCE_STOPS = (".", "!", "?", "。", "…")
_SENTENCE_CLOSERS = "'\"’”)]"
"""A sentence ends in a stop followed by any closing quotes or brackets."""
_TITLE_STOPS = (".", "!", "。")
_TITLE_CLOSERS = "'\"’”)"
_TITLE_MAX = 200
_INTERLEAVED_MAX_RUN = 3
"""In an interleaved file each language's run is a paragraph or a split paragraph; longer runs mean blocks."""

Paragraph = tuple[Lang, str]
"""A body paragraph and its language."""


def parse_article(decoded: DecodedText, article_id: str, path: Path) -> Article:
    """Parse one file's text into an Article, or raise InputError if no article text is left."""
    article = parse_batch([(decoded, article_id, path)])[0]
    if isinstance(article, InputError):
        raise article
    return article


def parse_batch(texts: list[tuple[DecodedText, str, Path]]) -> list[Article | InputError]:
    """`parse_article` for each (text, article id, path), or its error: each step for the whole batch before the
    next, as `library.load_articles` does."""
    lines_of = [[line.strip() for line in decoded.text.split("\n")] for decoded, _, _ in texts]
    languages_of = [detect_languages(lines, decoded.utf8())
                    for (decoded, _, _), lines in zip(texts, lines_of, strict=True)]
    for lines, languages in zip(lines_of, languages_of, strict=True):
        for number in _truncated_copies(lines):
            languages[number] = None  # dropped like a line in no language
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
    body: list[Paragraph] = []
    follows_body = False  # the line before this one was body text (not blank, dropped or a caption)
    for line, lang in zip(lines, languages, strict=True):
        if not line:
            follows_body = False
        elif lang is None or clutter.classify(line, meta):
            dropped.append(line)
            follows_body = False
        elif line[-1] not in clutter.FULL_STOPS and clutter.is_caption(line):
            meta.captions.append(line)
            follows_body = False
        elif follows_body and join_wrapped and body[-1][0] == lang and not _ends_sentence(body[-1][1]):
            body[-1] = (lang, body[-1][1] + " " + line)
        else:
            body.append((lang, line))
            follows_body = True

    if body and (keywords := clutter.keyword_list(body[-1][1])):
        meta.keywords.extend(keywords)
        dropped.append(body.pop()[1])
    if not body:
        raise InputError(f"{path}: no article text (only clutter: {len(dropped)} line(s) dropped)")

    titles = _titles(body)
    body = [(lang, text) for lang, text in body if text != titles[lang]]  # the headline, and any repeat of it
    body[:3] = [(lang, clutter.strip_dateline(text, meta)) for lang, text in body[:3]]
    layout, beads = _layout([lang for lang, _ in body])
    return Article(
        id=article_id,
        paths=(path,),
        title=titles,
        paragraphs={lang: [text for lang_, text in body if lang_ == lang] for lang in LANGS},
        **vars(meta),
        dropped=dropped,
        layout=layout,
        encodings=(decoded.encoding,),
        warnings=list(decoded.warnings),
        known_beads=beads,
    )


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


def _truncated_copies(lines: list[str]) -> set[int]:
    """Seed 000 starts with a cut-off copy of a later line (its English title); such a line is not text.
    Which of a file's first four lines (where such copies are) begin a longer line further down.

    Searched for in the joined lines ("\\n" + the line), not compared with every later line one by one."""
    text = "\n".join(lines)
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


_HEADLINE_MAX = 150
_HEADLINE_ABBREVIATIONS = frozenset((
    "inc", "corp", "co", "ltd", "mr", "mrs", "ms", "dr", "st", "jr", "sr", "gov", "sen", "rep", "gen", "lt", "col",
    "sgt", "prof", "vs", "no", "jan", "feb", "mar", "apr", "aug", "sept", "sep", "oct", "nov", "dec", "mt", "ft",
))  # fmt: skip
_INNER_STOP = re.compile(r"\b(\w+)[.!?]['\"’”)]*\s+(?=['\"‘“(]*[A-Z])")


def _is_english_headline(text: str, following: str) -> bool:
    """An English headline that ends in a full stop ("… plant in U.S.", "… Inc.", a quoted headline): one short
    sentence, capitalised, over a body paragraph at least twice its length. A lead sentence is as long as the
    paragraphs after it, or is several sentences."""
    if len(text) > _HEADLINE_MAX or not text.lstrip("'\"‘“(")[:1].isupper() or len(following) < 2 * len(text):
        return False
    return all(word.casefold() in _HEADLINE_ABBREVIATIONS or not any(c.islower() for c in word) or len(word) == 1
               for word in _INNER_STOP.findall(text))  # fmt: skip


def _titles(body: list[Paragraph]) -> dict[Lang, str | None]:
    """Each language's first paragraph is its title when it reads like one and body text follows it: by its
    shape, no full stop at the end, or (in English) a short single sentence over a much longer paragraph.

    Only paragraphs before the first body paragraph count: a headline is at the top of its block."""
    langs = [lang for lang, _ in body]
    titles: dict[Lang, str | None] = {"ko": None, "en": None}
    for lang in LANGS:
        if langs.count(lang) < 2:
            continue
        first_index = langs.index(lang)
        first = body[first_index][1]
        following = next(text for lang_, text in body[first_index + 1 :] if lang_ == lang)
        if _is_title(first) or (lang == "en" and _is_english_headline(first, following)):
            titles[lang] = first
    return titles


def _layout(langs: list[Lang]) -> tuple[str, list[Bead] | None]:
    """Name the layout; for interleaved files, the beads the file itself proves (each run with the next)."""
    if len(set(langs)) < 2:
        return "single", None
    runs = [(lang, len(list(group))) for lang, group in itertools.groupby(langs)]
    if len(runs) < 4 or max(n for _, n in runs) > _INTERLEAVED_MAX_RUN:
        return "blocks", None
    beads: list[Bead] = []
    seen = {"ko": 0, "en": 0}
    for pair in (runs[i : i + 2] for i in range(0, len(runs), 2)):
        indices: dict[Lang, tuple[int, ...]] = {"ko": (), "en": ()}
        for lang, n in pair:
            indices[lang] = tuple(range(seen[lang], seen[lang] + n))
            seen[lang] += n
        beads.append(Bead(ko=indices["ko"], en=indices["en"]))
    return "interleaved", beads
