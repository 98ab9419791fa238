"""Hostile input, as a user (or a teammate's broken store) would hand it to the CLI.

The README promises:

> Every command answers bad input (a missing, empty, binary, enormous or undecodable file, a broken store file, an
> unknown option) with one line on stderr that names the file and the reason, and exit code 2. A broken store
> file is never rewritten or started afresh.

`test_hostile_input` runs a table of cases (what is done to a fresh workspace, the command, the exit code, a
fragment of the message, the files that must not change) through the real `main()` in this process, so an
uncaught exception fails the test with its traceback. The hypothesis tests throw random bytes and random JSON
shapes at the journal, the snapshot and `load`: exit 0 or 2, never a traceback, no file changed on failure.
"""

from __future__ import annotations

import json
import os
import shutil
import stat
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import orjson
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tandem.reader.cli.main import main
from tandem.reader.workspace import document, open_workspace

REPO = Path(__file__).resolve().parents[2]
ARTICLE = "000_5b22b7d950e5fa8c"
SNAP = f".tandem/alice/{ARTICLE}.json"
JOURNAL = f".tandem/alice/{ARTICLE}.journal.jsonl"
STORE = (SNAP, JOURNAL)


def _make_template(root: Path) -> None:
    """The sample articles, alice with one span (in the snapshot) and a status (in the journal)."""
    root.mkdir()
    for path in (REPO / "articles").glob("*.txt"):
        shutil.copy(path, root / path.name)
    ws = open_workspace(root, annotator="alice")
    doc = document(ws.library.article(ARTICLE))
    start = doc.sides["en"].index("White House")
    with ws.store.session(doc, "alice") as s:
        s.add_span("en", start, start + 11, "entity", "ORG")
    ws.store.session(doc, "alice").set_status("in_progress")


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    os.environ.setdefault("TANDEM_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))
    root = tmp_path_factory.mktemp("template") / "ws"
    _make_template(root)
    return root


@pytest.fixture
def ws(template: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("TANDEM_ANNOTATOR", "alice")
    root = tmp_path / "ws"
    shutil.copytree(template, root, symlinks=True)
    return root


def run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    """`tandem ARGS` through the real entry point; any exception it lets out fails the calling test."""
    saved = sys.argv
    sys.argv = ["tandem", *args]
    try:
        main()
        code = 0
    except SystemExit as e:
        code = e.code if isinstance(e.code, int) else (0 if e.code is None else 1)
    finally:
        sys.argv = saved
    out, err = capsys.readouterr()
    return code, out, err


def files_of(root: Path) -> dict[str, bytes]:
    """Every regular file under `root` (lock files aside: taking a lock creates one) by relative path."""
    found = {}
    for path in sorted(root.rglob("*")):
        if path.is_symlink() or not path.is_file() or path.name.endswith(".lock"):
            continue
        found[path.relative_to(root).as_posix()] = path.read_bytes()
    return found


def span_record(root: Path) -> dict:
    data = orjson.loads((root / SNAP).read_bytes())
    return data["spans"]["1"]


def set_span(**changes: object) -> Callable[[Path], None]:
    """Change (or, with a value of ..., remove) fields of the snapshot's span."""

    def setup(root: Path) -> None:
        data = orjson.loads((root / SNAP).read_bytes())
        for key, value in changes.items():
            if value is ...:
                del data["spans"]["1"][key]
            else:
                data["spans"]["1"][key] = value
        (root / SNAP).write_bytes(orjson.dumps(data))

    return setup


def snapshot_table(name: str, records: dict) -> Callable[[Path], None]:
    def setup(root: Path) -> None:
        data = orjson.loads((root / SNAP).read_bytes())
        data[name] = records
        (root / SNAP).write_bytes(orjson.dumps(data))

    return setup


def journal_line(raw: bytes) -> Callable[[Path], None]:
    def setup(root: Path) -> None:
        with open(root / JOURNAL, "ab") as f:
            f.write(raw + b"\n")

    return setup


def load_file(*records: object, raw: bytes = b"") -> Callable[[Path], None]:
    """Write `in.jsonl` beside the workspace: one JSON line per record, then `raw`."""

    def setup(root: Path) -> None:
        (root.parent / "in.jsonl").write_bytes(b"".join(orjson.dumps(r) + b"\n" for r in records) + raw)

    return setup


def _white_house(root: Path) -> tuple[int, int]:
    text = document(open_workspace(root, annotator="alice").library.article(ARTICLE)).sides["en"]
    start = text.index("White House")
    return start, start + 11


def minimal_spans(**extra: object) -> Callable[[Path], None]:
    """What another tool produces: start, end, text, layer and label only (plus `extra`)."""

    def setup(root: Path) -> None:
        start, end = _white_house(root)
        span = {"id": "t1", "start": start, "end": end, "text": "White House", "layer": "entity", "label": "ORG"}
        load_file({"article": {"id": ARTICLE}, "sides": {"en": {"spans": [span | extra]}}})(root)

    return setup


def both(*setups: Callable[[Path], None]) -> Callable[[Path], None]:
    def setup(root: Path) -> None:
        for step in setups:
            step(root)

    return setup


def other_generation(root: Path) -> None:
    """A snapshot restored from a backup without its journal: the journal holds saves made since."""
    data = orjson.loads((root / SNAP).read_bytes())
    data["_meta"]["1"]["gen"] = "restored-from-backup"
    (root / SNAP).write_bytes(orjson.dumps(data))


def file_for_folder(name: str) -> Callable[[Path], None]:
    def setup(root: Path) -> None:
        (root / ".tandem" / name).write_text("not a folder")

    return setup


def in_workspace(name: str, make: Callable[[Path], None]) -> Callable[[Path], None]:
    return lambda root: make(root / name)


def non_utf8_name(root: Path) -> None:
    name = os.fsdecode(b"\xc7\xd1\xb1\xdb-cp949.txt")  # 한글 in CP949
    shutil.copy(root / f"{ARTICLE}.txt", root / name)
    shutil.copy(root / f"{ARTICLE}.txt", root / os.fsdecode(b"bad-\xff.txt"))


def hostile_label(root: Path) -> None:
    data = orjson.loads((root / SNAP).read_bytes())
    data["spans"]["1"]["label"] = "\x1b]0;owned\x07\x1b[2J[link=https://evil.example]ORG[/link]\u202e"
    (root / SNAP).write_bytes(orjson.dumps(data))
    bob = root / ".tandem" / "bob"
    bob.mkdir()
    shutil.copy(root / SNAP, bob / Path(SNAP).name)


USER_CONFIG = (("XDG_CONFIG_HOME", "{dir}/user"), ("TANDEM_ANNOTATOR", ""))


def user_file(name: str, data: bytes) -> Callable[[Path], None]:
    """A file in the user's config folder (`{dir}/user`, beside the workspace)."""

    def setup(root: Path) -> None:
        path = root.parent / "user" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)

    return setup


def nothing(root: Path) -> None:
    """A fresh workspace as it is."""


@dataclass(frozen=True)
class Case:
    """One hostile input: what is done to a fresh workspace, the command (`{ws}`: the workspace, `{dir}`: the
    folder it is in), the exit code, a fragment of the message, and files (relative to the workspace) that must
    stay byte for byte as they were. A failing command must also leave every other file as it was."""

    name: str
    setup: Callable[[Path], None]
    command: tuple[str, ...]
    code: int
    message: str
    unchanged: tuple[str, ...] = STORE
    also: Callable[[Path], None] | None = field(default=None)
    env: tuple[tuple[str, str], ...] = ()
    """Environment variables for the command (`{dir}` replaced as in the command)."""


EXPORT = ("export", "{ws}", "--format", "jsonl", "--out", "{dir}/out.jsonl")
LOAD = ("load", "{ws}", "{dir}/in.jsonl")
AGREE = ("agree", "{ws}")


def _journal_kept_aside(root: Path) -> None:
    kept = list((root / ".tandem" / "alice").glob("*.other-generation-*"))
    assert len(kept) == 1 and b"in_progress" in kept[0].read_bytes()


def _store_has_span(annotator: str, span_id: str) -> Callable[[Path], None]:
    def check(root: Path) -> None:
        snap = root / ".tandem" / annotator / Path(SNAP).name
        assert span_id in {s["id"] for s in orjson.loads(snap.read_bytes())["spans"].values()}

    return check


def _csv_neutralised(root: Path) -> None:
    text = (root.parent / "out.csv").read_text(encoding="utf-8-sig")
    assert "\"'=HYPERLINK(" in text and ",=HYPERLINK(" not in text and ',"=HYPERLINK(' not in text


CASES = [
    # store files that parse but are wrong: journal lines
    Case("journal line a list", journal_line(b"[1,2]"), EXPORT, 2, "journal line at byte"),
    Case("journal line without ops", journal_line(b'{"x":1}'), AGREE, 2, "is not a change"),
    Case("journal ops not a list", both(journal_line(b'{"ops":"x"}'), minimal_spans()), LOAD, 2, "is not a change"),
    Case("journal op of unknown kind", journal_line(b'{"ops":[["shape","k",null]]}'), EXPORT, 2,
         "unknown op kind 'shape'"),
    Case("journal span op without side", journal_line(orjson.dumps({"ops": [["span", "k", {"id": "k"}]]})), EXPORT,
         2, "span 'k'"),
    Case("journal op not a triple", journal_line(b'{"ops":[["span"]]}'), EXPORT, 2, "is not [kind, key, value]"),
    Case("journal header without gen", lambda r: (r / JOURNAL).write_bytes(b'{"x":1}\n'), EXPORT, 2,
         "generation header"),
    # snapshot records
    Case("snapshot start as text", set_span(start="5"), EXPORT, 2, "spans record 1: \"start\" is '5'"),
    Case("snapshot start as text, load", both(set_span(start="5"), minimal_spans()), LOAD, 2, '"start"'),
    Case("snapshot start null", set_span(start=None), AGREE, 2, "not an offset"),
    Case("snapshot start a float", set_span(start=88.5), EXPORT, 2, "not an offset"),
    Case("snapshot offset of 30 digits", lambda r: (r / SNAP).write_bytes(
        (r / SNAP).read_bytes().replace(b'"start":', b'"start":123456789012345678901234567890,"x":')), EXPORT,
         2, "not an offset"),
    Case("snapshot span without side", set_span(side=...), EXPORT, 2, '"side"'),
    Case("snapshot span backwards", set_span(start=99, end=88), EXPORT, 2, "empty or backwards"),
    Case("snapshot status bogus", snapshot_table("status", {"1": {"status": "bogus"}}), EXPORT, 2,
         "status 'bogus'"),
    Case("snapshot relation without head", snapshot_table("relations", {"1": {
        "id": "r", "article_id": ARTICLE, "type": "counterpart", "child": "x", "annotator": "alice",
        "created": "now"}}), EXPORT, 2, 'no "head"'),
    Case("snapshot table a list", snapshot_table("spans", []), EXPORT, 2, "table 'spans' is not an object"),
    Case("snapshot top level a list", lambda r: (r / SNAP).write_bytes(b"[]"), EXPORT, 2, "not a TinyDB file"),
    Case("snapshot not JSON", lambda r: (r / SNAP).write_bytes(b"\xff\xfe{"), EXPORT, 2, "not valid JSON"),
    Case("journal of another generation", other_generation, EXPORT, 0, "journal of another snapshot generation",
         unchanged=(SNAP,), also=_journal_kept_aside),
    Case("a file where an annotator folder should be, load", both(file_for_folder("bob"), minimal_spans()),
         (*LOAD, "--annotator", "bob"), 2, "is not a folder"),
    Case("a file where an annotator folder should be, export", file_for_folder("bob"), EXPORT, 0,
         "not a folder, where each annotator has one"),
    # tandem load
    Case("load: empty annotator name", minimal_spans(annotator=""), LOAD, 2, "annotator name '' is empty"),
    Case("load: sides a list", load_file({"article": {"id": ARTICLE}, "sides": []}), LOAD, 2,
         '"sides" is not an object'),
    Case("load: article id missing", load_file({"article": {}}), LOAD, 2, 'has no article "id"'),
    Case("load: article id a list", load_file({"article": {"id": [1]}}), LOAD, 2, 'has no article "id"'),
    Case("load: spans not a list", load_file({"article": {"id": ARTICLE}, "sides": {"en": {"spans": {}}}}), LOAD,
         2, "en spans is not a list"),
    Case("load: a span not an object", load_file({"article": {"id": ARTICLE}, "sides": {"en": {"spans": [3]}}}),
         LOAD, 2, "a en span is not an object"),
    Case("load: relations not a list", load_file({"article": {"id": ARTICLE}, "relations": {}}), LOAD, 2,
         '"relations" is not a list'),
    Case("load: status not an object", load_file({"article": {"id": ARTICLE}, "status": []}), LOAD, 2,
         '"status" is not an object'),
    Case("load: unknown side", load_file({"article": {"id": ARTICLE}, "sides": {"fr": {}}}), LOAD, 2,
         "side 'fr' is not one of"),
    Case("load: a broken line after a good one", both(minimal_spans(), lambda r: (r.parent / "in.jsonl").write_bytes(
        (r.parent / "in.jsonl").read_bytes() + b"{not json\n")), LOAD, 2, "line 2 is not valid JSON"),
    Case("load: nothing in the file", load_file(), LOAD, 2, "holds no article"),
    Case("load: minimal spans get defaults", minimal_spans(), LOAD, 0, "", unchanged=(),
         also=_store_has_span("alice", "t1")),
    Case("load: --annotator names the owner", minimal_spans(annotator="carol"), (*LOAD, "--annotator", "dave"), 0,
         "", unchanged=STORE, also=_store_has_span("dave", "t1")),
    Case("load: every span skipped", minimal_spans(text="Black House"), LOAD, 2, "nothing could be loaded"),
    Case("load: gold only with --gold", minimal_spans(annotator="gold"), LOAD, 2,
         "belongs to gold, which is loaded only with --gold"),
    Case("load: unknown label", minimal_spans(label="NOPE"), LOAD, 2, "has no label 'NOPE'"),
    Case("load: a label of 100,000 characters", minimal_spans(label="X" * 100_000), LOAD, 2, "has no label"),
    Case("load: unknown layer", minimal_spans(layer="mood"), LOAD, 2, "unknown layer 'mood'"),
    Case("load: unknown attribute", minimal_spans(attrs={"colour": "red"}), LOAD, 2, "has no attribute 'colour'"),
    Case("load: start as text", minimal_spans(start="5"), LOAD, 2, "not an offset"),
    Case("load: duplicate span ids", lambda r: minimal_spans()(r) or (r.parent / "in.jsonl").write_bytes(
        (r.parent / "in.jsonl").read_bytes() * 2), LOAD, 2, "line 2 repeats span id 't1' (first on line 1)"),
    Case("load: annotator of 10,000 characters", minimal_spans(annotator="a" * 10_000), LOAD, 2,
         "annotator name of 10000 characters"),
    Case("load: not UTF-8", lambda r: (r.parent / "in.jsonl").write_bytes(b'{"article": "\xff"}\n'), LOAD, 2,
         "not valid JSON"),
    Case("load: missing file", nothing, LOAD, 2, "cannot read"),
    Case("--annotator of 10,000 characters", nothing, (*EXPORT, "--annotator", "a" * 10_000), 2,
         "annotator name of 10000 characters"),
    Case("--annotator with an undecodable byte", nothing, (*EXPORT, "--annotator", os.fsdecode(b"\xff")), 2,
         "undecodable byte"),
    # the workspace folder
    Case("a symlink loop in the folder, list", in_workspace("loop.txt", lambda p: p.symlink_to(p.name)),
         ("list", "{ws}"), 0, "loop.txt: cannot read (Too many levels of symbolic links)"),
    Case("a symlink loop in the folder, inspect another file", in_workspace("loop.txt", lambda p: p.symlink_to(
        p.name)), ("inspect", f"{{ws}}/{ARTICLE}.txt"), 0, ""),
    Case("a symlink loop, inspected", in_workspace("loop.txt", lambda p: p.symlink_to(p.name)),
         ("inspect", "{ws}/loop.txt"), 2, "Too many levels of symbolic links"),
    Case("a directory symlink cycle", in_workspace("sub", lambda p: (p.mkdir(), (p / "up").symlink_to(".."))),
         ("list", "{ws}", "--json"), 0, ""),
    Case("a FIFO named .txt, list", in_workspace("pipe.txt", lambda p: os.mkfifo(p)), ("list", "{ws}"), 0,
         "pipe.txt: not a regular file"),
    Case("a FIFO named .txt, inspect", in_workspace("pipe.txt", lambda p: os.mkfifo(p)),
         ("inspect", "{ws}/pipe.txt"), 2, "not a regular file"),
    Case("non-UTF-8 file names, list", non_utf8_name, ("list", "{ws}", "--json"), 0, ""),
    Case("non-UTF-8 file names, export csv", non_utf8_name,
         ("export", "{ws}", "--format", "csv", "--out", "{dir}/out.csv"), 0, ""),
    Case("usage: inspect without a file", nothing, ("inspect",), 2, "Missing argument"),
    Case("usage: export without --format", nothing, ("export", "{ws}", "--out", "{dir}/x"), 2,
         "Missing option '--format'"),
    Case("usage: unknown option", nothing, ("list", "--frobnicate"), 2, "No such option"),
    # config, keymap and schema files
    Case("config not UTF-8", user_file("tandem/config.toml", b"\xff\xfe"), EXPORT, 2, "cannot read config",
         env=USER_CONFIG),
    Case("config annotator a table", user_file("tandem/config.toml", b"[annotator]\nx = 1\n"), EXPORT, 2,
         "annotator must be text", env=USER_CONFIG),
    Case("config annotator with a control character", user_file("tandem/config.toml", b'annotator = "a\\u001b"\n'),
         EXPORT, 2, "control character", env=USER_CONFIG),
    Case("schema not UTF-8", in_workspace("tandem-schema.toml", lambda p: p.write_bytes(b"\xff")), EXPORT, 2,
         "not valid TOML"),
    Case("schema layers not a table", in_workspace("tandem-schema.toml", lambda p: p.write_text("layers = 5\n")),
         EXPORT, 2, "[layers] must be a table"),
    Case("schema layer not a table", in_workspace("tandem-schema.toml", lambda p: p.write_text(
        "[layers]\nentity = 5\n")), EXPORT, 2, "malformed schema"),
    Case("keymap not UTF-8", user_file("keymap.toml", b"\xff"), ("open", "{ws}"), 2, "not a valid keymap",
         env=(("TANDEM_KEYMAP", "{dir}/user/keymap.toml"),)),
    Case("keymap keys a list", user_file("keymap.toml", b"keys = [1]\n"), ("open", "{ws}"), 2,
         "[keys] must map binding ids", env=(("TANDEM_KEYMAP", "{dir}/user/keymap.toml"),)),
    # output that reaches a terminal, a spreadsheet, a file
    Case("escape codes and markup in labels, agree", hostile_label, AGREE, 0, ""),
    Case("CSV formula injection", set_span(note='=HYPERLINK("x")'),
         ("export", "{ws}", "--format", "csv", "--out", "{dir}/out.csv"), 0, "", also=_csv_neutralised),
    Case("--out into a missing folder", nothing, ("export", "{ws}", "--format", "jsonl", "--out",
                                                  "{dir}/nowhere/out.jsonl"), 2, "does not exist"),
    Case("--out under a file", nothing, ("export", "{ws}", "--format", "jsonl", "--out",
                                        f"{{ws}}/{ARTICLE}.txt/out.jsonl"), 2, "is not a folder"),
    Case("--out a folder", nothing, ("export", "{ws}", "--format", "jsonl", "--out", "{ws}"), 2, "is a folder"),
]


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_hostile_input(case: Case, ws: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch):
    for name, value in case.env:
        monkeypatch.setenv(name, value.replace("{dir}", str(ws.parent)))
    case.setup(ws)
    before = files_of(ws)
    command = [arg.replace("{ws}", str(ws)).replace("{dir}", str(ws.parent)) for arg in case.command]
    code, out, err = run(command, capsys)
    assert code == case.code, err
    assert case.message in err
    assert "Traceback" not in out + err and "\x1b" not in out + err
    if code == 2:
        assert err.count("\n") == 1, err  # one line
    after = files_of(ws)
    for name in case.unchanged:
        assert after.get(name) == before.get(name), f"{name} changed"
    if code != 0:
        assert after == before, "a failed command changed a file"
    if case.also is not None:
        case.also(ws)


def test_agree_shows_hostile_labels_as_text(ws: Path, capsys: pytest.CaptureFixture[str],
                                            monkeypatch: pytest.MonkeyPatch):  # fmt: skip
    monkeypatch.setenv("FORCE_COLOR", "1")
    hostile_label(ws)
    code, out, err = run(["agree", str(ws)], capsys)
    assert code == 0, err
    assert "\x1b]" not in out and "\x1b[2J" not in out and "evil.example" in out and "\u202e" not in out
    assert "\\x1b]0;owned" in out.replace("\x1b[", "")  # the escape is shown, not obeyed


def test_out_through_a_symlink_keeps_the_link(ws: Path, capsys: pytest.CaptureFixture[str]):
    target = ws.parent / "real.jsonl"
    target.write_text("old")
    link = ws.parent / "link.jsonl"
    link.symlink_to(target)
    code, _, err = run(["export", str(ws), "--format", "jsonl", "--out", str(link)], capsys)
    assert code == 0, err
    assert link.is_symlink() and target.read_bytes().startswith(b'{"article"')


def test_out_to_a_fifo_writes_through(ws: Path, capsys: pytest.CaptureFixture[str]):
    fifo = ws.parent / "pipe"
    os.mkfifo(fifo)
    read_fd = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)  # a reader, so the writer's open does not block
    try:
        code, _, err = run(["export", str(ws), "--format", "csv", "--out", str(fifo)], capsys)
        data = os.read(read_fd, 1 << 20)
    finally:
        os.close(read_fd)
    assert code == 0, err
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode) and data.startswith("\ufeffarticle_id".encode())


