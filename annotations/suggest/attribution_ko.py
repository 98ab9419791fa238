"""Reported speech in Korean news: claim, source and cue of each statement (field notes §8; gold guidelines §3).

Korean marks reported speech with a quotative ending on the claim (”라고 / ”고 / ”며 for a quote, …다고 / …라고
for indirect speech, …것으로 for a report, …다는 입장을 for a stance) followed by a speech verb, and the speaker
is the NP marked 이/가 between the claim and the verb or, more often, the clause's topic marked 은/는. The rule:
the cue is a speech verb outside quotes carrying a past or final ending (not 기 or a plain adnominal ending:
인정하기 시작했다 reports nothing), its claim is what the quotative ending closes (quotes chained by ”며 /
”면서 share the cue; a quote after the quote's own subject is one indirect claim over the clause), and a verb with
no quotative claim before it gives nothing. Quotes are read again for the attributions nested inside them, and
…에 따르면 gives an according_to attribution. Kiwi's morphemes find the endings and particles; without kiwipiepy
regular expressions handle quotes, …다고 / …것으로 + speech verb and …에 따르면, at a lower score.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import NamedTuple

from tandem.annotations.particles import strip_particle
from tandem.annotations.suggest.kiwi import analyser, tokenize
from tandem.annotations.suggest.reported import (
    Reported,
    Span,
    SpeakerContext,
    content,
    find_quotes,
    inside,
    tidy,
    trim,
    units,
    with_pronoun_kinds,
)
from tandem.annotations.suggest.source_kind import KO_COUNTRIES, KO_PRONOUNS
from tandem.annotations.suggest.source_kind import korean as korean_kind

# fmt: off
# Nouns that make a speech verb with 하다 (말하다, 인정하다, 보도하다 ...).
_SPEECH_NOUNS = frozenset((
    "말", "말씀", "인정", "강조", "설명", "주장", "지적", "보도", "언급", "발표", "경고", "비판", "비난", "촉구",
    "답변", "답", "대답", "응답", "시사", "부인", "반박", "전망", "예상", "분석", "평가", "우려", "제안", "요구",
    "요청", "확인", "공개", "질문", "당부", "호소", "토로", "일축", "선언", "통보", "보고", "진단", "풀이", "해석",
    "예측", "거론", "논평", "시인", "발언", "고백", "부연", "강변", "역설", "피력", "표명", "천명", "소개", "관측",
    "증언", "폭로", "해명", "반문", "항변", "자평", "단언", "공언", "약속", "다짐", "제기", "예고", "권고", "귀띔",
    "이야기", "얘기", "추정", "회고", "브리핑", "전언", "고지", "공지", "명시", "적시", "반발", "비꼬",
    "전달", "재확인", "고수",
))
# Verbs that report speech on their own (밝히다, 전하다 ...).
_SPEECH_VERBS = frozenset((
    "밝히", "전하", "말하", "덧붙이", "묻", "알리", "내다보", "꼬집", "털어놓", "답하", "외치", "적", "쓰", "되묻",
    "못박", "믿", "이르", "비꼬", "말씀하", "나타내", "내놓", "드러내",
))
# Nouns a "…다는" clause fills ("…나서겠다는 입장을 밝혔다"): the clause is the claim.
_CONTENT_NOUNS = frozenset((
    "입장", "뜻", "의견", "견해", "방침", "생각", "취지", "주장", "말", "메시지", "의사", "전망", "분석", "관측",
    "평가", "우려", "의지", "기대", "희망", "판단", "사실", "내용", "답변", "설명",
))
# Verbs a "…것으로" clause reports through ("…논의할 것으로 보도했다").
_REPORT_STEMS = frozenset((
    "보도", "전하", "알리", "밝히", "전망", "예상", "분석", "관측", "추정", "파악", "확인", "평가", "말", "설명",
    "예측", "내다보", "보고",
))
_NP_TAGS = frozenset(("NNG", "NNP", "NNB", "NP", "NR", "SL", "SH", "SN", "XSN", "XPN", "MM", "SO", "JKG", "JC"))
_GAP_TAGS = _NP_TAGS | {"JKS", "JX", "JKB", "MAG", "SP"}
_GAP_JKB = frozenset(("에", "에게", "에게서", "께", "에서", "한테", "으로", "로", "을", "를"))
_DIRECT_LINKS = frozenset(("며", "으며", "라며", "이라며", "면서", "라면서", "이라면서", "고", "라고", "이라고"))
_INDIRECT_LINKS = frozenset(("다며", "라며", "다면서", "라면서", "냐며", "자며"))
_TIME_WORDS = frozenset(
    ("이날", "오늘", "어제", "전날", "당시", "지난달", "지난주", "지난해", "올해", "최근", "앞서", "이후", "현지시간")
)
_TIME_UNITS = frozenset(("일", "월", "년", "시", "분", "주"))
_LEAD_WORDS = frozenset(("반면", "한편", "특히", "또", "또한", "이어", "다만", "그러나", "하지만", "이에", "아울러"))

# Channels a speaker uses, skipped at the start of a claim ("…발표한 담화에서 …라고 말했다").
_CHANNELS = frozenset((
    "담화", "성명", "회견", "기자회견", "브리핑", "인터뷰", "메시지", "문자메시지", "연설", "발표", "보도자료",
    "성명서", "논평", "입장문", "페이스북", "트위터", "SNS", "글", "서면", "답변", "방송", "통화", "회의", "자리",
    "토론회", "포럼",
))
# The title or role that closes a person's source ("에이드리언 왓슨 대변인"): an affiliation before the name
# stays out of the source.
_PERSON_TITLES = (
    "대변인", "장관", "대통령", "총리", "위원장", "의원", "대사", "청장", "차관", "실장", "수석", "비서관", "국장",
    "총비서", "주석", "부장", "차장", "사령관", "의장", "대표", "총장", "연구원", "연구위원", "교수", "박사", "소장",
    "센터장", "애널리스트", "이코노미스트", "기자", "특파원", "회장", "사장", "이사", "국왕", "총재", "본부장", "단장",
    "원장", "장군", "전문가", "분석가", "지사", "시장",
)
_ORG_ENDINGS = (
    "회의", "부", "처", "청", "원", "관", "센터", "당", "통신", "일보", "신문", "방송", "정부", "위원회", "연구소",
    "대학", "대학교", "재단", "협회", "은행", "그룹", "기구", "본부", "사령부", "군", "담당", "소속", "출신", "측",
)
# fmt: on

_DIRECT_SCORE, _INDIRECT_SCORE, _ACCORDING_SCORE, _NESTED_PENALTY = 0.9, 0.75, 0.8, 0.1


# A cheap look for any speech verb or 에 따르면 before paying for the analyser on a sentence.
_CANDIDATE = re.compile(
    "(?:" + "|".join(sorted(_SPEECH_NOUNS, key=len, reverse=True)) + ")(?:하|했|한|해|할|합)"
    "|밝[히혔힌혀]|전[하했한해]|말[하했한해]|덧붙|물었|묻|알[리렸린려]|내다[보봤본]|꼬집|털어놓|답[하했한]|외[치쳤]"
    "|적었|썼|되물|못박|믿|일렀|비꼬|고\\s*했|따르면|의하면"
)


class _Tok(NamedTuple):
    form: str
    tag: str
    start: int
    end: int


def korean_attributions(text: str, sentences: Sequence[Span]) -> list[Reported]:
    """Every reported statement in one Korean side's `text`, given its sentence spans (ordered, non-overlapping).

    Sentences that share a quotation are read together, so a quote over several sentences is one claim; quotes
    are read again for the attributions they report themselves (nested attributions are annotated too).
    """
    quotes = find_quotes(text, sentences)
    if analyser() is None:
        return _fallback(text, sentences, quotes)
    found: list[Reported] = []
    context = SpeakerContext()
    for start, end in units(sentences, quotes):
        if not _CANDIDATE.search(text, start, end):
            continue
        tokens = [
            _Tok(t.form, t.tag.split("-")[0], start + t.start, start + t.start + t.len)
            for t in tokenize(text[start:end]) or []
        ]
        unit_quotes = [q for q in quotes if start <= q[0] < end]
        found += _Reader(text, tokens, unit_quotes, context, nested=False).read()
        for quote in unit_quotes:  # attributions reported inside a quotation ("…예정이라고 관계자들이 말했다")
            inner = content(text, quote)
            inner_tokens = [t for t in tokens if inner[0] <= t.start and t.end <= inner[1]]
            found += _Reader(text, inner_tokens, [], context, nested=True).read()
    return tidy(found)


class _Reader:
    """Reads the attributions of one unit (a sentence, or sentences sharing a quote) from its tokens."""

    def __init__(self, text: str, tokens: list[_Tok], quotes: list[Span], context: SpeakerContext,
                 nested: bool) -> None:
        self.text = text
        self.tokens = tokens
        self.quotes = quotes
        self.context = context
        self.nested = nested
        self.quoted = [inside(quotes, t.start) is not None for t in tokens]

    def read(self) -> list[Reported]:
        """The attributions whose cue lies outside the unit's quotes, in reading order."""
        tokens = self.tokens
        found: list[Reported] = []
        domain = 0  # token index where the current clause begins
        carried: Span | None = None  # the previous cue's source, when its verb went on (…라고 말했으며, …)
        for index in range(len(tokens)):
            if self.quoted[index]:
                continue
            cue = self._cue(index)
            if cue is None:
                continue
            last, span = cue
            results, source = self._attribute(domain, index, span, carried, embedded=tokens[last].tag == "ETM")
            if not results:
                continue  # a speech verb with nothing reported is no clause boundary either
            found += results
            if tokens[last].tag == "ETM" or self._marker(last) is not None:
                continue  # 말한 것으로 보도했다 / 말했다고 보도했다: the next verb reports this clause
            if tokens[last].tag == "EC" and not (last + 1 < len(tokens) and tokens[last + 1].tag == "SP"):
                continue  # …말라고 경고하고 중국이 …다고 밝혔다: the clause goes on to the next verb
            domain = last + 1
            while domain < len(tokens) and tokens[domain].tag == "SP":
                domain += 1
            carried = source if tokens[last].tag == "EC" else None
        return found + self._according_to()

    # --- cues -------------------------------------------------------------------------------------------------

    def _cue(self, index: int) -> tuple[int, Span] | None:
        """(index of the cue's last token, cue span) when tokens[index] starts a speech verb with a final ending."""
        tokens = self.tokens
        tok = tokens[index]
        if tok.tag == "NNG" and tok.form in _SPEECH_NOUNS:
            if index + 1 >= len(tokens) or tokens[index + 1].tag != "XSV" or tokens[index + 1].start != tok.end:
                return None
            ending_from = index + 2
        elif tok.tag == "VV" and (tok.form in _SPEECH_VERBS or (tok.form == "하" and self._after_quotative(index))):
            ending_from = index + 1
        else:
            return None
        last = self._accepted_ending(ending_from)
        if last is None:
            return None
        return last, (tok.start, tokens[last].end)

    def _accepted_ending(self, index: int) -> int | None:
        """Index of the last ending token when the endings from `index` make a reporting verb, else None."""
        tokens = self.tokens
        past = False
        i = index
        while i < len(tokens) and tokens[i].tag.startswith(("E", "VX")):
            tag, form = tokens[i].tag, tokens[i].form
            if tag == "EP":
                past = True
            elif tag == "EF":
                return i
            elif tag == "ETM":
                following = tokens[i + 1 : i + 3]
                if len(following) == 2 and following[0].form == "것" and following[1].form in ("으로", "로"):
                    return i  # 말한 것으로 (보도했다): reported speech inside a report
                return None  # 밝힌 내용: an adnominal, not a report
            elif tag == "ETN":
                return None  # 인정하기 시작했다: a noun
            elif tag == "EC":
                if form == "고" and i + 1 < len(tokens) and tokens[i + 1].form == "있" and tokens[i + 1].tag == "VX":
                    i += 2  # 비난하고 있다: progressive
                    continue
                if past or form in ("며", "으며", "면서", "고"):
                    return i
                return None
            i += 1
        return None

    def _after_quotative(self, index: int) -> bool:
        """Whether a bare 하다 follows a quotative ending (…다고 했다 means "said")."""
        return index > 0 and self._marker(index - 1) is not None

    # --- markers and claims -----------------------------------------------------------------------------------

    def _marker(self, index: int) -> str | None:
        """'direct', 'indirect' or 'report' when tokens[index] is a quotative ending closing a claim."""
        tok = self.tokens[index]
        if tok.tag == "EC" and index > 0 and self.tokens[index - 1].tag == "JKQ" and tok.form in _DIRECT_LINKS:
            return self._marker(index - 1)  # ”라며 read as 라/JKQ + 며/EC
        after_quote = self._quote_ending_at(tok.start) is not None
        if not after_quote and tok.tag == "EC" and index > 0 and self.tokens[index - 1].tag == "VCP":
            after_quote = self._quote_ending_at(self.tokens[index - 1].start) is not None  # ”이라며
        if tok.tag == "JKQ":
            return "direct" if after_quote else "indirect"
        if tok.tag == "EC":
            if after_quote and tok.form in _DIRECT_LINKS:
                return "direct"
            if tok.form.endswith(("다고", "라고", "냐고", "자고")) or tok.form in ("라", "이라"):
                return "indirect"
            if tok.form in _INDIRECT_LINKS:
                return "indirect"
        if tok.tag == "JKB" and tok.form in ("으로", "로") and index > 0 and self.tokens[index - 1].form == "것":
            return "report"
        if tok.tag == "ETM" and self._fills_content_noun(index):
            if after_quote and tok.form in ("는", "라는", "이라는"):
                return "direct"  # “…”는 입장을 밝혔다
            if tok.form.endswith(("다는", "라는", "냐는", "자는")):
                return "indirect"  # …나서겠다는 입장을 밝혔다
        return None

    def _fills_content_noun(self, index: int) -> bool:
        """Whether the adnominal ending at `index` fills a noun of content that a verb then reports (…다는 입장을)."""
        tokens = self.tokens
        return (
            index + 2 < len(tokens)
            and tokens[index + 1].tag == "NNG"
            and tokens[index + 1].form in _CONTENT_NOUNS
            and tokens[index + 2].tag == "JKO"
        )

    def _glued(self, index: int) -> int:
        """The quotative particle or copula a linking ending is glued to (”라며 = 라/JKQ + 며/EC, ”이라며 = 이/VCP +
        라며/EC), else `index` itself."""
        tokens = self.tokens
        if tokens[index].tag == "EC" and index > 0:
            before = tokens[index - 1]
            if before.tag == "JKQ" or (before.tag == "VCP" and self._quote_ending_at(before.start) is not None):
                return index - 1
        return index

    def _quote_ending_at(self, position: int) -> Span | None:
        """The quote whose closing mark ends exactly at `position` (spaces allowed before it)."""
        for quote in self.quotes:
            if quote[1] <= position and not self.text[quote[1] : position].strip():
                return quote
        return None

    def _attribute(self, domain: int, cue_index: int, cue: Span, carried: Span | None, embedded: bool = False
                   ) -> tuple[list[Reported], Span | None]:  # fmt: skip
        """The attributions a cue closes, looking back from it within tokens[domain:cue_index], and their source.

        An `embedded` cue (…고 말한 것으로 보도했다) leaves the clause's topic to the verb that reports it: its own
        speaker is the NP marked 이/가 before its quote."""
        tokens = self.tokens
        gap_source: Span | None = None
        i = cue_index - 1
        while i >= domain and not self.quoted[i] and self._marker(i) is None:
            tok = tokens[i]
            if tok.tag == "JKO" and i >= 2 and self._fills_content_noun(i - 2) and self._marker(i - 2):
                i -= 2  # …다는 입장을 밝혔다
                break
            if tok.tag not in _GAP_TAGS or (tok.tag == "JKB" and tok.form not in _GAP_JKB) or cue_index - i > 14:
                return [], None
            if tok.tag in ("JKS", "JX") and gap_source is None and tok.form in ("이", "가", "은", "는", "께서"):
                gap_source = self._noun_phrase(i, lower=domain)
            i -= 1
        if i < domain or self.quoted[i]:
            return [], None  # 밝혔다 with nothing reported before it
        kind = self._marker(i)
        i = self._glued(i)
        if kind == "report" and tokens[cue_index].form not in _REPORT_STEMS:
            return [], None
        topic = None if gap_source or embedded else self._topic(domain, i)
        if topic and carried and (tokens[topic[0]].tag != "JX" or not self._opens_clause(domain, topic[0])):
            topic = None  # …라고 말했으며, 중국이 …: the subject of a later clause, not a new speaker
        claims: list[tuple[Span, str]] = []  # (claim, family), last first
        marker = i
        while True:
            if kind == "direct":
                quote = self._quote_ending_at(tokens[marker].start)
                if quote is None:
                    break
                claims.append((content(self.text, quote), "direct"))
                first = self._index_at(quote[0])
            else:
                first = self._clause_start(domain, marker, topic[0] if topic else None)
                claim = trim(self.text, tokens[first].start, self._claim_end(marker, kind))
                if first >= marker or claim[1] - claim[0] < 4:
                    break
                claims.append((claim, "indirect"))
            link = first - 1
            while link >= domain and not self.quoted[link] and tokens[link].tag == "SP":
                link -= 1  # "…했다면서, 김 위원장이 …"
            if link < domain or self.quoted[link] or tokens[link].form not in _DIRECT_LINKS | _INDIRECT_LINKS:
                break
            previous = self._marker(link)
            if previous not in ("direct", "indirect"):
                break
            kind, marker = previous, self._glued(link)
        if not claims:
            return [], None
        claims.reverse()
        first_claim = claims[0][0][0]
        speaker = self._speaker_before(domain, first_claim) if claims[0][1] == "direct" else None
        mixed = None
        if speaker and topic and speaker[0] == topic[0]:
            speaker = None  # the topic itself, right before the quote
        if speaker and (gap_source or (topic and not self._boundary_between(topic[0], speaker[0]))):
            # 커비 대변인은 회담이 "…"고: the NP before the quote is the quote's own subject, and the claim is the
            # whole clause, quote marks included
            quote = self._quote_ending_at(self._quote_close(first_claim))
            if quote is not None:
                mixed = (self.tokens[self._index_at(speaker[1][0])].start, quote[1])
            speaker = None
        if gap_source:
            source, how = gap_source, "marked before the cue"
        elif speaker:
            marked = "은/는" if tokens[speaker[0]].tag == "JX" else "이/가"
            source, how = speaker[1], f"marked {marked} before the quote"
        elif topic and tokens[topic[0]].start < first_claim:
            source, how = topic[1], f"marked {'은/는' if tokens[topic[0]].tag == 'JX' else '이/가'}"
        elif carried:
            source, how = carried, "of the previous verb"
        else:
            return [], None  # nobody named: a wrong guess costs more than a missing suggestion
        if mixed:
            claims[0] = (mixed, "indirect")
        source = _without_affiliation(self.text, source)
        source_kind, unnamed = korean_kind(self.text[source[0] : source[1]], self.context.last_kind)
        source_kind = self.context.kind(self.text[source[0] : source[1]], source_kind)
        if not self.nested:
            self.context.last_kind = source_kind
        found = []
        verb = self.text[cue[0] : cue[1]]
        for claim, family in claims:
            score = (_DIRECT_SCORE if family == "direct" else _INDIRECT_SCORE) - (_NESTED_PENALTY if self.nested else 0)
            what = "quote" if family == "direct" else "clause"
            reason = f"{what} + {verb}, source {how}" + (", names no one" if unnamed else "")
            found.append(Reported(claim, source, cue, source_kind, "anonymous" if unnamed else family,
                                  round(score, 2), reason + (" (inside a quote)" if self.nested else "")))  # fmt: skip
        return found, source

    def _quote_close(self, inner_start: int) -> int:
        """The position just after the closing mark of the quote whose content starts at `inner_start`."""
        for quote in self.quotes:
            if quote[0] < inner_start <= quote[1]:
                return quote[1]
        return inner_start

    def _index_at(self, position: int) -> int:
        """Index of the first token starting at or after `position`."""
        for index, tok in enumerate(self.tokens):
            if tok.start >= position:
                return index
        return len(self.tokens)

    def _claim_end(self, marker: int, kind: str) -> int:
        """End of an indirect claim: the clause's last word, without the quotative 고 / 며 or a report's 으로."""
        tok = self.tokens[marker]
        if kind == "report":
            return self.tokens[marker - 1].end  # …논의할 것|으로
        form = tok.form
        if form.startswith(("라", "이라")) and marker > 0 and self.tokens[marker - 1].tag == "VCP":
            return self.tokens[marker - 1].start  # 모스크바|라고: the copula's noun ends the claim
        if tok.tag == "ETM" and form.endswith("는") and len(form) > 1:
            return tok.end - 1  # 나서겠다|는 입장을
        for suffix in ("면서", "며", "고"):
            if form.endswith(suffix) and len(form) > len(suffix) and form[: -len(suffix)][-1:] in "다라냐자":
                return tok.end - len(suffix)
        if tok.tag == "JKQ" or form in ("라", "이라"):
            return tok.start
        return tok.end

    def _clause_start(self, domain: int, marker: int, topic: int | None) -> int:
        """First token of the indirect claim closed at `marker`: after the topic (the source), an 에 따르면 phrase,
        a linking quotative ending (…했다면서, …), a leading …를 인용해 / …을 통해 phrase, adverbs and dates."""
        tokens = self.tokens
        start = topic + 1 if topic is not None and topic < marker else domain
        for i in range(start, marker):
            if self.quoted[i]:
                continue
            tok = tokens[i]
            according = tok.form == "면" and i > 0 and tokens[i - 1].form in ("따르", "의하")
            linked = tok.form in _INDIRECT_LINKS and self._quote_ending_at(tok.start) is None
            speaking = tok.form in ("며", "으며", "고", "면서") and self._speech_stem_before(i)
            if tok.tag == "EC" and (according or linked or speaking):
                start = i + 1  # …에 따르면 / …했다면서, / 유감을 표명하며: not the claim's words
        while start < marker:
            if tokens[start].tag in ("SP", "MAG", "MAJ") or self._is_time(start):
                start += 1
                continue
            skipped = self._means_phrase(start, marker) or self._channel_end(start, marker)
            if skipped is None:
                break
            start = skipped
        return start

    def _speech_stem_before(self, index: int) -> bool:
        """Whether the ending at `index` closes a speech verb of the speaker's own (유감을 표명하며)."""
        tokens = self.tokens
        i = index - 1
        while i > 0 and tokens[i].tag in ("EP", "XSV"):
            i -= 1
        return (tokens[i].tag == "NNG" and tokens[i].form in _SPEECH_NOUNS) or (
            tokens[i].tag == "VV" and tokens[i].form in _SPEECH_VERBS
        )

    def _channel_end(self, start: int, limit: int) -> int | None:
        """After "…발표한 담화에서" / "문자메시지에서" at the claim's start (the speaker's channel), else None."""
        tokens = self.tokens
        for i in range(start, min(limit - 1, start + 12)):
            tok = tokens[i]
            if self.quoted[i] or tok.tag in ("EC", "EF", "JKS", "JX"):
                return None
            if tok.form in _CHANNELS and tok.tag == "NNG" and tokens[i + 1].form in ("에서", "에", "을", "를"):
                after = i + 2
                if tokens[i + 1].form in ("을", "를"):
                    if not (after + 1 < limit and tokens[after].form == "통하" and tokens[after + 1].tag == "EC"):
                        return None
                    after += 2
                return after if after < limit else None
        return None

    def _means_phrase(self, start: int, limit: int) -> int | None:
        """The index after "NP를 인용해 / NP을 통해 / NP에" (the cue's evidence, channel or addressee) at `start`."""
        tokens = self.tokens
        i = start
        while i < limit and tokens[i].tag in _NP_TAGS:
            i += 1
        if i == start or i + 1 >= limit:
            return None
        if tokens[i].tag == "JKB" and tokens[i].form in ("에", "에게") and tokens[i - 1].form in ("질의", "질문"):
            return i + 1  # 관련 질의에
        if tokens[i].form in ("과", "와") and tokens[i + 1].form == "만나" and i + 2 < limit:
            return i + 3 if tokens[i + 2].tag == "EC" else None  # 기자들과 만나
        if tokens[i].tag != "JKO" or i + 2 >= limit:
            return None
        i += 1
        if tokens[i].form == "인용" and tokens[i + 1].tag == "XSV":
            i += 1
        elif tokens[i].form not in ("통하", "인용하"):
            return None
        if i + 1 < limit and tokens[i + 1].tag == "EC":
            return i + 2
        return None

    def _is_time(self, index: int) -> bool:
        """Whether tokens[index] belongs to a date or time word (4일, 이날, 지난달) or a linking adverb noun."""
        tokens = self.tokens
        tok = tokens[index]
        if tok.form in _TIME_WORDS or tok.form in _LEAD_WORDS:
            return True
        if tok.tag == "SN" and index + 1 < len(tokens) and tokens[index + 1].form in _TIME_UNITS:
            return True
        return tok.form in _TIME_UNITS and index > 0 and tokens[index - 1].tag == "SN"

    def _is_topic(self, index: int, domain: int) -> bool:
        """Whether the particle at `index` marks a noun phrase (not 에서는, 하는 or a verb's ending)."""
        if index <= domain:
            return False
        before = self.tokens[index - 1]
        return before.tag in _NP_TAGS - {"JKG", "JC", "MM"} or (before.tag == "SSC" and before.form == ")")

    def _topic(self, domain: int, limit: int) -> tuple[int, Span] | None:
        """(particle index, NP) of the clause's speaker: the first NP marked 은/는 (else 이/가) outside quotes
        that no verb, quote or clause ending precedes; a later clause's topic after ", " when the first is a
        place or group, not a reporter ("미국과 한국은 …하고 있으며, 북한은 …라고 비난하고 있다")."""
        subject: tuple[int, Span] | None = None
        first: tuple[int, Span] | None = None
        tokens = self.tokens
        i = domain
        while i < limit:
            tok = tokens[i]
            if self.quoted[i] or tok.tag == "EF":
                break
            if tok.tag == "EC" and not (
                tok.form in ("면", "어", "아", "여")
                and i > 0
                and tokens[i - 1].form in ("따르", "의하", "하", "대하", "통하", "인용하")
            ):
                break
            if tok.tag == "JX" and tok.form in ("은", "는") and self._is_topic(i, domain):
                phrase = self._noun_phrase(i, lower=domain)
                if phrase is not None:
                    first = (i, phrase)
                    break
            if tok.tag == "JKS" and subject is None and self._is_topic(i, domain):
                phrase = self._noun_phrase(i, lower=domain)
                if phrase is not None:
                    subject = i, phrase
            i += 1
        if first is None:
            return subject
        kind, _ = korean_kind(self.text[first[1][0] : first[1][1]])
        if kind in ("news_outlet", "document", "expert", "anonymous") or self.text[first[1][0] : first[1][1]].endswith(
            _PERSON_TITLES
        ):
            return first
        for j in range(first[0] + 1, limit - 1):  # a later clause-initial topic that can speak
            if self.quoted[j] or tokens[j].tag != "SP" or tokens[j - 1].tag != "EC":
                continue
            k = j + 1
            while k < limit and tokens[k].tag in _NP_TAGS:
                k += 1
            if k < limit and tokens[k].tag == "JX" and tokens[k].form in ("은", "는") and k > j + 1:
                phrase = self._noun_phrase(k, lower=j + 1)
                if phrase and korean_kind(self.text[phrase[0] : phrase[1]])[0] != "other":
                    first = (k, phrase)
        return first

    def _speaker_before(self, domain: int, position: int) -> tuple[int, Span] | None:
        """(particle index, NP) of the NP marked 은/는/이/가 nearest before a quote, with only adverbials between
        ("김 위원장이 쇼이구 장관과 대화에서 “…”"), when the quote follows nothing else."""
        i = self._index_at(position) - 2  # the token before the opening mark
        while i > domain and not self.quoted[i]:
            tok = self.tokens[i]
            if tok.form in ("은", "는", "이", "가", "께서") and tok.tag in ("JX", "JKS") and self._is_topic(i, domain):
                phrase = self._noun_phrase(i, lower=domain)
                return (i, phrase) if phrase else None
            if tok.tag not in _GAP_TAGS:
                return None
            i -= 1
        return None

    def _boundary_between(self, first: int, last: int) -> bool:
        """Whether a clause ending (outside quotes) lies between tokens `first` and `last`."""
        return any(
            not self.quoted[i] and self.tokens[i].tag in ("EC", "EF") and self.tokens[i].form != "면"
            for i in range(first + 1, last)
        )

    def _opens_clause(self, domain: int, index: int) -> bool:
        """Whether only adverbs, commas and dates come between the clause start and the NP marked at `index`."""
        phrase_start = self._noun_phrase(index, lower=domain)
        if phrase_start is None:
            return False
        i = domain
        while i < index and self.tokens[i].start < phrase_start[0]:
            if not (self.tokens[i].tag in ("SP", "MAG", "MAJ") or self._is_time(i)):
                return False
            i += 1
        return True

    def _noun_phrase(self, particle: int, lower: int) -> Span | None:
        """The noun phrase ending just before the particle at `particle`, with its titles and genitives."""
        tokens = self.tokens
        first = particle
        i = particle - 1
        while i >= lower and not self.quoted[i]:
            tok = tokens[i]
            bracket = tok.tag in ("SSO", "SSC") and tok.form in "()[]"
            if not bracket and (tok.tag not in _NP_TAGS or tok.form in ("것", "수", "때", "등", "중")):
                break
            if tok.tag == "SO" and tok.form not in "-·":
                break
            if first < particle and self.text[tok.end : tokens[first].start].strip(" ()[]"):
                break  # a comma or other punctuation between the pieces
            first = i
            i -= 1
        while first < particle and (tokens[first].tag in ("JKG", "JC", "SO", "SSC") or self._is_time(first)):
            first += 1
        if first >= particle or tokens[particle - 1].tag in ("JKG", "JC"):
            return None
        return tokens[first].start, tokens[particle - 1].end

    def _according_to(self) -> list[Reported]:
        """X에 따르면 / X에 의하면 …: the rest of the sentence (or quote) is X's claim; the cue is 에 따르면."""
        tokens = self.tokens
        found = []
        for i in range(2, len(tokens) - 1):
            tok = tokens[i]
            if self.quoted[i] or tok.tag != "VV" or tok.form not in ("따르", "의하"):
                continue
            if tokens[i - 1].form != "에" or tokens[i + 1].form != "면":
                continue
            source = self._noun_phrase(i - 1, lower=0)
            if source is None:
                continue
            end = tokens[-1].end
            quote = inside(self.quotes, tok.start)
            claim = trim(self.text, tokens[i + 1].end, quote[1] - 1 if quote else end, ' ,.;:”"')
            if claim[1] - claim[0] < 4:
                continue
            source = _without_affiliation(self.text, source)
            kind, unnamed = korean_kind(self.text[source[0] : source[1]], self.context.last_kind)
            score = _ACCORDING_SCORE - (_NESTED_PENALTY if self.nested else 0)
            cue = (tokens[i - 1].start, tokens[i + 1].end)
            found.append(Reported(claim, source, cue, kind, "anonymous" if unnamed else "according_to",
                                  round(score, 2), f"{self.text[cue[0] : cue[1]]} + clause"))  # fmt: skip
        return found


