"""An attribution's counterpart: who said what on one side, proposed whole in the aligned sentence(s) of the other.

Given a claim, its source and cue on one side, the other side's attribution is found piece by piece: the source
through what projection uses for names (the team's links, the shipped lexicon, sound, composed names: the name in
the source, or the source whole) and then widened to the phrase the other side's attribution rules would take as
the source (존 커비 → 존 커비 백악관 대변인 up to its particle; John Kirby → White House spokesman John Kirby); the
cue from the other side's speech verbs (`cues.cue_words`); the claim as the aligned quotation when the claim is a
quote's inside, else the aligned clause left when the source, the cue and their joining words are taken out. The
proposal is the attribution with the counterpart links claim ↔ claim and source ↔ source; where the other side's
own rules propose the same attribution, the engine keeps their edges (registry `_joined`).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from tandem.annotations.model import Span
from tandem.annotations.particles import strip_particle
from tandem.annotations.suggest.counterpart import Counterpart, Learned, find_counterpart
from tandem.annotations.suggest.cues import cue_words
from tandem.annotations.suggest.lexicon import Lexicon, other
from tandem.annotations.suggest.proposal import Endpoint, ProposedRelation, ProposedSpan, Suggestion
from tandem.annotations.suggest.reported import content, find_quotes, trim

Range = tuple[int, int]
ATTRIBUTION, COUNTERPART = "attribution", "counterpart"
QUOTE_OPENERS = "“\"'‘「『«"
CUE_SCORE = 0.9  # the source's counterpart found, and a speech verb beside it: the source's score times this
NO_CUE_SCORE = 0.8
OWN_SCORE = 0.6  # the other side's own attribution of the aligned claim, its source matched by nothing
MIN_SHARE = 0.6  # ... when at least this much of its claim lies in the aligned quotation or sentences

# English words a source phrase takes in before the name ("White House spokesman John F. Kirby"): titles and the
# words that make them, lowercase as the press writes them.
_EN_TITLE_WORDS = frozenset((
    "spokesman", "spokeswoman", "spokesperson", "minister", "secretary", "president", "official", "officials",
    "adviser", "advisor", "senior", "deputy", "chief", "press", "foreign", "defense", "defence", "national",
    "security", "vice", "prime", "general", "director", "ambassador", "envoy", "chairman", "leader", "fellow",
    "analyst", "researcher", "professor", "lawmaker", "commander", "representative", "state", "former", "top",
    "spy", "intelligence", "agency", "council", "ministry", "news", "media", "military", "government",
))  # fmt: skip
_EN_NOT_IN_SOURCE = frozenset(("The", "A", "An", "But", "And", "In", "On", "At", "As", "If", "When", "While",
                               "However", "Meanwhile", "Also", "After", "Before", "During", "For", "Yet",
                               "So"))  # fmt: skip
_KO_LINKS = ("이라고", "라고", "고", "이라며", "라며", "며", "라면서", "면서", "으로",
             "이라", "라")  # fmt: skip
_KO_TOPIC = ("은", "는", "이", "가", "께서")
_KO_STOP = "“”\"‘’,.;:!?()[]「」『』"
_GAP_STOP = "“”\"‘’,;:!?"  # what parts a source's pieces (brackets do not: 미국 질병통제예방센터(CDC))


@dataclass(frozen=True)
class Attribution:
    """One side's attribution: its claim, source and cue spans (the cue optional)."""

    claim: Span
    source: Span
    cue: Span | None


def aligned(pairs: Sequence[tuple[Range | None, Range | None]], side: str, where: Range) -> tuple[Range, Range] | None:
    """(the sentences `where` touches, the other side's sentences aligned with them): one sentence, or the run of
    sentences a claim over several sentences covers."""
    mine = 0 if side == "ko" else 1
    found = [(pair[mine], pair[1 - mine]) for pair in pairs
             if pair[mine] is not None and pair[1 - mine] is not None
             and pair[mine][0] < where[1] and where[0] < pair[mine][1]]  # type: ignore[index]  # fmt: skip
    if not found:
        return None
    here = min(h[0] for h, _ in found), max(h[1] for h, _ in found)  # type: ignore[index]
    there = min(t[0] for _, t in found), max(t[1] for _, t in found)  # type: ignore[index]
    return here, there


