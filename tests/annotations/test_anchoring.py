"""Re-anchoring when an article's text changes: position, exact quote + context, fuzzy, orphans — in Korean and
English, with emoji and NFD input."""

import unicodedata
from pathlib import Path

from tandem.annotations.anchoring import anchor, place_spans
from tandem.annotations.model import DocumentText, Span, quote_context
from tandem.annotations.store import Store

KO = (
    "미국 정보기관들이 북러 군사동맹 부활 체제에서 핵잠수함과 인공위성 거래 정보를 입수했다. 😀 "
    "뉴욕타임스는 4일 북한의 김정은 조선노동당 총비서가 블라디보스토크에서 "
    "푸틴 러시아 대통령과 회담을 계획한다고 보도했다."
)
EN = (
    "US intelligence agencies obtained information on nuclear submarine and satellite deals. 😀 "
    "The New York Times reported that Kim Jong Un plans to meet Russian President Putin in Vladivostok."
)


def make_span(text: str, quote: str, occurrence: int = 0) -> Span:
    start = -1
    for _ in range(occurrence + 1):
        start = text.index(quote, start + 1)
    q, prefix, suffix = quote_context(text, start, start + len(quote))
    return Span("s1", "a", "ko", start, start + len(quote), q, prefix, suffix, "entity", "PERSON", "kim", "t", "t")


def test_unchanged_text_keeps_every_span():
    spans = [make_span(KO, "김정은"), make_span(KO, "😀"), make_span(EN, "Putin")]
    placement = place_spans(spans[:2], KO)
    assert placement.kept == spans[:2] and not placement.moved and not placement.orphans


def test_exact_move_korean_and_english():
    for text, quote, edit in [(KO, "푸틴", "(서울=연합뉴스) 홍길동 기자 = "), (EN, "Putin", "WASHINGTON — ")]:
        span = make_span(text, quote)
        new = edit + text
        (moved,) = place_spans([span], new).moved
        assert new[moved.start : moved.end] == quote
        assert (moved.start, moved.end) == (span.start + len(edit), span.end + len(edit))
        assert moved.prefix == new[max(0, moved.start - 32) : moved.start]


def test_exact_search_prefers_matching_context_over_distance():
    text = "김정은이 말했다. " * 3 + "조선노동당 총비서 김정은이 방문했다."
    span = make_span(text, "김정은", occurrence=3)
    shuffled = "조선노동당 총비서 김정은이 방문했다. " + "김정은이 말했다. " * 3
    assert anchor(span, shuffled) == (10, 13)


def test_fuzzy_match_when_the_quote_itself_was_edited():
    span = make_span(KO, "블라디보스토크")
    edited = KO.replace("블라디보스토크", "블라딕보스톡")  # a spelling change, as in the seed article
    found = anchor(span, edited)
    assert found is not None and edited[found[0] : found[1]] == "블라딕보스톡"
    span_en = make_span(EN, "Russian President Putin")
    edited_en = "Breaking: " + EN.replace("Russian President Putin", "Russian president Vladimir Putin")
    found = anchor(span_en, edited_en)
    assert found is not None and edited_en[found[0] : found[1]] == "Russian president Vladimir Putin"


def test_span_whose_text_is_gone_becomes_an_orphan():
    span = make_span(EN, "nuclear submarine and satellite deals")
    rewritten = "An entirely different story about the weather in Seoul, which was mild."
    placement = place_spans([span], rewritten)
    assert placement.orphans == [span] and not placement.kept and not placement.moved
    assert place_spans([make_span(KO, "핵잠수함과")], "오늘 서울은 맑겠습니다.").orphans


def test_nfd_text_is_normalized_so_offsets_still_match(tmp_path: Path):
    store = Store(tmp_path)
    doc = DocumentText("a", {}, {"ko": KO})
    s = store.session(doc, "kim")
    start = KO.index("김정은")
    span = s.add_span("ko", start, start + 3, "entity", "PERSON")
    s.close()
    nfd_doc = DocumentText("a", {}, {"ko": unicodedata.normalize("NFD", KO)})  # the same text via macOS
    reopened = store.session(nfd_doc, "kim")
    assert reopened.spans() == [span] and reopened.orphans == []


def test_session_moves_spans_and_keeps_orphans_in_the_store(tmp_path: Path):
    store = Store(tmp_path)
    s = store.session(DocumentText("a", {}, {"ko": KO, "en": EN}), "kim")
    start = KO.index("푸틴")
    putin = s.add_span("ko", start, start + 2, "entity", "PERSON")
    deals = s.add_span("en", EN.index("satellite"), EN.index("satellite") + 9, "entity", "MILITARY")
    s.close()
    changed = DocumentText("a", {}, {"ko": "속보: " + KO, "en": EN.replace("satellite", "drone")})
    s = store.session(changed, "kim")
    (moved,) = s.spans()
    assert moved.id == putin.id and moved.start == start + 4 and moved.text == "푸틴"
    assert [o.id for o in s.orphans] == [deals.id]
    assert deals.id in store.read("kim", "a").spans  # kept, never dropped
    s.close()
    back = store.session(DocumentText("a", {}, {"ko": KO, "en": EN}), "kim")  # the text comes back: so does it
    assert {x.id for x in back.spans()} == {putin.id, deals.id} and back.orphans == []