def _without_affiliation(text: str, source: Span) -> Span:
    """A person's source from the name on: 미국 백악관 국가안보회의(NSC) [에이드리언 왓슨 대변인]; an affiliation
    after the name stays (존 F. 커비 백악관 대변인)."""
    words = [(m.start(), m.group()) for m in re.finditer(r"\S+", text[source[0] : source[1]])]
    if len(words) < 3 or not words[-1][1].endswith(_PERSON_TITLES):
        return source
    i = len(words) - 2
    while i >= 0 and _affiliation(words[i][1]):
        i -= 1
    j = i
    while j >= 0 and not _affiliation(words[j][1]):
        j -= 1
    if i < 0 or j < 0:
        return source
    return source[0] + words[j + 1][0], source[1]


def _affiliation(word: str) -> bool:
    """Whether a word names an organisation or place (an affiliation), not a piece of a person's name."""
    from tandem.annotations.suggest.places import place_names

    bare = strip_particle(word, 0, len(word))
    return (
        "(" in word
        or word.endswith("의")
        or word[:bare] in place_names("ko")
        or word[:bare] in KO_COUNTRIES
        or (len(word) > 2 and word.endswith(_ORG_ENDINGS))
        or word.endswith(("담당", "소속", "출신"))
    )


# --- without kiwipiepy ----------------------------------------------------------------------------------------

