"""Export: the shared workspace fixture (bilingual article with emoji and NFD text, three annotators), filters,
determinism and atomicity. The consumer checks are in test_export_consumers.py."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import unicodedata
from pathlib import Path

import orjson
import pytest

from tandem.annotations.export import FORMATS, ExportError, ExportFilter, ExportOptions, run_export
from tandem.annotations.export.registry import get_format
from tandem.reader.workspace import Workspace, document, export_workspace, open_workspace

REPO = Path(__file__).resolve().parents[2]
ARTICLE = "500_emoji_nfd"
KO = [
    "푸틴 대통령 방북 😀 김정은과 회담",
    "푸틴 러시아 대통령은 19일 평양에서 김정은 국무위원장과 만났다고 조선중앙통신이 밝혔다. 👍🏽",
    unicodedata.normalize("NFD", '백악관은 "북러 군사협력을 우려한다"고 말했다.'),  # as text that passed through macOS
    "한국 뉴스 😀 끝.",
]
EN = [
    "Putin visits Pyongyang 😀 meets Kim",
    "Russian President Vladimir Putin met Kim Jong Un in Pyongyang on the 19th, KCNA said. 👍🏽",
    'The White House said it was "concerned about North Korea-Russia military cooperation."',
    "Korean news 😀 ends.",
]
ANNOTATORS = ("alice", "bob", "gold")


def at(text: str, quote: str, nth: int = 0) -> tuple[int, int]:
    """Offsets of the nth occurrence of `quote`."""
    start = -1
    for _ in range(nth + 1):
        start = text.index(quote, start + 1)
    return start, start + len(quote)


def make_workspace(root: Path) -> Workspace:
    """The sample articles plus a bilingual one with emoji and NFD Hangul, annotated by alice, bob and gold."""
    root.mkdir(parents=True, exist_ok=True)
    for path in (REPO / "articles").glob("*.txt"):
        shutil.copy(path, root / path.name)
    (root / f"{ARTICLE}.txt").write_text("\n\n".join(KO + EN) + "\n", encoding="utf-8")
    ws = open_workspace(root, annotator="alice")
    docs = {a.id: document(a) for a in ws.library.articles()}
    doc = docs[ARTICLE]
    ko, en = doc.sides["ko"], doc.sides["en"]
    for who in ANNOTATORS:
        s = ws.store.session(doc, who)
        p_ko = s.add_span("ko", *at(ko, "푸틴", 1), "entity", "PERSON", note="러시아\n대통령")
        p_en = s.add_span("en", *at(en, "Vladimir Putin"), "entity", "PERSON")
        s.add_span("en", *at(en, "Putin", 1), "entity", "PERSON")  # nested in "Vladimir Putin"
        claim = s.add_span("en", *at(en, "Russian President Vladimir Putin met Kim Jong Un"), "claim", "CLAIM",
                           {"checkworthy": "CFS"})  # fmt: skip
        source = s.add_span("en", *at(en, "KCNA"), "source", "SOURCE", {"kind": "news_outlet"})
        cue = s.add_span("en", *at(en, "said"), "source", "CUE")
        s.add_span("ko", *at(ko, "😀", 1), "entity", "EVENT")
        s.add_span("en", *at(en, "👍🏽"), "entity", "EVENT")
        s.add_span("ko", *at(ko, "백악관"), "entity", "ORG")  # typed in NFD, stored NFC
        s.add_span("ko", *at(ko, "김정은과"), "entity", "PERSON")  # eojeol with its particle
        if who != "bob":
            s.add_span("en", *at(en, "Kim Jong Un"), "entity", "PERSON")
        s.link("counterpart", p_en.id, p_ko.id)
        s.link("attribution", claim.id, source.id, cue=cue.id)
        s.set_status("in_progress" if who == "bob" else "done")
        s.close()
    sample = docs["000_5b22b7d950e5fa8c"]
    s = ws.store.session(sample, "alice")
    ko0, en0 = sample.sides["ko"], sample.sides["en"]
    s.add_span("ko", *at(ko0, "백악관"), "entity", "ORG")
    s.add_span("en", *at(en0, "White House"), "entity", "ORG")
    s.close()
    return ws


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Workspace:
    os.environ.setdefault("TANDEM_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))
    return make_workspace(tmp_path_factory.mktemp("ws") / "articles")


def export(ws: Workspace, fmt: str, out: Path, keep: ExportFilter | None = None, **options: object):
    report, unreadable = export_workspace(ws, fmt, out, keep or ExportFilter(), ExportOptions(**options))
    assert unreadable == []
    return report


def test_every_format_is_deterministic(workspace: Workspace, tmp_path: Path):
    for fmt in FORMATS:
        first, second = tmp_path / f"1.{fmt}", tmp_path / f"2.{fmt}"
        export(workspace, fmt, first)
        export(workspace, fmt, second)
        if first.is_dir():
            files = sorted(p.relative_to(first) for p in first.rglob("*"))
            assert files == sorted(p.relative_to(second) for p in second.rglob("*"))
            assert all((first / f).read_bytes() == (second / f).read_bytes() for f in files if (first / f).is_file())
        else:
            assert first.read_bytes() == second.read_bytes(), fmt


def test_spacy_bytes_do_not_depend_on_the_hash_seed(workspace: Workspace, tmp_path: Path):
    code = (
        "import sys; from pathlib import Path; from tandem.reader.workspace import open_workspace;"
        "from tandem.reader.workspace import export_workspace; from tandem.annotations.export import ExportFilter, ExportOptions;"
        "export_workspace(open_workspace(Path(sys.argv[1])), 'spacy', Path(sys.argv[2]), ExportFilter(),"
        " ExportOptions())"
    )
    outs = []
    for seed in ("1", "2"):
        out = tmp_path / f"{seed}.spacy"
        env = dict(os.environ, PYTHONHASHSEED=seed)
        subprocess.run([sys.executable, "-c", code, str(workspace.root), str(out)], env=env, check=True, cwd=REPO)
        outs.append(out.read_bytes())
    assert outs[0] == outs[1]


def lines(path: Path) -> list[dict]:
    return [orjson.loads(line) for line in path.read_bytes().splitlines()]


def test_filters_select_annotators_layers_labels_statuses_sides(workspace: Workspace, tmp_path: Path):
    out = tmp_path / "f.jsonl"
    export(workspace, "jsonl", out, ExportFilter(annotators=("gold",)))
    spans = [s for r in lines(out) for side in r["sides"].values() for s in side["spans"]]
    assert spans and {s["annotator"] for s in spans} == {"gold"}
    export(workspace, "jsonl", out, ExportFilter(statuses=("done",), skip_unannotated=True))
    records = lines(out)
    assert [r["article"]["id"] for r in records] == ["500_emoji_nfd"]  # alice's 000 has no status: "new"
    assert set(records[0]["status"]) == {"alice", "gold"}
    export(workspace, "jsonl", out, ExportFilter(labels=("SOURCE", "CLAIM"), sides=("en",)))
    record = next(r for r in lines(out) if r["article"]["id"] == ARTICLE)
    assert set(record["sides"]) == {"en"}
    assert {s["label"] for s in record["sides"]["en"]["spans"]} == {"SOURCE", "CLAIM"}
    assert {r["type"] for r in record["relations"]} == {"attribution"}  # counterpart lost its ends
    assert all(r["cue"] is None for r in record["relations"])  # the CUE span was filtered out
    export(workspace, "jsonl", out, ExportFilter(layers=("entity",), annotators=("alice", "bob")))
    record = next(r for r in lines(out) if r["article"]["id"] == ARTICLE)
    assert {s["layer"] for side in record["sides"].values() for s in side["spans"]} == {"entity"}


@pytest.mark.parametrize(
    ("keep", "message"),
    [
        (ExportFilter(annotators=("nobody",)), "no annotations by nobody"),
        (ExportFilter(statuses=("finished",)), "unknown status finished"),
        (ExportFilter(layers=("entities",)), "unknown layer entities"),
        (ExportFilter(labels=("PER",)), "unknown label PER"),
        (ExportFilter(sides=("jp",)), "unknown side jp"),
    ],
)
def test_impossible_filters_fail_before_writing(workspace: Workspace, tmp_path: Path, keep, message):
    with pytest.raises(ExportError, match=message):
        export(workspace, "spans", tmp_path / "x.jsonl", keep)
    assert list(tmp_path.iterdir()) == []


def test_unknown_format_lists_the_formats(workspace: Workspace, tmp_path: Path):
    with pytest.raises(ExportError, match="choose one of jsonl, spans"):
        get_format("xml")


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_a_failure_mid_export_leaves_nothing(workspace: Workspace, tmp_path: Path, monkeypatch, fmt: str):
    out = tmp_path / "out"
    exporter = FORMATS[fmt]
    real = type(exporter).write

    def failing(self, articles, target, schema, options, report):
        def boom():
            yield from list(articles)[:1]
            raise OSError("disk full")

        real(self, boom(), target, schema, options, report)

    monkeypatch.setattr(type(exporter), "write", failing)
    with pytest.raises(ExportError, match="cannot write: disk full"):  # one line for the user, not a traceback
        export(workspace, fmt, out)
    assert list(tmp_path.iterdir()) == []  # neither the output nor a temp file or folder


def test_a_failed_export_keeps_the_previous_file_and_brat_refuses_a_foreign_folder(workspace: Workspace,
                                                                                   tmp_path: Path):  # fmt: skip
    out = tmp_path / "x.jsonl"
    out.write_bytes(b"previous")
    with pytest.raises(ExportError):
        export(workspace, "jsonl", out, ExportFilter(annotators=("nobody",)))
    assert out.read_bytes() == b"previous"
    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / "thesis.tex").write_text("precious")
    with pytest.raises(ExportError, match="something other than an earlier export"):
        export(workspace, "brat", folder)
    assert (folder / "thesis.tex").read_text() == "precious"
    export(workspace, "brat", tmp_path / "brat")
    export(workspace, "brat", tmp_path / "brat", ExportFilter(annotators=("bob",)))  # replaces its own export
    assert sorted(p.name for p in (tmp_path / "brat").iterdir()) == ["_unannotated", "annotation.conf", "bob",
                                                                 "visual.conf"]


def test_spacy_without_spacy_is_a_clear_error(workspace: Workspace, tmp_path: Path, monkeypatch):
    monkeypatch.setitem(sys.modules, "spacy", None)
    with pytest.raises(ExportError, match=r"needs spaCy: pip install 'tandem-news-reader\[spacy\]'"):
        run_export("spacy", [], workspace.store, tmp_path / "x.spacy")
    assert not (tmp_path / "x.spacy").exists()


def test_progress_counts_every_source_article(workspace: Workspace, tmp_path: Path):
    seen: list[int] = []
    report, _ = export_workspace(workspace, "csv", tmp_path / "x.csv", ExportFilter(annotators=("bob",),
                                 skip_unannotated=True), ExportOptions(), seen.append)  # fmt: skip
    assert seen == [1, 2, 3] and report.articles == 1