def project(
    attribution: Attribution,
    texts: Mapping[str, str],
    here: Range,
    there: Range,
    learned: Learned,
    lexicon: Lexicon,
    spans: Sequence[Span],
    partner: Mapping[str, Span],
    theirs: Sequence[Sequence[Range | None]] = (),
) -> Suggestion | None:
    """The counterpart of `attribution` (whose claim lies in `here`) inside `there`, the other side's aligned
    range, or None when its source has no clear counterpart there. `spans` are the annotator's, `partner` maps a
    span id to the span it is linked to as counterpart. `theirs` are the other side's own attributions (claim,
    source, cue), when its attribution rules ran: a source with no counterpart found (그는 for "he", 관계자 for
    "officials") is taken from the one whose claim is the aligned claim."""
    claim, source = attribution.claim, attribution.source
    side = claim.side
    to = other(side)
    text = texts[to]
    quoted = claim.start > 0 and texts[side][claim.start - 1] in QUOTE_OPENERS
    quote = _aligned_quote(texts, claim, here, there) if quoted else None
    found = _source(source, text, there, learned, lexicon, spans, partner)
    if found is None:
        return _their_own(attribution, text, quote or there, theirs)
    (s0, s1), match_score, match_reason, existing = found
    cues = [c for c in cue_words(text, to, quote or there, (s0, s1)) if there[0] <= c[0] and c[1] <= there[1]
            and not (quote and quote[0] <= c[0] < quote[1])]  # fmt: skip
    cue = cues[0] if cues else None
    if quote is not None:
        c0, c1 = quote
        why = "the aligned quotation"
    else:
        c0, c1 = _clause(text, to, there, (s0, s1), cue)
        why = "the aligned clause"
    if c1 - c0 < 2 or (c0 < s1 and s0 < c1):
        return None
    claim_to = ProposedSpan(to, c0, c1, text[c0:c1], claim.layer, claim.label)
    kind = tuple((k, str(v)) for k, v in source.attrs.items() if k == "kind")
    source_to: Endpoint = existing.id if existing else ProposedSpan(to, s0, s1, text[s0:s1], source.layer,
                                                                    source.label, kind)  # fmt: skip
    cue_to = None
    if cue is not None:
        layer, label = (attribution.cue.layer, attribution.cue.label) if attribution.cue else (source.layer, "CUE")
        cue_to = ProposedSpan(to, cue[0], cue[1], text[cue[0] : cue[1]], layer, label)
    links = [_link(claim.id, claim_to, side)]
    if existing is None:
        links.append(_link(source.id, source_to, side))
    score = round(match_score * (CUE_SCORE if cue else NO_CUE_SCORE), 3)
    reason = (f"counterpart of the attribution “{claim.text[:30]}…” ← {source.text}: source {match_reason}; "
              f"claim {why}" + (f"; cue {text[cue[0] : cue[1]]}" if cue else ""))  # fmt: skip
    return Suggestion("projection", score, reason, relation=ProposedRelation(ATTRIBUTION, claim_to, source_to, cue_to),
                      links=tuple(links))  # fmt: skip


def _their_own(attribution: Attribution, text: str, guess: Range, theirs: Sequence[Sequence[Range | None]]
               ) -> Suggestion | None:  # fmt: skip
    """The other side's own attribution whose claim is most of `guess` (the aligned quotation or sentences), with
    the links: for a source no counterpart evidence finds."""
    claim, source = attribution.claim, attribution.source
    best = max(((_overlap(guess, c), c, s, q) for c, s, q in theirs if c and s),
               key=lambda found: (found[0], found[1][1] - found[1][0]), default=None)  # type: ignore[index]  # fmt: skip
    if best is None or best[0] <= MIN_SHARE:
        return None
    _, (c0, c1), (s0, s1), cue = best  # type: ignore[misc]
    to = other(claim.side)
    kind = tuple((k, str(v)) for k, v in source.attrs.items() if k == "kind")
    claim_to = ProposedSpan(to, c0, c1, text[c0:c1], claim.layer, claim.label)
    source_to = ProposedSpan(to, s0, s1, text[s0:s1], source.layer, source.label, kind)
    cue_to = None
    if cue:
        layer, label = (attribution.cue.layer, attribution.cue.label) if attribution.cue else (source.layer, "CUE")
        cue_to = ProposedSpan(to, cue[0], cue[1], text[cue[0] : cue[1]], layer, label)
    reason = f"counterpart of the attribution “{claim.text[:30]}…” ← {source.text}: the aligned claim's attribution"
    relation = ProposedRelation(ATTRIBUTION, claim_to, source_to, cue_to)
    links = (_link(claim.id, claim_to, claim.side), _link(source.id, source_to, claim.side))
    return Suggestion("projection", OWN_SCORE, reason, relation=relation, links=links)


def _overlap(guess: Range, claim: Range) -> float:
    """How much of the other side's claim lies in `guess` (the longest such claim is the sentence's own, not one
    nested in it)."""
    inter = max(0, min(guess[1], claim[1]) - max(guess[0], claim[0]))
    return inter / max(1, claim[1] - claim[0])


def _link(mine: str, theirs: Endpoint, side: str) -> ProposedRelation:
    """A counterpart link: the Korean end is the head."""
    return ProposedRelation(COUNTERPART, mine, theirs) if side == "ko" else ProposedRelation(COUNTERPART, theirs, mine)


