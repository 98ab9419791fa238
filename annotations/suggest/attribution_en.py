"""Reported speech in English news: claim, source and cue of each statement (field notes §8; gold guidelines §3).

The rule reads spaCy's dependency parse: a speech verb ("said", "told", "added", "warned" ...) with a subject is a
cue; its claim is the quotation beside it ("…,” he said / said, “…” / “…,” and “…”) or, failing that, its finite
clausal complement (X said (that) …; reported that A, and that B); "according to X" makes X the source of the
clause it modifies. A verb with neither gives nothing ("the said agreement", "a man who said nothing", "experts
expect X to become …", "It was reported that …"). Quotes are read over the whole side, so a quote over several
sentences or paragraphs is one claim, and read again for the attributions nested inside them; a sentence that is
only a quote, right after a quote of someone's, continues that speaker (no cue). Without spaCy or its English
pipeline, regular expressions handle quotes, "X said (that) …" and "according to X", at a lower score.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Sequence
from typing import Any

from tandem.annotations.suggest.names_en import english_pipeline_name
from tandem.annotations.suggest.reported import (
    Reported,
    Span,
    SpeakerContext,
    content,
    find_quotes,
    inside,
    overlaps,
    tidy,
    trim,
    units,
    with_pronoun_kinds,
)
from tandem.annotations.suggest.source_kind import EN_PRONOUNS
from tandem.annotations.suggest.source_kind import english as english_kind

_lock = threading.Lock()
_nlp: Any = None
_missing = False

# fmt: off
# Speech verbs: lemma -> its inflected forms. Weak verbs report a thought, not speech: they count only with a
# finite complement clause and a source that is someone.
_STRONG = {
    "say": "said says saying", "tell": "told tells telling", "add": "added adds adding",
    "note": "noted notes noting", "warn": "warned warns warning", "confirm": "confirmed confirms confirming",
    "deny": "denied denies denying", "report": "reported reports reporting", "state": "stated states stating",
    "announce": "announced announces announcing", "claim": "claimed claims claiming",
    "argue": "argued argues arguing", "explain": "explained explains explaining",
    "insist": "insisted insists insisting", "acknowledge": "acknowledged acknowledges acknowledging",
    "admit": "admitted admits admitting", "reply": "replied replies replying",
    "respond": "responded responds responding", "write": "wrote writes writing written",
    "declare": "declared declares declaring", "stress": "stressed stresses stressing",
    "emphasize": "emphasized emphasizes emphasizing emphasised emphasises", "mention": "mentioned mentions mentioning",
    "comment": "commented comments commenting", "reveal": "revealed reveals revealing",
    "disclose": "disclosed discloses disclosing", "concede": "conceded concedes conceding",
    "contend": "contended contends contending", "maintain": "maintained maintains maintaining",
    "observe": "observed observes observing", "remark": "remarked remarks remarking",
    "recall": "recalled recalls recalling", "caution": "cautioned cautions cautioning",
    "assert": "asserted asserts asserting", "allege": "alleged alleges alleging",
    "testify": "testified testifies testifying", "tweet": "tweeted tweets tweeting",
    "conclude": "concluded concludes concluding", "complain": "complained complains complaining",
    "vow": "vowed vows vowing", "pledge": "pledged pledges pledging", "promise": "promised promises promising",
    "continue": "continued continues continuing", "answer": "answered answers answering",
    "predict": "predicted predicts predicting", "estimate": "estimated estimates estimating",
    "urge": "urged urges urging", "counter": "countered counters", "boast": "boasted boasts",
    "quip": "quipped quips", "describe": "described describes describing", "brief": "briefed briefs",
    "inform": "informed informs",
}
_WEAK = {
    "believe": "believed believes believing", "think": "thought thinks thinking", "expect": "expected expects",
    "hope": "hoped hopes", "fear": "feared fears", "agree": "agreed agrees", "assess": "assessed assesses",
    "worry": "worried worries", "suspect": "suspected suspects", "doubt": "doubted doubts",
}
# "voiced concerns that …": a verb and its object noun together make the cue
_NOUN_CUES = {"voice": "voiced voices voicing", "express": "expressed expresses expressing",
              "raise": "raised raises raising"}
_CUE_NOUNS = frozenset(("concern", "concerns", "fear", "fears", "hope", "hopes", "worry", "worries", "doubt",
                        "doubts", "belief", "view", "optimism", "confidence", "skepticism", "scepticism"))
# fmt: on
_LEMMAS = {form: lemma for table in (_STRONG, _WEAK) for lemma, forms in table.items() for form in forms.split()}
_LEMMAS.update({lemma: lemma for table in (_STRONG, _WEAK) for lemma in table})
_NOUN_CUE_FORMS = {form: lemma for lemma, forms in _NOUN_CUES.items() for form in [lemma, *forms.split()]}
_QUOTE_ONLY = frozenset(("continue", "describe"))  # "The NYT continued, “…”": a cue only beside a quote
_IT_VERBS = frozenset(("say", "report", "state", "announce", "write", "add", "note", "warn", "claim", "confirm",
                       "deny", "tell"))  # fmt: skip
_CANDIDATE = re.compile(
    r"\baccording to\b|\b(?:"
    + "|".join(sorted(map(re.escape, {*_LEMMAS, *_NOUN_CUE_FORMS}), key=len, reverse=True))
    + r")\b",
    re.IGNORECASE,
)
_NOT_SOURCES = frozenset(("this", "that", "there", "which", "who", "what", "these", "those"))


_DIRECT_SCORE, _INDIRECT_SCORE, _ACCORDING_SCORE, _NESTED_PENALTY = 0.9, 0.75, 0.8, 0.1


def pipeline() -> Any | None:
    """The shared spaCy English pipeline, tagger and parser only (loaded once, thread-safe); None when unavailable."""
    global _nlp, _missing
    with _lock:
        if _nlp is None and not _missing:
            name = english_pipeline_name()
            try:
                if name is None:
                    raise ImportError("no English pipeline")
                import spacy

                _nlp = spacy.load(name, exclude=["ner", "lemmatizer", "attribute_ruler"])
            except (ImportError, OSError, ValueError):
                _missing = True
                return None
        return _nlp


def english_attributions(text: str, sentences: Sequence[Span]) -> list[Reported]:
    """Every reported statement in one English side's `text`, given its sentence spans (ordered, non-overlapping).

    Sentences that share a quotation are read together, so a quote over several sentences is one claim; only the
    sentences holding a speech verb or "according to" are parsed.
    """
    quotes = find_quotes(text, sentences, breaks=lambda s, e: _CANDIDATE.search(text, s, e) is not None)
    nlp = pipeline()
    if nlp is None:
        return _fallback(text, sentences, quotes)
    unit_spans = units(sentences, quotes)
    jobs: list[tuple[int, int]] = []  # (unit number, sentence number)
    position = 0
    for number, (start, end) in enumerate(unit_spans):
        while position < len(sentences) and sentences[position][0] < end:
            if sentences[position][0] >= start and _CANDIDATE.search(text, *sentences[position]):
                jobs.append((number, position))
            position += 1
    found: list[Reported] = []
    readers: dict[int, _Reader] = {}
    context = SpeakerContext()
    docs = nlp.pipe(text[sentences[n][0] : sentences[n][1]] for _, n in jobs)
    for (number, sentence), doc in zip(jobs, docs, strict=True):
        reader = readers.get(number)
        if reader is None:
            reader = readers[number] = _Reader(text, unit_spans[number], quotes, context)
        previous = sentences[sentence - 1] if sentence > 0 else None
        found += reader.read(doc, sentences[sentence][0], previous)
    found += _continued_quotes(text, unit_spans, quotes, found)
    return tidy(found)


class _Reader:
    """Reads the attributions of one unit (a sentence, or sentences sharing a quote) from its parsed sentences."""

    def __init__(self, text: str, unit: Span, quotes: list[Span], context: SpeakerContext) -> None:
        self.text = text
        self.unit = unit
        self.all_quotes = quotes
        self.quotes = [q for q in quotes if overlaps(q, unit)]
        self.context = context
        self.claimed: set[Span] = set()  # quotes already given to a cue
        self.sources: dict[int, Span] = {}  # cue start -> its source
        self.found: list[Reported] = []
        self.doc: Any = None
        self.offset = 0
        self.previous: Span | None = None

    def span(self, token: Any) -> Span:
        """The side-text offsets of one token."""
        start = self.offset + token.idx
        return start, start + len(token.text)

    def edges(self, first: int, last: int) -> Span:
        """The side-text offsets from token `first` to token `last`, both included."""
        doc = self.doc
        return self.offset + doc[first].idx, self.offset + doc[last].idx + len(doc[last].text)

    def subtree_span(self, token: Any, exclude: Sequence[Any] = ()) -> Span:
        """The side-text offsets covered by a token's subtree, stopping before any excluded child's subtree."""
        left, right = token.left_edge.i, token.right_edge.i
        for child in exclude:
            if child.i > token.i:
                right = min(right, child.left_edge.i - 1)
            else:
                left = max(left, child.right_edge.i + 1)
        return self.edges(left, right)

    def quoted(self, token: Any) -> Span | None:
        """The quote enclosing a token (its marks excluded), if any."""
        position = self.offset + token.idx
        quote = inside(self.quotes, position)
        if quote and position in (quote[0], quote[1] - 1):
            return None
        return quote

    def read(self, doc: Any, offset: int, previous: Span | None) -> list[Reported]:
        """The attributions of one parsed sentence of the unit (`offset`: where it starts in the side text)."""
        self.doc, self.offset, self.previous = doc, offset, previous
        first = len(self.found)
        for token in doc:
            lemma = _LEMMAS.get(token.lower_)
            if lemma is not None and token.tag_.startswith("VB") and token.dep_ not in ("amod", "relcl", "acl"):
                self.found += self._cue(token, lemma, token)
            elif token.lower_ in _CUE_NOUNS and token.dep_ == "dobj" and token.head.lower_ in _NOUN_CUE_FORMS:
                self.found += self._cue(token.head, "say", token)  # voiced concerns that …
            elif token.lower_ == "according" and token.i + 1 < len(doc) and doc[token.i + 1].lower_ == "to":
                self.found += self._according_to(token)
        return self.found[first:]

    # --- one cue ----------------------------------------------------------------------------------------------

    def _cue(self, verb: Any, lemma: str, last: Any) -> list[Reported]:
        """The attributions of one speech verb (`last`: the cue's last word): its quote(s) or its complement
        clause(s), with its subject as the source."""
        outer = self.quoted(verb)  # “Officials said that …”: an attribution reported inside a quotation
        says_only = self._says_only(verb)
        if outer is not None and says_only and outer[0] == self.offset:
            outer = None  # “The NYT reported. — a stray mark before a cue, not a quotation
        nested = outer is not None
        source, how = self._subject(verb, lemma)
        if source is None:
            return []
        cue = (self.span(verb)[0], self.span(last)[1])
        self.sources[cue[0]] = source
        claims: list[tuple[Span, str]] = []
        quote = None if nested or last is not verb else self._adjacent_quote(verb, source, says_only)
        if quote is not None:
            chain = [quote, *self._chained_quotes(quote)]
            resumed = self._resumed_quote(quote, max(cue[1], source[1]))
            if resumed is not None:
                chain.append(resumed)  # “We are ready,” he said, “to talk.”
            self.claimed.update(chain)
            claims = [(content(self.text, q), "direct") for q in chain]
        elif lemma not in _QUOTE_ONLY:
            claims = [(c, "indirect") for c in self._complements(last if last is not verb else verb, outer)]
        if not claims and says_only and not nested and self.previous is not None:
            # “The NYT reported. after the sentence it reports: the whole preceding sentence is the claim
            claims = [(trim(self.text, *self.previous, chars=' ,.;:“”"'), "indirect")]
            how += ", claim in the sentence before"
        if not claims:
            return []
        kind, unnamed = english_kind(self.text[source[0] : source[1]], self.context.last_kind)
        kind = self.context.kind(self.text[source[0] : source[1]], kind)
        if lemma in _WEAK and kind == "other":
            return []
        if not nested:
            self.context.last_kind = kind
        verb_text = self.text[cue[0] : cue[1]]
        results = []
        for claim, family in claims:
            if claim[1] - claim[0] < 3:
                continue
            score = (_DIRECT_SCORE if family == "direct" else _INDIRECT_SCORE) - (_NESTED_PENALTY if nested else 0)
            if how != "subject":
                score -= 0.1
            reason = f"{'quote' if family == 'direct' else 'clause'} + {verb_text}, source {how}"
            results.append(Reported(claim, source, cue, kind, "anonymous" if unnamed else family, round(score, 2),
                                    reason + (" (inside a quote)" if nested else "")))  # fmt: skip
        return results

    def _subject(self, verb: Any, lemma: str) -> tuple[Span | None, str]:
        """The verb's speaker: its nsubj (with appositions, without "the" or a ", citing X," aside), a coordinated
        verb's subject, or the noun phrase before it when the parse found none."""
        for child in verb.children:
            if child.dep_ == "nsubj":
                word = child.lower_
                if word in _NOT_SOURCES or (word == "it" and lemma not in _IT_VERBS):
                    return None, ""  # "It suggested that …": an inference, not a speaker
                asides = [c for c in child.children if c.dep_ in ("acl", "relcl", "advcl") and c.i > child.i
                          and self.doc[c.left_edge.i - 1].text == ","]  # fmt: skip
                return self._noun_span(*self.subtree_span(child, asides)), "subject"
            if child.dep_ in ("nsubjpass", "expl", "auxpass"):
                return None, ""  # "It was reported that …": nobody named
        quoted = verb.head.head if verb.head.lower_ == "as" else None
        if verb.lower_ == "saying" and quoted is not None and quoted.lower_ in ("quoted", "cited"):
            subjects = [c for c in quoted.children if c.dep_ == "nsubjpass"]  # Kim was quoted as saying …
            if subjects and subjects[0].lower_ not in _NOT_SOURCES:
                return self._noun_span(*self.subtree_span(subjects[0])), "subject of quoted as saying"
        if verb.dep_ in ("conj", "advcl", "xcomp", "ccomp") and verb.tag_ in ("VBD", "VBG", "VBZ", "VBP"):
            head = verb.head
            while head.i != head.head.i and self.span(head)[0] not in self.sources and head.dep_ in (
                "conj", "ccomp", "advcl"):  # fmt: skip
                head = head.head
            if self.span(head)[0] in self.sources:
                return self.sources[self.span(head)[0]], "of the coordinated verb"
            subjects = [c for c in verb.head.children if c.dep_ == "nsubj"] if verb.dep_ == "conj" else []
            if subjects and subjects[0].lower_ not in _NOT_SOURCES | {"it"} and self.quoted(subjects[0]) is None:
                return self._noun_span(*self.subtree_span(subjects[0])), "of the coordinated verb"
            if verb.dep_ != "ccomp" and self.found:
                return self.found[-1].source, "of the previous verb"
        phrase = self._left_phrase(verb)
        return (self._noun_span(*phrase), "before the verb") if phrase else (None, "")

    def _noun_span(self, start: int, end: int) -> Span:
        """A source span without surrounding punctuation and without a leading "the"."""
        return _source_span(self.text, start, end)

    def _left_phrase(self, verb: Any) -> Span | None:
        """The words between the clause's introductory phrases and the verb, when the parse gave it no subject
        ("In response to an inquiry, Adrian Watson, spokesman for the NSC, said")."""
        sentence = verb.sent
        if self.quoted(verb) is not None or verb.i == sentence.start:
            return None
        tokens = [t for t in sentence if t.i < verb.i]
        if any(self.quoted(t) or t.text in '“”"' for t in tokens):
            return None
        segments: list[list[Any]] = [[]]
        for token in tokens:
            if token.text == "," and not (segments[-1] and segments[-1][-1].text == ")"):
                segments.append([])
            else:
                segments[-1].append(token)
        segments = [s for s in segments if s]
        while segments and segments[0][0].tag_ in ("IN", "RB", "RBR", "CC", "WRB", "VBG", "VBN", "TO"):
            segments.pop(0)  # introductory phrases
        if not segments or not any(t.tag_.startswith(("NN", "PRP")) for t in segments[0]):
            return None
        if any(t.tag_.startswith(("VB", "MD")) for seg in segments for t in seg):
            return None
        return self.edges(segments[0][0].i, segments[-1][-1].i)

    def _says_only(self, verb: Any) -> bool:
        """Whether the sentence is only a subject and the verb, perhaps with an object ("He told the NYT.")."""
        for token in self.doc:
            if token.i == verb.i or token.is_punct:
                continue
            branch = token
            while branch.head.i != verb.i and branch.head.i != branch.i:
                branch = branch.head
            if branch.head.i != verb.i or branch.dep_ not in ("nsubj", "dobj", "dative", "advmod", "npadvmod"):
                return False
            if branch.dep_ != "nsubj" and branch.right_edge.i - branch.left_edge.i > 2:
                return False  # "declared their willingness to …": an object of its own, not an addressee
        return True

    # --- claims -----------------------------------------------------------------------------------------------

    def _adjacent_quote(self, verb: Any, source: Span, says_only: bool) -> Span | None:
        """The quote beside the cue: “…,” he said / said X / X said, “…” / X told Y: “…”; or a quote closing the
        sentence before one that says only "He said."."""
        cue_start, cue_end = self.span(verb)
        before = [q for q in self.all_quotes if q[1] <= cue_start and q not in self.claimed]
        if before:
            quote = before[-1]
            between = self.text[quote[1] : cue_start]
            if source[0] >= quote[1] and source[1] <= cue_start:
                between = self.text[quote[1] : source[0]] + self.text[source[1] : cue_start]
            rest = between.strip(" ,\n").lower()
            if rest in ("", "the", "was quoted as", "is quoted as") and (quote[1] > self.unit[0] or says_only):
                return quote
        after = [q for q in self.quotes if q[0] >= cue_end and q not in self.claimed]
        if after:
            quote = after[0]
            between = self.text[cue_end : quote[0]]
            objects = [c for c in verb.children if c.dep_ in ("dobj", "dative", "prt", "prep", "advmod", "npadvmod")]
            for child in objects:
                start, end = self.subtree_span(child)
                if cue_end <= start and end <= quote[0]:
                    between = between.replace(self.text[start:end], "", 1)
            rest = between.strip(" ,:")
            if not rest or rest.lower() == "that" or (len(rest.split()) <= 4 and between.rstrip().endswith((",", ":"))):
                return quote  # said, “…” / told reporters: “…” / reported on the 4th, “…”
        return None

    def _resumed_quote(self, quote: Span, after: int) -> Span | None:
        """The quote that resumes after a cue set inside a quotation (“…,” he said, “…”), if any."""
        if quote[1] > after:
            return None
        for following in self.quotes:
            if following[0] >= after and following not in self.claimed:
                return following if self.text[after : following[0]].strip() == "," else None
        return None

    def _chained_quotes(self, quote: Span) -> list[Span]:
        """Quotes that continue a claimed one with "and": “…,” and “…” share the cue, unless a cue follows."""
        chain = []
        current = quote
        for following in self.quotes:
            if following[0] < current[1]:
                continue
            between = self.text[current[1] : following[0]].strip(" ,:;").lower()
            if between not in ("and", "while", "as well as") or _OWN_CUE.match(self.text, following[1]):
                break
            chain.append(following)
            current = following
        return chain

    def _complements(self, verb: Any, outer: Span | None) -> list[Span]:
        """The verb's finite clausal complement(s) (X said (that) …; reported that A, and that B), each to the end of
        the sentence but without "that", a later clause with its own subject or cue, or what lies outside `outer`."""
        doc = self.doc
        claims: list[Span] = []
        for child in verb.children:
            if child.dep_ not in ("ccomp", "acl") or (child.dep_ == "acl" and verb.lower_ not in _CUE_NOUNS):
                continue
            if not self._finite(child):
                continue  # "experts expect X to become …": an infinitive, not a statement
            quote = self.quoted(child)
            if quote is not None and outer is None and self.subtree_span(child)[0] >= quote[0]:
                return []  # the complement is a quote beside the verb, which failed the adjacency test
            if child.i < verb.i:
                start, end = self.subtree_span(child)  # "The talks will go on, he said."
                spans = [(start, end)]
            else:
                spans = []
                clauses = [child, *[c for c in child.children if c.dep_ == "conj" and c.i > child.i
                                    and any(g.dep_ == "mark" and g.lower_ == "that" for g in c.children)]]  # fmt: skip
                for number, clause in enumerate(clauses):
                    first = clause.left_edge.i
                    while first < clause.i and doc[first].dep_ in ("mark", "punct", "cc"):
                        first += 1  # that
                    if number == 0:
                        stops = [c.left_edge.i for c in verb.children if c.i > clause.i and c.dep_ in ("conj", "cc")]
                        stops += [self._clause_start(c) for c in (*verb.children, *clause.children)
                                  if c.i > clause.i and c.dep_ == "advcl" and c.tag_ == "VBG"
                                  and doc[c.left_edge.i - 1].text == ","]  # fmt: skip
                        stops += [self._clause_start(c) for c in clause.children if c.i > clause.i
                                  and (c in clauses or self._own_clause(c))]  # fmt: skip
                        last = min(stops, default=len(doc)) - 1
                    else:
                        last = clause.right_edge.i
                    if last >= first:
                        spans.append(self.edges(first, last))
            for start, end in spans:
                if outer is not None:
                    start, end = max(start, outer[0] + 1), min(end, outer[1] - 1)
                claim = _trim_claim(self.text, start, end)
                if claim[1] - claim[0] >= 8:
                    claims.append(claim)
            if claims:
                break
        return claims

    def _finite(self, token: Any) -> bool:
        """Whether a clause head is finite (a tensed verb or auxiliary), not an infinitive or a participle."""
        if token.tag_ in ("VBD", "VBZ", "VBP", "MD"):
            return True
        finite = ("VBD", "VBZ", "VBP", "MD")
        return any(c.dep_ in ("aux", "auxpass", "cop") and c.tag_ in finite for c in token.children)

    def _own_clause(self, token: Any) -> bool:
        """Whether a conjunct is a clause of its own: a speech verb, or a verb with a subject after ", and"."""
        if token.dep_ != "conj":
            return False
        if token.lower_ in _LEMMAS:
            return True
        return any(c.dep_ in ("nsubj", "nsubjpass") for c in token.children) and any(
            t.text == "," for t in self.doc[max(0, token.left_edge.i - 3) : token.left_edge.i + 1]
        )

    def _clause_start(self, token: Any) -> int:
        """Index where a conjunct clause begins, its coordinating word and comma included."""
        first = token.left_edge.i
        while first > 0 and self.doc[first - 1].dep_ in ("cc", "punct", "mark"):
            first -= 1
        return first

    def _according_to(self, according: Any) -> list[Reported]:
        """ "according to X, …" / "…, according to X": X is the source of the clause the phrase modifies."""
        to = self.doc[according.i + 1]
        objects = [c for c in to.children if c.dep_ == "pobj"] or [c for c in according.children if c.dep_ == "pobj"]
        if not objects:
            return []
        source = self._noun_span(*self.subtree_span(objects[0]))
        head = according.head
        if head.i == according.i:
            return []
        if according.i > head.i and according.i > 0 and self.doc[according.i - 1].text == ",":
            head = according.sent.root  # "…, according to state media.": the whole clause before it
        clause = self.subtree_span(head, [according])
        if according.i < head.i:
            clause = (self.subtree_span(according)[1], clause[1])
        outer = self.quoted(according)
        if outer is not None:
            clause = (max(clause[0], outer[0] + 1), min(clause[1], outer[1] - (self.text[outer[1] - 1] in '”"')))
        claim = trim(self.text, *clause, chars=' ,;:“”"')
        if claim[1] - claim[0] < 8 or overlaps(claim, source):
            return []
        if self.text[claim[1] - 1] == ".":
            claim = (claim[0], claim[1] - 1)
        kind, unnamed = english_kind(self.text[source[0] : source[1]], self.context.last_kind)
        cue = (self.span(according)[0], self.span(to)[1])
        score = _ACCORDING_SCORE - (_NESTED_PENALTY if outer else 0)
        return [Reported(claim, source, cue, kind, "anonymous" if unnamed else "according_to", round(score, 2),
                         "according to + clause" + (" (inside a quote)" if outer else ""))]  # fmt: skip


_OWN_CUE = re.compile(r"\s*,?\s*(?:(?:[\w.’'-]+\s+){1,5}(?:said|says|reported|told|added|wrote)|(?:said|says|added)"
                      r"\s+[A-Z])\b")  # fmt: skip


def _source_span(text: str, start: int, end: int) -> Span:
    """A source span without surrounding punctuation and without a leading "the" (the guidelines' form)."""
    start, end = trim(text, start, end, chars=" ,.;:“”\"'")
    if text[start : start + 4].lower() == "the " and end - start > 4:
        start += 4
    return start, end


def _trim_claim(text: str, start: int, end: int) -> Span:
    """A claim without surrounding punctuation, words that only join it to what follows, or an unpaired mark."""
    start, end = trim(text, start, end, chars=' ,.;:“”"')
    while True:
        words = text[start:end].rsplit(None, 1)
        if len(words) == 2 and words[1].lower() in ("and", "but", "while", "or"):
            end = trim(text, start, start + len(words[0]), chars=' ,.;:“”"')[1]
        else:
            break
    claim = text[start:end]
    if claim.count("“") > claim.count("”") and text[end : end + 2].lstrip(",.")[:1] == "”":
        end = text.index("”", end) + 1  # 'talks were “actively underway”': keep the quote's closing mark
    elif claim.count('"') % 2 and '"' in text[end : end + 2]:
        end = text.index('"', end) + 1
    return start, end


def _continued_quotes(text: str, spans: list[Span], quotes: list[Span], found: list[Reported]) -> list[Reported]:
    """A sentence that is only a quote, right after a quote attributed to someone: the same speaker's, no cue."""
    extra: list[Reported] = []
    claimed = [r.claim for r in found]
    for index in range(1, len(spans)):
        start, end = spans[index]
        bare = next((q for q in quotes if q[0] == start and q[1] >= end - 1), None)
        if bare is None or any(overlaps(c, bare) and not (bare[0] < c[0] and c[1] < bare[1] - 1) for c in claimed):
            continue  # already someone's claim (an attribution nested inside the quote does not count)
        before = spans[index - 1]
        earlier = [r for r in [*found, *extra] if r.family in ("direct", "anonymous") and before[0] <= r.claim[0]
                   and r.claim[1] <= before[1] and inside(quotes, r.claim[0]) is not None]  # fmt: skip
        if not earlier or "\n" in text[before[1] : start]:
            continue
        speaker = max(earlier, key=lambda r: r.claim)
        extra.append(Reported(content(text, bare), speaker.source, None, speaker.kind, speaker.family, 0.6,
                              "quote with no cue, right after a quote of the same speaker"))  # fmt: skip
    return extra


# --- without spaCy --------------------------------------------------------------------------------------------

_CUE_WORDS = r"(?:said|says|say|added|adds|adding|noted|warned|confirmed|denied|told|tells|reported|stated" \
    r"|announced|claimed|claim|argued|explained|insisted|acknowledged|admitted|declared|stressed|wrote|continued" \
    r"|mentioned)"  # fmt: skip
_SUBJECT_AFTER = re.compile(r"\s*,?\s*((?:[A-Z][\w.'’-]*|the|a|an|U\.S\.|he|she|they|we|I|officials)"
                            r"(?:\s+[\w.'’-]+){0,5}?)\s+(" + _CUE_WORDS + r")\b")  # fmt: skip
_CUE_FIRST = re.compile(r"\s*,?\s*(" + _CUE_WORDS + r")\s+(?=[A-Z]|the\b|an?\b|one\b)")
_BEFORE_QUOTE = re.compile(r"(" + _CUE_WORDS + r")(?:\s+\w+){0,4}?\s*[,:]\s*$")
_INDIRECT = re.compile(
    r"\b((?:said|says|told (?:reporters|journalists|the \w+|him|her|them|us))(?:\s+that)?|"
    + _CUE_WORDS
    + r"(?:\s+(?:on|in|at|last|late|early)(?:\s+[\w-]+){1,3})?\s+that)\s+(?=[A-Za-z])"
)
_ACCORDING = re.compile(r"\baccording to\s+([^,.;“”\"]+)", re.IGNORECASE)


_NOT_SUBJECT_ENDS = frozenset(
    (
        "and",
        "or",
        "but",
        "then",
        "also",
        "was",
        "is",
        "were",
        "been",
        "be",
        "it",
        "that",
        "the",
        "a",
        "an",
        "who",
        "which",
    )
)


def _fallback(text: str, sentences: Sequence[Span], quotes: list[Span]) -> list[Reported]:
    """Quotes, "X said (that) …" and "according to X" found with regular expressions (no parser), also inside
    quotes; lower scores than the parser's."""
    found: list[Reported] = []
    for start, end in units(sentences, quotes):
        unit_quotes = [q for q in quotes if start <= q[0] < end]
        used = _fallback_quotes(text, start, end, unit_quotes, found)
        found += _fallback_clauses(text, start, end, quotes, used, 0.0)
        for quote in unit_quotes:
            inner = content(text, quote)
            found += _fallback_clauses(text, inner[0], inner[1], [], [], _NESTED_PENALTY)
    return with_pronoun_kinds(text, tidy(found), lambda source: source.lower() in EN_PRONOUNS)


def _fallback_quotes(text: str, start: int, end: int, unit_quotes: list[Span], found: list[Reported]) -> list[Span]:
    """Direct quotes with a cue beside them (added to `found`); returns the quotes used."""
    used = []
    for quote in unit_quotes:
        after = _SUBJECT_AFTER.match(text, quote[1], end)
        if after:  # “…,” he said / “…,” the minister said
            found.append(_guess(text, quote, after.span(1), after.span(2), "quote + cue after it"))
            used.append(quote)
            continue
        after = _CUE_FIRST.match(text, quote[1], end)
        if after:  # “…,” said Jin H. Lee, senior fellow at the Wilson Center.
            source = trim(text, after.end(), end, chars=" ,.;:")
            if 0 < len(text[source[0] : source[1]].split()) <= 15:
                found.append(_guess(text, quote, source, after.span(1), "quote + cue after it"))
                used.append(quote)
                continue
        before = _BEFORE_QUOTE.search(text, start, quote[0])
        if before:
            source = _phrase_before(text, start, before.start())
            if source is None and re.search(r"\band\s*$", text[start : before.start()]):
                first = re.search(r"\b" + _CUE_WORDS + r"\b", text[start : before.start()])
                if first:  # X said …, and added, “…”: the subject of the first verb
                    source = _phrase_before(text, start, start + first.start())
            if source:
                found.append(_guess(text, quote, source, before.span(1), "cue + quote after it"))
                used.append(quote)
    return used


def _fallback_clauses(text: str, start: int, end: int, quotes: list[Span], used: list[Span], penalty: float
                      ) -> list[Reported]:  # fmt: skip
    """ "X said (that) …" and "according to X" in text[start:end], outside `quotes` and the `used` ones."""
    found = []
    for match in _INDIRECT.finditer(text, start, end):
        if inside(quotes, match.start()) or any(q[0] >= match.end() and q[0] - match.end() < 3 for q in quotes):
            continue
        source = _phrase_before(text, start, match.start())
        source = _source_span(text, *source) if source else None
        cue = (match.start(1), match.start(1) + len(match.group(1).split()[0]))
        claim = trim(text, match.end(), _clause_end(text, match.end(), end), chars=' ,.;:“”"')
        if source and claim[1] - claim[0] >= 12 and not any(overlaps(claim, q) for q in used):
            kind, unnamed = english_kind(text[source[0] : source[1]])
            reason = f"clause + {text[cue[0] : cue[1]]} (no parser)"
            found.append(Reported(claim, source, cue, kind, "anonymous" if unnamed else "indirect",
                                  round(0.45 - penalty, 2), reason))  # fmt: skip
    for match in _ACCORDING.finditer(text, start, end):
        if inside(quotes, match.start()):
            continue
        source = _source_span(text, *match.span(1))
        if match.start() - start < 3:
            claim = trim(text, match.end(), end, chars=' ,.;:“”"')
        else:
            claim = trim(text, start, match.start(), chars=' ,.;:“”"')
        if claim[1] - claim[0] >= 12:
            kind, unnamed = english_kind(text[source[0] : source[1]])
            found.append(Reported(claim, source, (match.start(), match.start() + 12), kind,
                                  "anonymous" if unnamed else "according_to",
                                  round(0.5 - penalty, 2), "according to + clause (no parser)"))  # fmt: skip
    return found


def _guess(text: str, quote: Span, source: Span, cue: Span, reason: str) -> Reported:
    """A direct attribution found without the parser."""
    source = _source_span(text, *source)
    kind, unnamed = english_kind(text[source[0] : source[1]])
    return Reported(content(text, quote), source, cue, kind, "anonymous" if unnamed else "direct", 0.6,
                    f"{reason} (no parser)")  # fmt: skip


def _phrase_before(text: str, start: int, end: int) -> Span | None:
    """The subject before a cue: the last comma-separated stretch before it that is not an opening phrase."""
    prefix = text[start:end]
    if any(mark in prefix for mark in '“”"'):
        return None
    parts = [m for m in re.finditer(r"[^,]+", prefix)]
    while parts and re.match(r"\s*(?:In|On|At|During|After|Before|When|While|As|For|But|And|However|Meanwhile)\b",
                             parts[0].group()):  # fmt: skip
        parts.pop(0)
    if not parts:
        return None
    phrase = trim(text, start + parts[0].start(), end)
    words = text[phrase[0] : phrase[1]].split()
    while words and (words[-1].endswith("ly") and words[-1].islower()):
        words.pop()  # "the presidential press secretary practically acknowledged"
        phrase = (phrase[0], text.rindex(words[-1], phrase[0], phrase[1]) + len(words[-1])) if words else phrase
    if not words or len(words) > 14 or not (words[0][:1].isupper() or words[0].lower() in EN_PRONOUNS | {"the"}):
        return None
    lowered = [w.lower().strip(",.") for w in words]
    if lowered[-1] in _NOT_SUBJECT_ENDS:
        return None  # “…,” and added / It was reported
    if any(w in _LEMMAS for w in lowered) or any(w in ("cited", "citing", "who", "which") for w in lowered):
        return None  # another verb: not a plain noun phrase
    return phrase


def _clause_end(text: str, start: int, end: int) -> int:
    """Where an indirect claim stops: the unit's end, or a ", and" that starts another clause."""
    match = re.search(r",[\"”]?\s+(?:and|but|while)\s", text[start:end])
    return start + match.start() if match else end
