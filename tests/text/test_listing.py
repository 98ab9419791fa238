"""The listing around the parse: reading, decoding, discovery, summaries and batches.

Reading a file opens it and fstat's it (instead of stat, then open); a cold listing takes its cache stamps from
those reads; discovery builds child paths without pathlib's parsing; the cyclic collector rests while a listing
runs; articles are loaded a batch and a step at a time. Each is checked against the plain definition: a stat and
a read, `folder / name`, one article after the other."""

from __future__ import annotations

import gc
import os
import stat
import unicodedata
from pathlib import Path

import orjson
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tandem.reader.errors import InputError
from tandem.reader.text import decoding, library
from tandem.reader.text.article import LANGS, Article
from tandem.reader.text.decoding import normalize, read_file
from tandem.reader.text.library import ArticleSource, Library, Summary, discover, load_article
from tandem.reader.text.parsing import combine_pair, parse_article

SEED = Path(__file__).resolve().parents[2] / "articles" / "000_5b22b7d950e5fa8c.txt"


def plain_normalize(text: str) -> str:
    """The definition: `\\n` line ends, every odd character replaced, NFC."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    for odd, replacement in decoding._REPLACEMENTS.items():
        text = text.replace(odd, replacement)
    return unicodedata.normalize("NFC", text)


PIECES = [
    *decoding._REPLACEMENTS, "\r", "\r\n", "\n", " ", "a", "é", "e\u0301", "\u0301", "\u1100\u1161\u11a8", "가",
    "북한", "\u3000\u3000", "\u3001", "\u2fff", "\u3100", "\u0130", "😀", "\U00013000", "\x00", "\ufeff\u3000",
]


@settings(max_examples=1000, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=40).map("".join))
def test_normalize_is_the_plain_definition(text):
    assert normalize(text) == plain_normalize(text)


@pytest.mark.parametrize("text", ["\u3000", "가\u3000나", "a\u3000", "\u3000" * 300 + "가" * 300,
                                  "가" * 5000 + "\u3000", "😀" * 100 + "\u3000"])
def test_normalize_replaces_ideographic_spaces_anywhere(text):
    assert normalize(text) == plain_normalize(text) and "\u3000" not in normalize(text)


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(PIECES), min_size=1, max_size=40).map("".join),
       st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "cp949"]))
def test_utf8_of_a_decoded_text_is_its_text_encoded(text, encoding):
    """The parser marks letters on `utf8()`: the file's own bytes (UTF-8) or the CP949 check's encoding when the
    text is exactly what they decode to, never otherwise (line ends, odd characters or NFD changed by `normalize`,
    a BOM, another encoding)."""
    data = text.encode(encoding, "ignore")
    try:
        decoded = decoding.decode_bytes(data, "f.txt")
    except InputError:
        return
    assert decoded.utf8() == decoded.text.encode()
    kept = decoded.encoding in ("utf-8", "cp949") and decoded.text == data.decode(decoded.encoding)
    assert (decoded.known_utf8 is not None) == kept


WHITESPACE = [chr(cp) for cp in range(0x3001) if chr(cp).isspace() and not "\x1c" <= chr(cp) <= "\x1f"]
"""Every whitespace character up to U+3000, but the four control characters that mark a file binary."""


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from([*WHITESPACE, "a", "가", "\u200b", "\ufeff", "\x00"]), max_size=8).map("".join))
def test_empty_is_what_stripping_leaves_nothing_of(text):
    """A file is empty when nothing is left of it once stripped: of its bytes, or of its text once normalized
    (invisible characters only)."""
    data = text.encode("utf-8")
    try:
        decoding.decode_bytes(data, "f.txt")
    except InputError as exc:
        empty = "empty file" in str(exc)
    else:
        empty = False
    assert empty == (not data.strip() or not normalize(data.decode("utf-8", "replace")).strip())


def _missing(tmp: Path) -> Path:
    return tmp / "missing.txt"


def _directory(tmp: Path) -> Path:
    (tmp / "folder.txt").mkdir()
    return tmp / "folder.txt"


def _too_large(tmp: Path) -> Path:
    path = tmp / "large.txt"
    with open(path, "wb") as f:
        f.truncate(decoding.MAX_BYTES + 1)  # sparse: no 10 MB written
    return path


def _large_unreadable(tmp: Path) -> Path:
    path = _too_large(tmp)
    path.chmod(0)
    return path


def _unreadable(tmp: Path) -> Path:
    path = tmp / "secret.txt"
    path.write_bytes(b"text")
    path.chmod(0)
    return path


def _under_a_file(tmp: Path) -> Path:
    (tmp / "file.txt").write_bytes(b"text")
    return tmp / "file.txt" / "a.txt"


def _dangling_link(tmp: Path) -> Path:
    (tmp / "link.txt").symlink_to(tmp / "nowhere.txt")
    return tmp / "link.txt"


def stat_first_read(path: Path) -> bytes:
    """The definition (how files were read before): stat, then the checks, then the read."""
    try:
        info = path.stat()
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror or exc})") from None
    if stat.S_ISDIR(info.st_mode):
        raise InputError(f"{path}: is a directory, expected an article file")
    if info.st_size > decoding.MAX_BYTES:
        raise InputError(f"{path}: {info.st_size / 1048576:.1f} MB is too large for an article (limit 10 MB)")
    try:
        return path.read_bytes()
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror or exc})") from None


@pytest.mark.parametrize("make", [_missing, _directory, _too_large, _large_unreadable, _unreadable, _under_a_file,
                                  _dangling_link])
def test_read_file_fails_as_the_stat_first_order_does(tmp_path, make):
    path = make(tmp_path)
    try:
        expected: object = stat_first_read(path)
    except InputError as exc:
        expected = str(exc)
    try:
        got: object = read_file(path)[0]
    except InputError as exc:
        got = str(exc)
    assert got == expected


def test_read_file_gives_the_bytes_and_the_files_stat(tmp_path):
    path = tmp_path / "a.txt"
    path.write_bytes(SEED.read_bytes())
    data, info = read_file(path)
    st = os.stat(path)
    assert data == SEED.read_bytes() and (info.st_size, info.st_mtime_ns, info.st_ino) == (st.st_size,
                                                                                           st.st_mtime_ns, st.st_ino)


def test_cold_listing_stamps_are_the_files_stats(tmp_path):
    work = tmp_path / "work"
    (work / "sub").mkdir(parents=True)
    for name in ("a.txt", "sub/b.ko.txt", "sub/b.en.txt", "empty.txt"):
        (work / name).write_bytes(b"" if name == "empty.txt" else SEED.read_bytes())
    library = Library(work, cache_dir=tmp_path / "cache")
    library.summaries()
    entries = orjson.loads(library.cache_path.read_bytes())["entries"]
    for source in library.sources:
        expected = [[p.name, p.stat().st_size, p.stat().st_mtime_ns] for p in source.paths]
        assert entries[source.id]["stamp"] == expected


def test_discovered_paths_are_the_joined_paths(tmp_path):
    for name in ("b.txt", "a.ko.txt", "a.en.txt", "x/c.txt", "x/y/d.en.txt", "x/y/d.ko.txt", "é.txt"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_bytes(b"x")
    for source in discover(tmp_path):
        joined = tuple(tmp_path / relative for relative in source.relative)
        assert source.paths == joined and [str(p) for p in source.paths] == [str(p) for p in joined]
        assert [p.parts for p in source.paths] == [p.parts for p in joined]


def test_summary_dict_is_its_fields_in_order(tmp_path):
    (tmp_path / "a.txt").write_bytes(SEED.read_bytes())
    (tmp_path / "b.txt").write_bytes(b"")
    summaries = Library(tmp_path, cache_dir=tmp_path / "cache").summaries()
    summaries[1].error = "changed after it was made"
    for summary in summaries:
        expected = {name: getattr(summary, name) for name in Summary.__dataclass_fields__}
        assert list(summary.to_dict().items()) == list(expected.items())
    summaries[0].note = "an attribute that is no field"  # type: ignore[attr-defined]
    assert summaries[0].to_dict() == {name: getattr(summaries[0], name) for name in Summary.__dataclass_fields__}


def test_summary_of_an_article_is_the_plain_summary():
    article = load_article(discover(SEED.parent)[0])
    assert Summary.of(article, ["x.txt"]) == Summary(
        id=article.id, title=dict(article.title), published=article.published, publisher=article.publisher,
        languages=list(article.languages), paragraphs={lang: len(article.paragraphs[lang]) for lang in LANGS},
        paths=["x.txt"])


@pytest.mark.parametrize("enabled", [True, False])
def test_listing_pauses_the_cyclic_collector_and_restores_it(tmp_path, monkeypatch, enabled):
    (tmp_path / "a.txt").write_bytes(SEED.read_bytes())
    seen = []
    real = decoding.decode_bytes

    def decode(data: bytes, where: str) -> decoding.DecodedText:
        seen.append(gc.isenabled())
        return real(data, where)

    monkeypatch.setattr("tandem.reader.text.library.decode_bytes", decode)
    (gc.enable if enabled else gc.disable)()
    try:
        Library(tmp_path, cache_dir=tmp_path / "cache").summaries()
        assert seen == [False] and gc.isenabled() is enabled
    finally:
        gc.enable()


def plain_load(source: ArticleSource) -> Article:
    """The definition: each file read, decoded and parsed in turn, stopping at the first error."""
    parsed = [parse_article(decoding.decode_bytes(read_file(path)[0], str(path)), source.id, path)
              for path in source.paths]
    if len(parsed) == 1:
        return parsed[0]
    if len(parsed) == 2:
        return combine_pair(parsed[0], parsed[1], source.id)
    raise InputError(f"{', '.join(map(str, source.paths))}: more than two files for article {source.id!r}")


@pytest.mark.parametrize(("batch", "batch_bytes"), [(4, 8 << 20), (256, 1)])  # uneven batches; one per article
def test_batched_listing_gives_what_loading_one_by_one_gives(tmp_path, monkeypatch, batch, batch_bytes):
    seed, english = SEED.read_bytes(), (SEED.parent / "003_d053796be3089813.txt").read_bytes()
    files = {
        "good.txt": seed, "empty.txt": b"", "binary.txt": b"\x00\x01\x02" * 50,
        "clutter.txt": "구독\n좋아요 3".encode(),
        "pair.ko.txt": "북한이 미사일을 발사했다.\n\n합참이 밝혔다.".encode(), "pair.en.txt": english,
        "badfirst.en.txt": b"", "badfirst.ko.txt": b"\xff\xfe\x00",  # both fail: the first file's error is the one
        "badsecond.en.txt": english, "badsecond.ko.txt": b"",
        "twoen.en.txt": english, "twoen.txt": english,
        "three.txt": seed, "three.ko.txt": seed, "three.en.txt": english,
    }
    for name, data in files.items():
        (tmp_path / name).write_bytes(data)
    monkeypatch.setattr("tandem.reader.text.library.BATCH", batch)
    monkeypatch.setattr("tandem.reader.text.library.BATCH_BYTES", batch_bytes)
    listed = Library(tmp_path, cache_dir=tmp_path / ".cache").summaries()
    expected = []
    for source in discover(tmp_path):
        try:
            expected.append(Summary.of(plain_load(source), list(source.relative)))
        except InputError as exc:
            expected.append(Summary(id=source.id, paths=list(source.relative), error=str(exc)))
    assert listed == expected
    assert sum(1 for s in listed if s.error) == 7


def test_a_batch_ends_once_its_bytes_are_read(tmp_path, monkeypatch):
    for n in range(5):
        (tmp_path / f"{n}.txt").write_bytes(SEED.read_bytes())  # ~13.5 KB each
    sizes = []
    real = library._decode_and_parse
    monkeypatch.setattr(library, "_decode_and_parse", lambda batch: sizes.append(len(batch)) or real(batch))
    monkeypatch.setattr(library, "BATCH_BYTES", 20_000)
    assert len(list(library.load_articles(discover(tmp_path)))) == 5
    assert sizes == [2, 2, 1]


def test_a_file_gone_since_discovery_is_listed_as_an_error(tmp_path):
    (tmp_path / "a.txt").write_bytes(SEED.read_bytes())
    (tmp_path / "b.txt").write_bytes(SEED.read_bytes())
    library_ = Library(tmp_path, cache_dir=tmp_path / ".cache")
    (tmp_path / "b.txt").unlink()
    summaries = library_.summaries()
    assert [s.error is None for s in summaries] == [True, False] and "no such file" in summaries[1].error


def test_errors_kept_for_a_batch_hold_no_frames(tmp_path):
    (tmp_path / "binary.txt").write_bytes(b"\x00\x01" * 1000)
    (_, error, _), = library.load_articles(discover(tmp_path))
    assert isinstance(error, InputError) and error.__traceback__ is None
    with pytest.raises(InputError, match="binary file"):
        load_article(discover(tmp_path)[0])