# --------------------------------------------------------------------------------------------------- the source


def _source(source: Span, text: str, there: Range, learned: Learned, lexicon: Lexicon, spans: Sequence[Span],
            partner: Mapping[str, Span]) -> tuple[Range, float, str, Span | None] | None:  # fmt: skip
    """(the source's counterpart range, score, reason, the existing span when it is already linked)."""
    if source.id in partner:
        linked = partner[source.id]
        return (linked.start, linked.end), 0.98, "linked", linked
    to = other(source.side)
    names = [s for s in spans if s.side == source.side and s.layer == "entity"
             and source.start <= s.start and s.end <= source.end]  # fmt: skip
    found: list[tuple[float, Range, str]] = []
    for name in names:
        if name.id in partner and there[0] <= partner[name.id].start < there[1]:
            linked = partner[name.id]
            found.append((0.95, (linked.start, linked.end), f"{name.text} is linked to {linked.text}"))
        elif match := _find(name.text, name.label, source.side, text, there, learned, lexicon):
            found.append((match.score, (match.start, match.end), match.reason))
    if not found:
        for piece in _pieces(source.text, source.side):
            match = _find(piece, None, source.side, text, there, learned, lexicon)
            if match and (any(ch.isdigit() for ch in piece) or not any(ch.isdigit() for ch in match.text)):
                found.append((match.score, (match.start, match.end), match.reason))  # a date is no source
    if not found:
        return None
    score, anchor, reason = max(found, key=lambda f: f[0])
    for _, (a0, a1), more in sorted(found, key=lambda f: abs(f[1][0] - anchor[0])):
        gap = text[min(a1, anchor[1]) : max(a0, anchor[0])] if a1 <= anchor[0] or a0 >= anchor[1] else ""
        if len(gap) <= 12 and not any(ch in _GAP_STOP for ch in gap) and not _marked(gap, to):
            if (a0, a1) != anchor and more not in reason:
                reason = f"{reason}; {more}"
            anchor = (min(a0, anchor[0]), max(a1, anchor[1]))  # 존 커비 and 백악관 大변인: one phrase
    if to == "ko":
        widened = _korean_source(text, there, anchor)
        from tandem.annotations.suggest.attribution_ko import _PERSON_TITLES

        if text[widened[0] : widened[1]].endswith(_PERSON_TITLES) and len(_pieces(source.text, "en")) > 3:
            widened = _korean_name_before(text, there, widened[0]), widened[1]  # a name of several words
    else:
        widened = _english_source(text, there, anchor)
    return widened, score, reason, None


def _marked(gap: str, lang: str) -> bool:
    """Whether words between two pieces of a source end a phrase (a Korean topic or subject particle, a verb)."""
    words = gap.split()
    if lang == "ko":
        return any(strip_particle(w, 0, len(w)) < len(w) for w in words)
    return any(w.lower() in ("said", "says", "told", "and", "to") for w in words)


def _find(piece: str, label: str | None, side: str, text: str, there: Range, learned: Learned,
          lexicon: Lexicon) -> Counterpart | None:  # fmt: skip
    return find_counterpart(piece, label, side, text[there[0] : there[1]], there[0], learned, lexicon)


def _pieces(source: str, side: str) -> list[str]:
    """What of a source may have a counterpart: the whole, then runs of up to three of its words (in English,
    capitalised at both ends; in Korean, as written), longest first."""
    words = [w.strip(",;:") for w in source.split()]
    parts = [" ".join(words[i:j]) for i in range(len(words)) for j in range(i + 1, min(len(words), i + 3) + 1)]
    if side == "en":
        parts = [p.removesuffix("'s").removesuffix("’s") for p in parts
                 if p[:1].isupper() and p.split()[-1][:1].isupper() and p not in _EN_NOT_IN_SOURCE]  # fmt: skip
    return list(dict.fromkeys([source, *sorted(parts, key=len, reverse=True)]))


def _words(text: str, there: Range) -> list[Range]:
    return [(there[0] + m.start(), there[0] + m.end()) for m in re.finditer(r"\S+", text[there[0] : there[1]])]


def _korean_source(text: str, there: Range, anchor: Range) -> Range:
    """The Korean source phrase around a name: from the name through the words after it up to the one marked
    은/는/이/가/께서 (its titles and roles: 존 커비 백악관 대변인은), without the particle; an affiliation before the
    name stays out, as the Korean rules have it."""
    words = _words(text, there)
    start = next((w0 for w0, w1 in words if w0 <= anchor[0] < w1), anchor[0])  # the word's start: 원안|위원장
    after = [w for w in words if w[1] >= anchor[1] and w[0] < anchor[1] + 40]
    for index, (w0, w1) in enumerate(after[:4]):
        while w1 > w0 and text[w1 - 1] in _KO_STOP:
            w1 -= 1
        if any(ch in _KO_STOP for ch in text[max(w0, anchor[1]) : w1]) or w1 <= w0:
            break
        bare = strip_particle(text, w0, w1)
        if bare < w1 and text[bare:w1] in _KO_TOPIC:
            return _without_affiliation(text, (start, max(anchor[1], bare)))
        if w1 < after[index][1]:
            break  # punctuation ends the phrase
    return _without_affiliation(text, (start, strip_particle(text, start, anchor[1])))


