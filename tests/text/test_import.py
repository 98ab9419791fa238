"""Articles in: every encoding, layout and kind of clutter users bring, on the seeds and messy variants of them."""

from __future__ import annotations

import codecs
import json
import os
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest

from tandem.reader.errors import InputError
from tandem.reader.text.decoding import decode_bytes, read_file
from tandem.reader.text.library import Library, article_id, load_article, source_for_file
from tandem.reader.text.parsing import parse_article

ROOT = Path(__file__).resolve().parents[2]
SEED_BLOCKS = ROOT / "articles" / "000_5b22b7d950e5fa8c.txt"
SEED_ENGLISH = ROOT / "articles" / "003_d053796be3089813.txt"
DATA = Path(__file__).parents[1] / "data"


def parse_file(path: Path):
    return parse_article(decode_bytes(read_file(path)[0], str(path)), path.stem, path)


def parse_bytes(data: bytes, name: str = "x.txt"):
    return parse_article(decode_bytes(data, name), "x", Path(name))


# --- the two seeds ---------------------------------------------------------------------------------------------------


def test_seed_000_blocks_layout_titles_keywords():
    a = parse_file(SEED_BLOCKS)
    assert a.layout == "blocks"
    assert a.title["ko"] == "북러 군사동맹 부활 핵잠수함 인공위성 무기거래 백악관 ‘인정’"
    assert a.title["en"].startswith("Revival of North Korea-Russia military alliance, nuclear submarine")
    assert len(a.paragraphs["ko"]) == 18 and len(a.paragraphs["en"]) == 18
    assert a.paragraphs["ko"][0].startswith("미국 정보기관들이")
    assert a.paragraphs["en"][0].startswith("U.S. intelligence agencies")
    assert a.keywords[0] == "Kim Jong-un" and a.keywords[-1] == "nuclear submarine" and len(a.keywords) == 10
    assert "Revival of North Korea-Russia military a" in a.dropped  # the truncated copy of the title
    assert all(not p.startswith("Kim Jong-un, Cold War allies") for p in a.paragraphs["en"])
    assert [(b.ko, b.en) for b in a.alignment] == [((i,), (i,)) for i in range(18)]


def test_seed_003_english_only_with_portal_clutter():
    a = parse_file(SEED_ENGLISH)
    assert a.languages == ("en",)
    headline = "Trading weapons for nuclear arms technology: A new Cold War sweeps through Northeast Asia"
    assert a.title == {"ko": None, "en": headline}
    assert a.byline == "Park Kwang-yeon"
    assert a.published == "2023-09-14T17:55"
    assert a.publisher == "경향신문"
    assert len(a.paragraphs["en"]) == 13
    assert a.paragraphs["en"][0].startswith("North Korean leader Kim Jong-un and Russian President")
    assert a.captions and a.captions[0].endswith("TASS-EPA-Yonhap News")
    body = "\n".join(a.paragraphs["en"])
    portal = ("글자크기", "이 글자크기로", "다음뉴스", "Copyright", "어떻게 생각하시나요", "Park Kwang-yeon 2023")
    assert not [clutter for clutter in portal if clutter in body]
    assert len(a.dropped) == 6
    assert [(b.ko, b.en) for b in a.alignment] == [((), (i,)) for i in range(13)]


# --- encodings and line ends -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "encode",
    [
        pytest.param(lambda t: t.encode("utf-8"), id="utf-8"),
        pytest.param(lambda t: codecs.BOM_UTF8 + t.encode("utf-8"), id="utf-8-bom"),
        pytest.param(lambda t: t.encode("utf-16"), id="utf-16-bom"),
        pytest.param(lambda t: codecs.BOM_UTF16_BE + t.encode("utf-16-be"), id="utf-16-be-bom"),
        pytest.param(lambda t: t.encode("cp949"), id="cp949"),
        pytest.param(lambda t: t.encode("euc-kr", errors="strict"), id="euc-kr"),
        pytest.param(lambda t: t.replace("\n", "\r\n").encode("utf-8"), id="crlf"),
        pytest.param(lambda t: t.replace("\n", "\r").encode("utf-8"), id="cr"),
        pytest.param(lambda t: unicodedata.normalize("NFD", t).encode("utf-8"), id="nfd"),
        pytest.param(lambda t: t.replace("\n", "\u2028").encode("utf-8"), id="line-separator"),
        pytest.param(lambda t: t.replace("\n", "\x85").encode("utf-8"), id="nel"),
    ],
)
def test_seed_000_parses_identically_in_every_encoding(encode):
    text = SEED_BLOCKS.read_text("utf-8")
    # EUC-KR cannot hold every character of the seed (curly quotes are fine, but not all); keep what it can.
    text = text.encode("euc-kr", errors="ignore").decode("euc-kr")
    reference = parse_bytes(text.encode("utf-8"))
    parsed = parse_bytes(encode(text))
    assert parsed.paragraphs == reference.paragraphs
    assert parsed.title == reference.title
    assert parsed.keywords == reference.keywords
    for lang in ("ko", "en"):
        assert unicodedata.is_normalized("NFC", parsed.side_text(lang))
        assert "\r" not in parsed.side_text(lang)