_CUE_RE = (
    r"(?:말했|말씀했|밝혔|전했|강조했|설명했|덧붙였|주장했|지적했|인정했|보도했|언급했|발표했|경고했|비판했|비난했"
    r"|촉구했|답했|시사했|부인했|반박했|전망했|예상했|분석했|평가했|우려했|요구했|확인했|공개했|물었|당부했|호소했"
    r"|토로했|일축했|선언했|통보했|보고했|진단했|풀이했|해석했|예측했|시인했|역설했|피력했|표명했|밝히|했)"
    r"(?:다|으며|고|지만|는데)"
)
_GAP_RE = r"(?:\s*[^\s“”\"‘’.,]{1,20}(?:이|가|은|는|에|에게|에게서)?){0,3}?\s*"
_DIRECT_FALLBACK = re.compile(r"(?:이라고|라고|고|이라며|라며|며|면서|라면서)(" + _GAP_RE + r")(" + _CUE_RE + ")")
_INDIRECT_FALLBACK = re.compile(r"[^\s“”\"]+?(?:(?:다|라|냐|자)고|것으로)(" + _GAP_RE + r")(" + _CUE_RE + ")")
_ACCORDING_FALLBACK = re.compile(r"([^\s“”\"‘’,]+)에 (?:따르면|의하면)\s*")
_LINKS = ("며", "이라며", "라며", "면서", "라면서", "고", "라고", "이라고")