def _without_affiliation(text: str, source: Range) -> Range:
    """A Korean source without what the Korean rules leave out: an affiliation before a person's name with its
    title (소아청소년과 최은화 교수), a leading word in 의 (강원의 윤정환 감독)."""
    from tandem.annotations.suggest.attribution_ko import _without_affiliation as korean_rule

    start, end = korean_rule(text, source)
    first = re.match(r"\S+의 ", text[start:end])
    if first and end - start > first.end():
        start += first.end()
    return start, end


def _korean_name_before(text: str, there: Range, start: int) -> int:
    """The start of a Korean person's source with the word before the name that sounds like nothing on the other
    side (에이드리언 before 왓슨 대변인): a Hangul word of its own, no particle, time word or affiliation."""
    from tandem.annotations.suggest.attribution_ko import _LEAD_WORDS, _PERSON_TITLES, _TIME_WORDS, _affiliation

    before = [w for w in _words(text, there) if w[1] < start and not text[w[1] : start].strip()]
    if not before:
        return start
    w0, w1 = before[-1]
    word = text[w0:w1]
    if (not all("\uac00" <= ch <= "\ud7a3" for ch in word) or strip_particle(text, w0, w1) < w1
            or word in _TIME_WORDS or word in _LEAD_WORDS or _affiliation(word) or word.endswith(_PERSON_TITLES)):
        return start  # fmt: skip
    return w0


def _english_source(text: str, there: Range, anchor: Range) -> Range:
    """The English source phrase around a name: the capitalised words and titles before it (White House spokesman
    John F. Kirby), without a leading "the"."""
    start, end = anchor
    for w0, w1 in reversed([w for w in _words(text, there) if w[1] <= anchor[0]]):
        if text[w1:start].strip():
            break  # punctuation between the word and the phrase
        word = text[w0:w1]
        bare = word.removesuffix("'s").removesuffix("’s")
        if word in _EN_NOT_IN_SOURCE or not (bare[:1].isupper() or bare.lower() in _EN_TITLE_WORDS):
            break
        start = w0
    if text[end - 2 : end] in ("'s", "’s"):
        end -= 2
    return trim(text, start, end, chars=" ,;:“”\"")


# ---------------------------------------------------------------------------------------------------- the claim


def _aligned_quote(texts: Mapping[str, str], claim: Span, here: Range, there: Range) -> Range | None:
    """The quotation inside `there` at the place the claim's quotation has among the quotations of `here`."""
    to = other(claim.side)
    theirs = [content(texts[to], q) for q in find_quotes(texts[to]) if there[0] <= q[0] and q[1] <= there[1]]
    mine = [content(texts[claim.side], q) for q in find_quotes(texts[claim.side]) if here[0] <= q[0] < here[1]]
    if not theirs:
        return None
    index = next((i for i, q in enumerate(mine) if q[0] <= claim.start < q[1]), 0)
    return theirs[min(index, len(theirs) - 1)]


def _clause(text: str, side: str, there: Range, source: Range, cue: Range | None) -> Range:
    """The reported clause: the longest stretch of `there` outside the source and the cue, without the words that
    join it to them ("that", Korean 은/는 after the source and …라고 before the cue)."""
    cuts = sorted([source, *([cue] if cue else [])])
    pieces, at = [], there[0]
    for c0, c1 in cuts:
        pieces.append((at, max(at, c0)))
        at = max(at, c1)
    pieces.append((at, there[1]))
    start, end = max(pieces, key=lambda p: len(text[p[0] : p[1]].strip()))
    if side == "ko":
        if start in (source[1], cue[1] if cue else -1) and not text[start : start + 1].isspace():
            while start < end and not text[start].isspace():
                start += 1  # the particle after the source (커비 대변인|은)
        start, end = trim(text, start, end, chars=" ,.;:")
        word = text[max(start, end - 6) : end]
        for link in _KO_LINKS:
            if word.endswith(link) and end - len(link) > start + 1:
                end -= len(link)
                break
        return trim(text, start, end, chars=" ,;:")
    start, end = trim(text, start, end, chars=" ,.;:")
    if text[start : start + 5].lower() == "that ":
        start += 5
    return trim(text, start, end, chars=" ,.;:")
