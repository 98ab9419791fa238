"""`propagation`: what annotators already tagged, proposed again wherever the same name occurs.

Every span of this annotator on this article, and every span any annotator (or `gold`) has in the workspace,
proposes its label for the other whole-word occurrences of its text (see occurrences.py for the Korean and English
boundary rules). The label tagged most often for a text wins; a text tagged with several labels is proposed with a
lower score, its reason saying so. Spans already annotated are left to the engine to filter.
"""

from __future__ import annotations

from bisect import bisect_left
from collections import Counter
from collections.abc import Iterator

from tandem.annotations.suggest.context import ArticleContext, name_form
from tandem.annotations.suggest.names_en import continues_a_name
from tandem.annotations.suggest.names_ko import TITLES
from tandem.annotations.suggest.occurrences import occurrences
from tandem.annotations.suggest.proposal import ProposedSpan, Suggestion

NAME = "propagation"
DESCRIPTION = "the same text as a span already tagged, in this article or elsewhere in the workspace"
NEEDS_MODELS = False
CONTEXT = 20  # characters read either side of a tagged span to tell a name's last syllable from a particle
PROPAGATED_LAYERS = ("entity",)
"""Claims and sources are statements and people in context: their text recurring says nothing."""


def suggest(ctx: ArticleContext) -> Iterator[Suggestion]:
    """One suggestion per occurrence of every tagged name on the same side."""
    here: dict[tuple[str, str], Counter[tuple[str, str]]] = {}
    for span in ctx.spans:
        if span.layer in PROPAGATED_LAYERS:
            start = max(0, span.start - CONTEXT)
            around = (ctx.doc.sides.get(span.side, "")[start : span.end + CONTEXT], span.start - start)
            form = name_form(span.side, span.text, around)
            here.setdefault((span.side, form), Counter())[(span.layer, span.label)] += 1
    names = set(here) | {key for key, labels in ctx.team.labels.items()
                         if any(layer in PROPAGATED_LAYERS for layer, _ in labels)}  # fmt: skip
    known = {side: sorted({text for s, text in names if s == side}
                          | {s.text for s in ctx.spans if s.side == side}) for side in ctx.doc.sides}  # fmt: skip
    for side, text in sorted(names):
        body = ctx.doc.sides.get(side)
        if not body or (len(text.strip()) < 2 and side != "ko"):
            continue
        labels = here.get((side, text)) or Counter(
            {k: n for k, n in ctx.team.labels[(side, text)].items() if k[0] in PROPAGATED_LAYERS})
        (layer, label), count = labels.most_common(1)[0]
        total = sum(labels.values())
        score = 0.95 * count / total
        if (side, text) in here:
            reason = f"same text as {label} “{text}”, tagged in this article"
        else:
            reason = f"same text as {label} “{text}”, tagged in {ctx.team.where.get((side, text), 'the workspace')}"
        if len(labels) > 1:
            others = ", ".join(f"{lab} {n}×" for (_, lab), n in labels.most_common()[1:])
            reason += f" (also tagged {others})"
        longer = tuple(_starting_with(known.get(side, []), text))
        key = (NAME, body, side, text, layer, label, score, reason, longer)
        if key not in ctx.memo:  # the same name proposed as before (the reader asks after every key): as then
            ctx.memo[key] = tuple(_proposed(body, side, text, layer, label, score, reason, longer))
        yield from ctx.memo[key]


def _proposed(body: str, side: str, text: str, layer: str, label: str, score: float, reason: str,
              longer: tuple[str, ...]) -> Iterator[Suggestion]:
    """The suggestions of one name: one per occurrence of `text` in `body` that is not part of a `longer` name."""
    title_end = body.find("\n\n")
    for start, end in occurrences(text, body, longer, side):
        if len(text) == 1 and not _titled(body, end):
            continue
        if side == "en" and start > title_end and continues_a_name(body, start):
            continue  # Ishikawa in "Takashi Ishikawa", Korea in "South Korea" (a headline capitalises words)
        if side == "ko" and _opens_a_quoted_name(body, start, end):
            continue
        yield Suggestion(NAME, score, reason, span=ProposedSpan(side, start, end, body[start:end], layer, label))


def _starting_with(names: list[str], prefix: str) -> list[str]:
    """The names of a sorted list that begin with `prefix` and are longer (they stand together in sorted order)."""
    found = []
    for name in names[bisect_left(names, prefix) :]:
        if not name.startswith(prefix):
            break
        if name != prefix:
            found.append(name)
    return found


_QUOTES = {"'": "'", "‘": "’", "「": "」", "『": "』"}
"""The marks a Korean article quotes a name with ('서울 칩 서밋', ‘승리의 날’); double quotes quote speech."""
_QUOTED_NAME = 40  # characters: a quotation longer than this is not a name


def _opens_a_quoted_name(text: str, start: int, end: int) -> bool:
    """Whether a Korean match begins a quoted name longer than itself (서울 in '서울 칩 서밋', 제네바 in '제네바
    한반도 안보대화'): spans never nest, and the quoted name is the one to annotate."""
    closer = _QUOTES.get(text[start - 1 : start]) if start else None
    if closer is None:
        return False
    close = text.find(closer, end, end + _QUOTED_NAME)
    return close > end and bool(text[end:close].strip()) and text[end] == " "


FORMER = ("전", "현", "前")
"""Words between a one-syllable name and its title: 최 전 회장 (the former chairman)."""


def _titled(text: str, end: int) -> bool:
    """Whether a title follows a one-syllable Korean name (김 위원장, 박 장관): only there is 김, 한 or 오 a name
    rather than part of an ordinary word or a numeral (한 관계자, 오전)."""
    following = text[end : end + 16].split(maxsplit=2)
    if text[end : end + 1] != " " or not following:
        return False
    word = following[1] if following[0] in FORMER and len(following) > 1 else following[0]  # 최 전 회장
    return any(word.startswith(title) for title in TITLES)  # 위원장은, 위원장이라고
