"""Korean attributions: each pattern family with its negatives, quotes over several sentences, sources between the
quote and the verb, unnamed sources, nested reports, and the regex fallback without kiwipiepy."""

from __future__ import annotations

import re

import pytest

from tandem.annotations.suggest import attribution_ko, kiwi
from tandem.annotations.suggest.attribution_ko import korean_attributions
from tandem.annotations.suggest.reported import Reported

needs_kiwi = pytest.mark.skipif(not kiwi.available(), reason="kiwipiepy is not installed")


def sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans as the reader gives them for Korean: split after 다. / a closing mark, never inside quotes."""
    spans, start, depth = [], 0, 0
    for i, char in enumerate(text):
        if char in "“":
            depth += 1
        elif char in "”" and depth:
            depth -= 1
        elif char == '"':
            depth = 1 - depth
        elif char == "\n" and depth == 0 and text[start:i].strip():
            spans.append((start, i))
            start = i + 1
        end_of_sentence = char in ".!?" and (i + 1 == len(text) or text[i + 1].isspace())
        if end_of_sentence and depth == 0:
            spans.append((start, i + 1))
            start = i + 1
    if text[start:].strip():
        spans.append((start, len(text)))
    return [_trimmed(text, s, e) for s, e in spans if text[s:e].strip()]


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    while text[start].isspace():
        start += 1
    while text[end - 1].isspace():
        end -= 1
    return start, end


def read(text: str, spans: list[tuple[int, int]] | None = None) -> list[tuple[str, str, str, str | None, str]]:
    """(family, kind, source, cue, claim) texts of every attribution, in claim order."""
    found = korean_attributions(text, spans if spans is not None else sentences(text))
    return [_texts(text, r) for r in found]


def _texts(text: str, r: Reported) -> tuple[str, str, str, str | None, str]:
    assert r.source is not None
    cue = text[r.cue[0] : r.cue[1]] if r.cue else None
    return r.family, r.kind, text[r.source[0] : r.source[1]], cue, text[r.claim[0] : r.claim[1]]


# --- direct quotes ----------------------------------------------------------------------------------------------


@needs_kiwi
def test_direct_quote_with_topic_source_and_title() -> None:
    text = "미국 국무부 매슈 밀러 대변인은 이날 “북한의 도발을 강력히 규탄한다”고 말했다."
    assert read(text) == [("direct", "official", "매슈 밀러 대변인", "말했다", "북한의 도발을 강력히 규탄한다")]


@needs_kiwi
@pytest.mark.parametrize(
    ("ending", "verb"),
    [("”라고", "밝혔다"), ("”고", "전했다"), ("”며", "강조했다"), ("”라며", "설명했다"), ("”고", "덧붙였다"),
     ("”고", "주장했다"), ("”고", "지적했다"), ("”고", "인정했다")],
)  # fmt: skip
def test_each_quotative_ending_and_speech_verb(ending: str, verb: str) -> None:
    text = f"김 장관은 “협상의 문은 열려 있다{ending} {verb}."
    assert read(text) == [("direct", "official", "김 장관", verb, "협상의 문은 열려 있다")]


@needs_kiwi
def test_quotes_chained_by_myeo_share_source_and_cue() -> None:
    text = "요미우리는 “두 정상은 포럼에 참석할 예정이다”며 “김 위원장은 러시아로 향할 수도 있다”고 밝혔다."
    assert read(text) == [
        ("direct", "news_outlet", "요미우리", "밝혔다", "두 정상은 포럼에 참석할 예정이다"),
        ("direct", "news_outlet", "요미우리", "밝혔다", "김 위원장은 러시아로 향할 수도 있다"),
    ]


@needs_kiwi
@pytest.mark.parametrize(
    ("text", "source"),
    [("“우리는 준비가 돼 있다”고 김 대변인은 말했다.", "김 대변인"),
     ("백악관 관리들은 “세부 내용은 밝힐 수 없다”고 NYT가 보도했다.", "NYT")],
)  # fmt: skip
def test_source_between_quote_and_verb(text: str, source: str) -> None:
    (found,) = read(text)
    assert found[2] == source and found[3] in ("말했다", "보도했다")


@needs_kiwi
def test_partial_quote_is_one_indirect_claim_over_the_clause() -> None:
    text = '존 커비 대변인은 양국 간 회담이 "활발히 진행되고 있다"고 말했다.'
    assert read(text) == [("indirect", "official", "존 커비 대변인", "말했다", '양국 간 회담이 "활발히 진행되고 있다"')]


@needs_kiwi
def test_quote_over_several_sentences_is_one_claim() -> None:
    text = "NYT는 “새 정보는 이전 경고를 넘어섰다. 관련 정보는 기밀 해제되지 않았다”고 밝혔다."
    cut = text.index("넘어섰다.") + 5
    spans = [(0, cut), (cut + 1, len(text))]  # a splitter that cut inside the quote
    assert read(text, spans) == [
        ("direct", "news_outlet", "NYT", "밝혔다", "새 정보는 이전 경고를 넘어섰다. 관련 정보는 기밀 해제되지 않았다")
    ]


@needs_kiwi
def test_quote_opening_in_one_paragraph_and_closing_in_the_next_is_one_claim() -> None:
    text = "김 대변인은 “첫 문단의 말이다.\n\n“둘째 문단의 말이다”라고 말했다."
    (found,) = read(text)
    assert found[4] == "첫 문단의 말이다.\n\n“둘째 문단의 말이다"


# --- indirect speech, reports, according to -------------------------------------------------------------------


@needs_kiwi
def test_indirect_dago_through_a_statement() -> None:
    text = "외교부는 19일 성명을 통해 북한의 미사일 발사가 유엔 결의 위반이라고 밝혔다."
    assert read(text) == [("indirect", "official", "외교부", "밝혔다", "북한의 미사일 발사가 유엔 결의 위반")]


@needs_kiwi
def test_indirect_clauses_joined_for_one_verb_and_the_next_clause_with_its_own_source() -> None:
    text = "국방부는 북한이 탄도미사일 2발을 발사했다고 밝혔으며, 합참은 추가 도발에 대비하고 있다고 전했다."
    assert read(text) == [
        ("indirect", "official", "국방부", "밝혔으며", "북한이 탄도미사일 2발을 발사했다"),
        ("indirect", "official", "합참", "전했다", "추가 도발에 대비하고 있다"),
    ]


@needs_kiwi
def test_report_with_geot_euro_keeps_geot() -> None:
    text = "뉴욕타임스는 4일 김 위원장이 러시아를 방문할 것으로 보도했다."
    assert read(text) == [("indirect", "news_outlet", "뉴욕타임스", "보도했다", "김 위원장이 러시아를 방문할 것")]


@needs_kiwi
def test_according_to() -> None:
    text = "연합뉴스에 따르면 회담은 오는 10일 열린다."
    assert read(text) == [("according_to", "news_outlet", "연합뉴스", "에 따르면", "회담은 오는 10일 열린다")]


@needs_kiwi
def test_nested_report_inside_a_quote() -> None:
    text = "로이터는 “뉴욕타임스는 김정은이 모스크바에 갈 가능성이 있다고 보도했다”고 밝혔다."
    assert read(text) == [
        ("direct", "news_outlet", "로이터", "밝혔다", "뉴욕타임스는 김정은이 모스크바에 갈 가능성이 있다고 보도했다"),
        ("indirect", "news_outlet", "뉴욕타임스", "보도했다", "김정은이 모스크바에 갈 가능성이 있다"),
    ]


@needs_kiwi
def test_stance_clause_before_a_content_noun() -> None:
    text = "정부는 대화에 나서겠다는 입장을 밝혔다."
    assert read(text) == [("indirect", "official", "정부", "밝혔다", "대화에 나서겠다")]


@needs_kiwi
def test_copula_before_the_linking_ending_keeps_the_quote_direct() -> None:
    text = "합참은 이날 기자들에게 보낸 문자메시지에서 “명백한 도발”이라며 “한미 간 공조하고 있다”고 덧붙였다."
    assert [f[0] for f in read(text)] == ["direct", "direct"]


@needs_kiwi
def test_channel_and_speech_act_of_the_speaker_stay_out_of_the_claim() -> None:
    text = "통일부는 북한의 결정에 유감을 표명하며 대화만이 유일한 해법이라고 강조했다."
    assert read(text) == [("indirect", "official", "통일부", "강조했다", "대화만이 유일한 해법")]
    text = "김여정 부부장은 조선중앙통신을 통해 발표한 담화에서 핵무기를 포기하지 않을 것이라고 말했다."
    assert read(text)[0][4] == "핵무기를 포기하지 않을 것"


@needs_kiwi
def test_report_of_speech_inside_a_report_gives_both() -> None:
    text = "조선중앙통신은 김 위원장이 회담에서 “정의를 실현하겠다”고 말한 것으로 보도했다."
    assert read(text) == [
        ("indirect", "news_outlet", "조선중앙통신", "보도했다", "김 위원장이 회담에서 “정의를 실현하겠다”고 말한 것"),
        ("direct", "official", "김 위원장", "말한", "정의를 실현하겠다"),
    ]


# --- unnamed sources ------------------------------------------------------------------------------------------


@needs_kiwi
@pytest.mark.parametrize(
    ("text", "kind", "source"),
    [("한 관계자는 “협상이 곧 재개될 것”이라고 말했다.", "anonymous", "한 관계자"),
     ("소식통은 북한이 열병식을 준비하고 있다고 전했다.", "anonymous", "소식통"),
     ("미국 관리들은 중국이 부품을 공급했다고 밝혔다.", "official", "미국 관리들"),
     ("전문가들은 제재 효과가 제한적이라고 지적했다.", "expert", "전문가들")],
)  # fmt: skip
def test_unnamed_sources_are_the_anonymous_family(text: str, kind: str, source: str) -> None:
    (found,) = read(text)
    assert found[:3] == ("anonymous", kind, source)


@needs_kiwi
def test_pronoun_takes_the_kind_of_the_previous_speaker() -> None:
    text = "김 교수는 “제재는 효과가 없다”고 말했다. 이어 그는 “협상이 답이다”라고 덧붙였다."
    assert [f[:3] for f in read(text)] == [("direct", "expert", "김 교수"), ("direct", "expert", "그")]


# --- negatives ------------------------------------------------------------------------------------------------


@needs_kiwi
@pytest.mark.parametrize(
    "text",
    ["백악관이 무기거래를 인정하기 시작했다.",  # 기: a noun, not a report
     "정부는 이날 입장을 밝혔다.",  # 밝혔다 with nothing reported
     "이번 합의는 ‘인정’의 의미가 크다.",  # a quoted term
     "그는 “국익”을 강조했다.",  # a quoted noun object
     "관계자들은 세부 내용 밝히기를 거부했다.",
     "이 문제를 설명하는 관리들은 자리를 떴다."],  # an adnominal speech verb
)  # fmt: skip
def test_nothing_rather_than_a_wrong_guess(text: str) -> None:
    assert read(text) == []


@needs_kiwi
def test_offsets_index_the_whole_side_text() -> None:
    title = "북러 정상회담 임박"
    body = "크렘린은 회담 준비가 진행 중이라고 밝혔다."
    text = f"{title}\n\n{body}"
    (found,) = korean_attributions(text, [(0, len(title)), (len(title) + 2, len(text))])
    assert text[found.claim[0] : found.claim[1]] == "회담 준비가 진행 중"
    assert found.score > 0.5 and "은/는" in found.reason


# --- without kiwipiepy ----------------------------------------------------------------------------------------


def test_fallback_finds_direct_quotes_and_common_indirect_speech(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(attribution_ko, "analyser", lambda: None)
    text = ("김 장관은 “협상의 문은 열려 있다”고 말했다. 백악관은 두 정상이 편지를 교환했다고 인정했다. "
            "백악관이 무기거래를 인정하기 시작했다.")  # fmt: skip
    found = korean_attributions(text, sentences(text))
    assert [_texts(text, r) for r in found] == [
        ("direct", "official", "김 장관", "말했다", "협상의 문은 열려 있다"),
        ("indirect", "official", "백악관", "인정했다", "두 정상이 편지를 교환했다"),
    ]
    assert all(r.score < 0.7 and "no analyser" in r.reason for r in found)


def test_fallback_source_between_quote_and_verb(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(attribution_ko, "analyser", lambda: None)
    text = "관리들은 “세부 내용은 밝힐 수 없다”고 NYT가 보도했다."
    (found,) = korean_attributions(text, sentences(text))
    assert _texts(text, found)[2:] == ("NYT", "보도했다", "세부 내용은 밝힐 수 없다")


def test_fallback_gives_nothing_without_a_quotative_ending(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(attribution_ko, "analyser", lambda: None)
    text = "정부는 이날 입장을 밝혔다. 이번 합의는 ‘인정’의 의미가 크다."
    assert korean_attributions(text, sentences(text)) == []


def test_sentences_helper_keeps_quotes_whole() -> None:
    text = "그는 “A다. B다”라고 말했다. 끝."
    assert [text[s:e] for s, e in sentences(text)] == ["그는 “A다. B다”라고 말했다.", "끝."]
    assert re.fullmatch(r"\S.*\S", text[sentences(text)[0][0] : sentences(text)[0][1]])