def _fallback(text: str, sentences: Sequence[Span], quotes: list[Span]) -> list[Reported]:
    """Quotes, …다고 / …것으로 + speech verb and …에 따르면 found with regular expressions (no analyser), also inside
    quotes; lower scores than the analyser's."""
    found: list[Reported] = []
    for start, end in units(sentences, quotes):
        unit_quotes = [q for q in quotes if start <= q[0] < end]
        found += _fallback_unit(text, start, end, unit_quotes, quotes, nested=False)
        for quote in unit_quotes:
            found += _fallback_unit(text, *content(text, quote), [], [], nested=True)
    return with_pronoun_kinds(text, tidy(found), lambda source: source in KO_PRONOUNS)


def _fallback_unit(text: str, start: int, end: int, unit_quotes: list[Span], quotes: list[Span], nested: bool
                   ) -> list[Reported]:  # fmt: skip
    """The regex attributions of text[start:end] whose quotative ending lies outside `quotes`."""
    found: list[Reported] = []
    penalty = _NESTED_PENALTY if nested else 0.0
    position = start
    for quote in unit_quotes:
        match = _DIRECT_FALLBACK.match(text, quote[1], end)
        if match is None:
            continue
        chained = [quote]
        for earlier in reversed([q for q in unit_quotes if q[1] < quote[0] and q[0] >= position]):
            if text[earlier[1] : chained[0][0]].strip() not in _LINKS:
                break
            chained.insert(0, earlier)
        source = _fallback_source(text, match.start(1), match.end(1)) or _fallback_topic(text, position, chained[0][0])
        if source is not None:
            cue = match.span(2)
            source = _without_affiliation(text, source)
            kind, unnamed = korean_kind(text[source[0] : source[1]])
            reason = f"quote + {text[cue[0] : cue[1]]} (no analyser)"
            for q in chained:
                found.append(Reported(content(text, q), source, cue, kind, "anonymous" if unnamed else "direct",
                                      round(0.6 - penalty, 2), reason))  # fmt: skip
        position = match.end()
    for match in _INDIRECT_FALLBACK.finditer(text, start, end):
        if match.start() < position or any(q[0] < match.end(1) and match.start() < q[1] for q in quotes):
            continue
        cue = match.span(2)
        report = text[match.start(1) - 3 : match.start(1)] == "것으로"
        claim_end = match.start(1) - (2 if report else 1)
        topic = _fallback_topic(text, position, claim_end)
        source = _fallback_source(text, match.start(1), match.end(1)) or topic
        if source is None:
            continue
        claim_start = topic[1] + 1 if topic and source == topic else position
        claim = trim(text, claim_start, claim_end)
        if claim[1] - claim[0] < 4 or text[claim[1] - 1 : claim[1]] in '”"':
            continue
        source = _without_affiliation(text, source)
        kind, unnamed = korean_kind(text[source[0] : source[1]])
        found.append(Reported(claim, source, cue, kind, "anonymous" if unnamed else "indirect",
                              round(0.45 - penalty, 2), f"clause + {text[cue[0] : cue[1]]} (no analyser)"))  # fmt: skip
        position = match.end()
    for match in _ACCORDING_FALLBACK.finditer(text, start, end):
        if any(q[0] <= match.start() < q[1] for q in quotes):
            continue
        source = match.span(1)
        claim = trim(text, match.end(), end, chars=' ,.;:”"')
        if claim[1] - claim[0] < 4:
            continue
        kind, unnamed = korean_kind(text[source[0] : source[1]])
        cue = (match.end(1), match.end(1) + len(match.group().rstrip()) - len(match.group(1)))
        found.append(Reported(claim, source, cue, kind, "anonymous" if unnamed else "according_to",
                              round(0.5 - penalty, 2), "에 따르면 + clause (no analyser)"))  # fmt: skip
    return found


def _fallback_source(text: str, start: int, end: int) -> Span | None:
    """The words up to one marked 이/가/은/는 between the quotative ending and the verb ("”고 NYT가 보도했다")."""
    words = list(re.finditer(r"\S+", text[start:end]))
    for word in words:
        token = word.group()
        if len(token) > 1 and token.endswith(("이", "가", "은", "는")):
            return start + words[0].start(), _without_particle(text, start + word.start(), start + word.end())
    return None


def _without_particle(text: str, start: int, end: int) -> int:
    """The end of a word marked 은/는/이/가 without its particle, also after one syllable or Latin (그는, NYT는)."""
    stem_end = strip_particle(text, start, end)
    return stem_end if stem_end < end else end - 1


def _fallback_topic(text: str, start: int, end: int) -> Span | None:
    """The words from the clause start to the first word ending in 은/는 (at most six words), outside quotes."""
    clause = text[start:end]
    words = list(re.finditer(r"\S+", clause))
    for word in words[:6]:
        token = word.group()
        if any(mark in token for mark in '“”"‘’'):
            return None
        if token.endswith(("은", "는")) and len(token) > 1:
            return start + words[0].start(), _without_particle(text, start + word.start(), start + word.end())
    return None