def test_encoding_is_reported():
    assert decode_bytes("한국 뉴스".encode("cp949"), "f").encoding == "cp949"
    assert decode_bytes("한국 뉴스".encode("utf-16"), "f").encoding == "utf-16 (BOM)"
    assert decode_bytes(codecs.BOM_UTF8 + "한국".encode(), "f").encoding == "utf-8 (BOM)"


@pytest.mark.parametrize("encode", [str.encode, lambda t: codecs.BOM_UTF8 + t.encode(), lambda t: t.encode("utf-16")])
def test_next_line_characters_are_line_ends_not_binary_control_characters(encode):
    lines = ["북한이 발사했다.", "Seoul responded.", "미국이 말했다.", "일본이 봤다."]
    assert decode_bytes(encode("\x85".join(lines)), "f").text.split("\n") == lines


def test_nfd_hangul_becomes_nfc_so_offsets_count_syllables():
    decoded = decode_bytes(unicodedata.normalize("NFD", "한국 뉴스 😀").encode(), "f")
    assert decoded.text == "한국 뉴스 😀" and len(decoded.text) == 7


def test_damaged_utf8_imports_with_a_warning_naming_the_lines():
    lines = SEED_BLOCKS.read_bytes().split(b"\n")
    lines[4] = lines[4][:10] + b"\xff" + lines[4][10:]
    lines[30] = lines[30][:7] + b"\xc3" + lines[30][7:]
    decoded = decode_bytes(b"\n".join(lines), "damaged.txt")
    assert decoded.encoding == "utf-8 (damaged)"
    assert len(decoded.warnings) == 1
    assert "damaged.txt" in decoded.warnings[0] and "line(s) 5, 31" in decoded.warnings[0]
    assert decoded.text.count("\ufffd") == 2


def test_invisible_characters_and_nbsp_are_normalized():
    decoded = decode_bytes("북한\u200b이\u00a0발사했다.\ufeff".encode(), "f")
    assert decoded.text == "북한이 발사했다."


def test_the_zero_width_joiner_stays_inside_emoji_sequences_only():
    decoded = decode_bytes("개발자\u200d 👩\u200d💻 ❤️\u200d🔥 👍🏽\u200d👍 a\u200db".encode(), "f")
    assert decoded.text == "개발자 👩\u200d💻 ❤️\u200d🔥 👍🏽\u200d👍 ab"


# --- layouts ---------------------------------------------------------------------------------------------------------


def test_interleaved_without_blank_lines():
    a = parse_file(DATA / "interleaved.txt")
    assert a.layout == "interleaved"
    assert a.title == {"ko": "한미 외교장관 회담 열려", "en": "Korea and US foreign ministers meet"}
    assert a.paragraphs["ko"] == [
        "박진 외교부 장관은 5일 워싱턴에서 블링컨 국무장관과 회담했다.",
        "두 장관은 북한의 핵 위협에 공동으로 대응하기로 했다.",
        "회담은 약 90분 동안 진행됐다.",
    ]
    assert a.paragraphs["en"][2] == "The talks lasted about 90 minutes."
    assert [(b.ko, b.en) for b in a.alignment] == [((0,), (0,)), ((1,), (1,)), ((2,), (2,))]
    assert a.published == "2023-10-05T11:20" and a.updated == "2023-10-05T13:20"
    assert a.publisher == "한국일보"


def test_interleaved_with_blank_lines_and_a_split_english_paragraph():
    seed = parse_file(SEED_BLOCKS)
    ko, en = seed.paragraphs["ko"][:4], seed.paragraphs["en"][:4]
    first, _, rest = en[1].partition(", general secretary")
    parts = []
    for i in range(4):
        parts.append(ko[i])
        parts += [first + ".", "General secretary" + rest] if i == 1 else [en[i]]
    a = parse_bytes("\n\n".join(parts).encode())
    assert a.layout == "interleaved"
    assert a.paragraphs["ko"] == ko
    assert len(a.paragraphs["en"]) == 5
    assert [(b.ko, b.en) for b in a.alignment] == [((0,), (0,)), ((1,), (1, 2)), ((2,), (3,)), ((3,), (4,))]