def test_a_killed_exports_temp_file_is_removed_next_time(ws: Path, capsys: pytest.CaptureFixture[str]):
    out = ws.parent / "out.jsonl"
    dead = ws.parent / ".out.jsonl.999999999.dead.tmp"  # no process has that pid
    dead.write_text("half an export")
    code, _, err = run(["export", str(ws), "--format", "jsonl", "--out", str(out)], capsys)
    assert code == 0, err
    assert not dead.exists() and out.exists()


# fuzzing: random bytes and random JSON shapes

_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=12,
)
_KEYS = st.sampled_from(["ops", "span", "relation", "status", "id", "side", "start", "end", "text", "gen",
                         "article", "sides", "spans", "en", "ko", "label", "layer", "annotator", "relations"])
_SHAPED = st.recursive(
    st.none() | st.integers(-2, 200) | st.sampled_from(["span", "status", "en", "ORG", "entity", ARTICLE, ""]),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(_KEYS, inner, max_size=5),
    max_leaves=16,
)


def _dumps(value: object) -> bytes:
    """JSON as any writer might make it: integers of any size, lone surrogates escaped."""
    return json.dumps(value).encode()


_LINES = st.one_of(st.binary(max_size=40), _JSON.map(_dumps), _SHAPED.map(_dumps))
_FUZZ = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


