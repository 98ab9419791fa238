"""JSONL export and load: everything out, the same data back in, mismatching spans reported and skipped."""

from pathlib import Path

import orjson
import pytest

from tandem.annotations.errors import StoreError
from tandem.annotations.export import ExportFilter, ExportReport, SourceDocument, run_export
from tandem.annotations.load import load_jsonl
from tandem.annotations.model import DocumentText
from tandem.annotations.schema import load_schema
from tandem.annotations.store import Store

KO = "푸틴 러시아 대통령은 김정은 위원장과 만났다고 크렘린궁이 밝혔다. 😀"
EN = "Russian President Putin met Kim Jong Un, the Kremlin said."
DOCS = [
    DocumentText("a1", {"title": {"ko": "북러 회담", "en": "Summit"}, "keywords": ["Putin"]}, {"ko": KO, "en": EN}),
    DocumentText("a2", {"title": {"en": "Untouched"}}, {"en": "Nobody annotated this one."}),
]


def at(text: str, quote: str) -> tuple[int, int]:
    start = text.index(quote)
    return start, start + len(quote)


@pytest.fixture
def store(tmp_path: Path) -> Store:
    store = Store(tmp_path / "store", load_schema())
    s = store.session(DOCS[0], "kim")
    putin_ko = s.add_span("ko", *at(KO, "푸틴"), "entity", "PERSON", note="러시아 대통령")
    putin_en = s.add_span("en", *at(EN, "Putin"), "entity", "PERSON")
    claim = s.add_span("en", *at(EN, "Putin met Kim Jong Un"), "claim", "CLAIM", {"checkworthy": "CFS"})
    source = s.add_span("en", *at(EN, "the Kremlin"), "source", "SOURCE", {"kind": "official"})
    cue = s.add_span("en", *at(EN, "said"), "source", "CUE")
    s.link("counterpart", putin_en.id, putin_ko.id)
    s.link("attribution", claim.id, source.id, cue=cue.id)
    s.set_status("done")
    s.close()
    lee = store.session(DOCS[0], "lee")
    lee.add_span("ko", *at(KO, "😀"), "entity", "EVENT")
    lee.set_status("in_progress")
    return store


def export_jsonl(docs, store: Store, out: Path, skip_unannotated: bool = False) -> ExportReport:
    """The native export, as `tandem export --format jsonl` runs it."""
    keep = ExportFilter(skip_unannotated=skip_unannotated)
    return run_export("jsonl", (SourceDocument(d) for d in docs), store, out, keep)


def read_lines(path: Path) -> list[dict]:
    return [orjson.loads(line) for line in path.read_bytes().splitlines()]


def test_export_writes_every_article_with_everything(store: Store, tmp_path: Path):
    out = tmp_path / "out.jsonl"
    report = export_jsonl(DOCS, store, out)
    assert (report.articles, report.spans, report.relations, report.orphans) == (2, 6, 2, 0)
    first, second = read_lines(out)
    assert first["article"] == {"id": "a1", "meta": DOCS[0].meta}
    assert first["sides"]["ko"]["text"] == KO and first["status"] == {"kim": "done", "lee": "in_progress"}
    span = first["sides"]["ko"]["spans"][0]
    assert set(span) == {"id", "start", "end", "text", "layer", "label", "attrs", "note", "annotator", "created",
                         "updated"}  # fmt: skip
    assert KO[span["start"] : span["end"]] == span["text"]
    starts = [(s["start"], s["end"]) for s in first["sides"]["en"]["spans"]]
    assert starts == sorted(starts)
    assert {r["type"] for r in first["relations"]} == {"counterpart", "attribution"}
    assert second == {"article": {"id": "a2", "meta": {"title": {"en": "Untouched"}}}, "relations": [],
                      "sides": {"en": {"spans": [], "text": "Nobody annotated this one."}}, "status": {}}  # fmt: skip
    export_jsonl(DOCS, store, out, skip_unannotated=True)
    assert [r["article"]["id"] for r in read_lines(out)] == ["a1"]