def test_blocks_layout_with_a_merged_korean_paragraph_aligns_two_to_one():
    seed = parse_file(SEED_BLOCKS)
    ko = seed.paragraphs["ko"][:6]
    ko = [*ko[:2], ko[2] + " " + ko[3], *ko[4:]]
    text = "\n".join([seed.title["ko"], *ko, seed.title["en"], *seed.paragraphs["en"][:6]])
    a = parse_bytes(text.encode())
    assert a.layout == "blocks"
    assert ((2,), (2, 3)) in [(b.ko, b.en) for b in a.alignment]


def test_korean_only_article_with_wire_clutter():
    a = parse_file(DATA / "yonhap_ko.txt")
    assert a.languages == ("ko",)
    assert a.title["ko"] == "北, 동해상으로 탄도미사일 발사…올해 들어 세번째"
    assert a.published == "2023-11-21T09:12"
    assert a.publisher == "연합뉴스"
    assert a.byline == "홍길동"
    assert a.paragraphs["ko"][0].startswith("북한이 21일 오전 동해상으로")  # dateline became metadata
    assert len(a.paragraphs["ko"]) == 2
    body = " ".join(a.paragraphs["ko"])
    for clutter in ("기사원문", "구독", "좋아요", "hong@", "저작권자", "송고", "제보"):
        assert clutter not in body


def test_hard_wrapped_paragraphs_are_joined_where_blank_lines_separate_paragraphs():
    text = "Title of the story\n\nThe minister said on Monday that\nthe talks would resume.\n\nA second paragraph."
    a = parse_bytes(text.encode())
    assert a.paragraphs["en"] == ["The minister said on Monday that the talks would resume.", "A second paragraph."]


def test_pair_of_files_in_a_folder_is_one_article(tmp_path):
    seed = parse_file(SEED_BLOCKS)
    (tmp_path / "story.ko.txt").write_text("\n".join([seed.title["ko"], *seed.paragraphs["ko"]]), "utf-8")
    (tmp_path / "story.en.txt").write_text("\n\n".join([seed.title["en"], *seed.paragraphs["en"]]), "utf-16")
    library = Library(tmp_path, cache_dir=tmp_path / ".cache")
    assert [s.id for s in library.sources] == ["story"]
    a = library.article("story")
    assert a.layout == "pair"
    assert a.paragraphs == seed.paragraphs and a.title == seed.title
    assert len(a.alignment) == 18
    _, source = source_for_file(tmp_path / "story.en.txt")
    assert source == library.source("story")


def test_side_text_offsets_index_paragraphs():
    a = parse_file(SEED_BLOCKS)
    text = a.side_text("ko")
    assert text.startswith(a.title["ko"] + "\n\n")
    for i, p in enumerate(a.paragraphs["ko"]):
        start = a.paragraph_start("ko", i)
        assert text[start : start + len(p)] == p


# --- ids and the library ---------------------------------------------------------------------------------------------


def test_article_ids_are_relative_nfc_paths_without_suffixes():
    assert article_id(Path("000_5b22b7d950e5fa8c.txt")) == "000_5b22b7d950e5fa8c"
    assert article_id(Path("2023/09/story.ko.txt")) == "2023/09/story"
    assert article_id(Path(unicodedata.normalize("NFD", "기사.en.txt"))) == "기사"


def test_library_summaries_are_cached_and_refreshed_when_a_file_changes(tmp_path, monkeypatch):
    work = tmp_path / "work"
    work.mkdir()
    (work / "a.txt").write_bytes(SEED_BLOCKS.read_bytes())
    (work / "b.txt").write_bytes(SEED_ENGLISH.read_bytes())
    first = Library(work, cache_dir=tmp_path / "cache").summaries()
    assert [(s.id, s.paragraphs) for s in first] == [("a", {"ko": 18, "en": 18}), ("b", {"ko": 0, "en": 13})]

    import tandem.reader.text.library as library_module

    calls = []
    real = library_module.load_articles  # what summaries read articles with (taking the stamps as they read)

    def load_articles(sources):
        sources = list(sources)
        calls.extend(s.id for s in sources)
        return real(sources)

    monkeypatch.setattr(library_module, "load_articles", load_articles)
    assert Library(work, cache_dir=tmp_path / "cache").summaries() == first
    assert calls == []
    (work / "b.txt").write_text("Only one short title\n\nAnd one paragraph.", "utf-8")
    os.utime(work / "b.txt", ns=(1, 1))
    again = Library(work, cache_dir=tmp_path / "cache").summaries()
    assert calls == ["b"] and again[1].paragraphs == {"ko": 0, "en": 1}


def test_library_reports_unreadable_files_without_failing(tmp_path):
    (tmp_path / "good.txt").write_bytes(SEED_ENGLISH.read_bytes())
    (tmp_path / "empty.txt").write_bytes(b"")
    summaries = Library(tmp_path, cache_dir=tmp_path / ".c").summaries()
    assert [s.id for s in summaries] == ["empty", "good"]
    assert "empty file" in summaries[0].error and summaries[1].error is None