def _fuzz_run(root: Path, command: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    before = files_of(root)
    code, out, err = run(command, capsys)
    assert code in (0, 2), err
    assert "Traceback" not in out + err
    if code == 2:
        assert err.count("\n") == 1, err
        assert files_of(root) == before


@pytest.fixture
def fuzz_root(template: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("TANDEM_ANNOTATOR", "alice")
    return tmp_path


def _fresh(template: Path, at: Path) -> Path:
    root = at / "ws"
    shutil.rmtree(root, ignore_errors=True)
    shutil.copytree(template, root, symlinks=True)
    return root


@_FUZZ
@given(line=_LINES)
def test_fuzz_journal(line: bytes, template: Path, fuzz_root: Path, capsys: pytest.CaptureFixture[str]):
    root = _fresh(template, fuzz_root)
    with open(root / JOURNAL, "ab") as f:
        f.write(line.replace(b"\n", b" ") + b"\n")
    _fuzz_run(root, ["export", str(root), "--format", "jsonl", "--out", str(fuzz_root / "out.jsonl")], capsys)


@_FUZZ
@given(data=_LINES, table=st.sampled_from(["spans", "relations", "status", "rejections", "pending", "_meta"]),
       whole=st.booleans())
def test_fuzz_snapshot(data: bytes, table: str, whole: bool, template: Path, fuzz_root: Path,
                       capsys: pytest.CaptureFixture[str]):  # fmt: skip
    root = _fresh(template, fuzz_root)
    if whole:
        (root / SNAP).write_bytes(data)
    else:
        snapshot = orjson.loads((root / SNAP).read_bytes())
        try:
            snapshot[table] = {"1": orjson.loads(data)}
        except orjson.JSONDecodeError:
            snapshot[table] = data.decode("latin-1")
        (root / SNAP).write_bytes(orjson.dumps(snapshot))
    _fuzz_run(root, ["agree", str(root)], capsys)


@_FUZZ
@given(lines=st.lists(_LINES | _SHAPED.map(lambda v: _dumps({"article": {"id": ARTICLE}, "sides": v})),
                      min_size=1, max_size=3))
def test_fuzz_load(lines: list[bytes], template: Path, fuzz_root: Path, capsys: pytest.CaptureFixture[str]):
    root = _fresh(template, fuzz_root)
    (fuzz_root / "in.jsonl").write_bytes(b"\n".join(line.replace(b"\n", b" ") for line in lines) + b"\n")
    _fuzz_run(root, ["load", str(root), str(fuzz_root / "in.jsonl")], capsys)