def test_export_load_export_gives_the_same_bytes(store: Store, tmp_path: Path):
    first, second = tmp_path / "1.jsonl", tmp_path / "2.jsonl"
    export_jsonl(DOCS, store, first)
    export_jsonl(DOCS, store, tmp_path / "again.jsonl")
    assert (tmp_path / "again.jsonl").read_bytes() == first.read_bytes()  # deterministic
    empty = Store(tmp_path / "empty")
    report = load_jsonl(first, empty, {d.id: d for d in DOCS})
    assert (report.articles, report.spans, report.relations, report.statuses, report.skipped) == (2, 6, 2, 2, [])
    export_jsonl(DOCS, empty, second)
    assert second.read_bytes() == first.read_bytes()
    load_jsonl(first, empty)  # loading twice changes nothing: records are keyed by id
    export_jsonl(DOCS, empty, second)
    assert second.read_bytes() == first.read_bytes()


def test_load_skips_spans_whose_text_does_not_match_and_reports_them(store: Store, tmp_path: Path):
    out = tmp_path / "out.jsonl"
    export_jsonl(DOCS, store, out)
    records = read_lines(out)
    bad = records[0]["sides"]["en"]["spans"][0]
    bad["text"] = "Vladimir"
    records[0]["status"]["lee"] = "finished"
    records.append({"article": {"id": "zz", "meta": {}}, "sides": {}, "relations": [], "status": {}})
    out.write_bytes(b"".join(orjson.dumps(r) + b"\n" for r in records))
    target = Store(tmp_path / "target")
    report = load_jsonl(out, target, {d.id: d for d in DOCS})
    assert (report.spans, report.relations, report.statuses, len(report.skipped)) == (5, 1, 1, 4)
    assert any("finished" in str(message) for message in report.skipped)
    assert any("relation" in str(message) and "not loaded" in str(message) for message in report.skipped)
    assert any(bad["id"] in str(message) for message in report.skipped)
    assert any("zz" in str(message) and "not in the workspace" in str(message) for message in report.skipped)
    loaded = {i for _, state in target.iter_article("a1") for i in state.spans}
    assert bad["id"] not in loaded and len(loaded) == 5


def test_load_of_a_broken_file_names_it_and_loads_nothing(store: Store, tmp_path: Path):
    out = tmp_path / "out.jsonl"
    export_jsonl(DOCS, store, out)
    out.write_bytes(out.read_bytes() + b"{not json\n")
    target = Store(tmp_path / "target")
    with pytest.raises(StoreError, match="line 3") as e:
        load_jsonl(out, target)
    assert str(out) in str(e.value)
    assert target.annotators() == []


def test_orphans_travel_through_export_and_load(store: Store, tmp_path: Path):
    changed = [DocumentText("a1", DOCS[0].meta, {"ko": KO, "en": "A different English text entirely."})]
    out, again = tmp_path / "out.jsonl", tmp_path / "again.jsonl"
    report = export_jsonl(changed, store, out)
    assert report.orphans == 4 and read_lines(out)[0]["sides"]["en"]["orphans"][0]["prefix"] is not None
    target = Store(tmp_path / "target")
    load_jsonl(out, target, {d.id: d for d in changed})
    export_jsonl(changed, target, again)
    assert again.read_bytes() == out.read_bytes()


def test_a_failed_export_leaves_the_previous_file(store: Store, tmp_path: Path):
    out = tmp_path / "out.jsonl"
    out.write_text("previous\n")

    def docs():
        yield DOCS[0]
        raise RuntimeError("reader failed")

    with pytest.raises(RuntimeError):
        export_jsonl(docs(), store, out)
    assert out.read_text() == "previous\n" and [p.name for p in tmp_path.iterdir() if p.suffix == ".tmp"] == []