# --- bad input through the real command ------------------------------------------------------------------------------


def run_tandem(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "tandem.reader", *args], capture_output=True, text=True, cwd=cwd,
                          env={**os.environ, "TANDEM_CACHE_DIR": str(cwd or ROOT / ".pytest_cache")})


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"", "empty file"),
        (b"  \n\n \r\n", "empty file"),
        (bytes(range(256)) * 8, "binary file"),
        (b"\x89PNG\r\n\x1a\n" + os.urandom(2000).replace(b"\x00", b"\x01"), "not text"),
        ("기사원문\n구독\n좋아요\nCopyright © 경향신문. 무단전재 및 재배포 금지.\n".encode(), "no article text"),
    ],
)
def test_bad_files_give_one_line_and_exit_2(tmp_path, content, reason):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(content)
    result = run_tandem("inspect", str(bad), cwd=tmp_path)
    assert result.returncode == 2
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and str(bad) in lines[0] and reason in lines[0], result.stderr


def test_missing_path_directory_and_enormous_file(tmp_path):
    huge = tmp_path / "huge.txt"
    with huge.open("wb") as f:
        f.truncate(11 * 1024 * 1024)
    for args, reason in (
        (["inspect", str(tmp_path / "nope.txt")], "no such file"),
        (["inspect", str(tmp_path)], "is a directory"),
        (["inspect", str(huge)], "too large"),
        (["list", str(tmp_path / "nowhere")], "no such folder"),
    ):
        result = run_tandem(*args, cwd=tmp_path)
        assert result.returncode == 2, args
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1 and reason in lines[0] and "Traceback" not in result.stderr


def test_inspect_json_has_the_documented_fields():
    result = run_tandem("inspect", str(SEED_BLOCKS), "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    for key in ("title", "byline", "published", "publisher", "keywords", "ko", "en", "alignment", "dropped",
                "sentences", "sentence_alignment"):
        assert key in data
    covered = {lang: sorted(i for bead in data["alignment"] for i in bead[lang]) for lang in ("ko", "en")}
    assert covered == {"ko": list(range(18)), "en": list(range(18))}
    assert len(data["sentences"]["ko"]) == 18
    assert data["files"] == ["000_5b22b7d950e5fa8c.txt"]  # no machine-specific path in metadata or exports


def test_inspect_pair_of_files_and_readable_view(tmp_path):
    seed = parse_file(SEED_BLOCKS)
    ko, en = tmp_path / "a.txt", tmp_path / "b.txt"
    ko.write_text("\n".join([seed.title["ko"], *seed.paragraphs["ko"]]), "cp949", errors="ignore")
    en.write_text("\n".join([seed.title["en"], *seed.paragraphs["en"]]), "utf-8")
    data = json.loads(run_tandem("inspect", str(en), str(ko), "--json", cwd=tmp_path).stdout)
    assert data["layout"] == "pair" and len(data["ko"]) == 18 and len(data["en"]) == 18
    view = run_tandem("inspect", str(SEED_ENGLISH), cwd=tmp_path)
    assert view.returncode == 0 and "경향신문" in view.stdout and "Park Kwang-yeon" in view.stdout


def test_pair_of_same_language_is_refused(tmp_path):
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_bytes(SEED_ENGLISH.read_bytes())
    b.write_bytes(SEED_ENGLISH.read_bytes())
    result = run_tandem("inspect", str(a), str(b), cwd=tmp_path)
    assert result.returncode == 2 and "one Korean file and one English file" in result.stderr


def test_list_json(tmp_path):
    result = run_tandem("list", str(ROOT / "articles"), "--json", cwd=tmp_path)
    data = json.loads(result.stdout)
    assert [d["id"] for d in data] == ["000_5b22b7d950e5fa8c", "003_d053796be3089813"]
    assert data[1]["published"] == "2023-09-14T17:55" and data[0]["languages"] == ["ko", "en"]


def test_read_file_rejects_directories_and_missing(tmp_path):
    with pytest.raises(InputError, match="is a directory"):
        read_file(tmp_path)
    with pytest.raises(InputError, match="no such file"):
        load_article(source_for_file(tmp_path / "x.txt")[1])


def test_no_path_opens_local_articles_else_the_bundled_samples(tmp_path):
    from tandem.reader.text.library import bundled_samples, default_workspace

    assert default_workspace(tmp_path) == bundled_samples() == ROOT / "articles"
    (tmp_path / "articles").mkdir()
    assert default_workspace(tmp_path) == tmp_path / "articles"
