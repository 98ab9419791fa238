"""The store: round trips, undo/redo of every change, relations, status, and what happens to broken files."""

import json
import os
from pathlib import Path

import pytest
from filelock import FileLock
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tinydb import TinyDB

from tandem.annotations.errors import StoreError
from tandem.annotations.model import DocumentText, Status
from tandem.annotations.schema import load_schema
from tandem.annotations.session import ArticleAnnotations
from tandem.annotations.store import Store

KO = (
    "미국 백악관 국가안보회의(NSC) 에이드리언 왓슨 대변인은 "
    "“세르게이 쇼이구 러시아 국방장관이 평양을 방문했다”고 밝혔다. 😀"
)
EN = "White House NSC spokeswoman Adrienne Watson said Russian Defense Minister Sergei Shoigu visited Pyongyang."
DOC = DocumentText("000_5b22b7d950e5fa8c", {"title": {"en": "Revival"}}, {"ko": KO, "en": EN})


@pytest.fixture
def store(tmp_path: Path) -> Store:
    return Store(tmp_path / "store", load_schema())


def span_of(text: str, quote: str) -> tuple[int, int]:
    start = text.index(quote)
    return start, start + len(quote)


def snapshot(session: ArticleAnnotations) -> tuple:
    """Everything a session shows, for comparing states before and after undo/redo."""
    return tuple(session.spans()), tuple(session.relations()), session.status()


def test_spans_survive_reopening_with_offsets_in_code_points(store: Store):
    with store.session(DOC, "kim") as s:
        a = s.add_span("ko", *span_of(KO, "왓슨"), "entity", "PERSON", note="NSC 대변인")
        b = s.add_span("ko", *span_of(KO, "에이드리언 왓슨 대변인"), "source", "SOURCE", {"kind": "official"})
        emoji = s.add_span("ko", len(KO) - 1, len(KO), "entity", "EVENT")
    assert emoji.text == "😀"
    reopened = store.session(DOC, "kim")
    assert {x.id: x for x in reopened.spans()} == {x.id: x for x in (a, b, emoji)}  # nested spans allowed
    assert reopened.span(a.id).text == "왓슨" and reopened.span(a.id).note == "NSC 대변인"
    assert reopened.orphans == []


def test_each_save_is_on_disk_before_it_returns(store: Store):
    s = store.session(DOC, "kim")
    span = s.add_span("en", *span_of(EN, "Sergei Shoigu"), "entity", "PERSON")
    # A second, independent reader sees it without the session being closed.
    assert span.id in Store(store.root).read("kim", DOC.id).spans


def test_annotators_have_separate_files(store: Store):
    store.session(DOC, "kim").add_span("en", 0, 5, "entity", "ORG")
    store.session(DOC, "lee").add_span("en", 0, 5, "entity", "GPE")
    assert store.annotators() == ["kim", "lee"]
    assert store.article_ids("kim") == [DOC.id] and store.article_ids("nobody") == []
    assert [a for a, _ in store.iter_article(DOC.id)] == ["kim", "lee"]
    assert (store.root / "kim" / f"{DOC.id}.journal.jsonl").exists()


def test_snapshot_is_a_stock_tinydb_file(store: Store):
    with store.session(DOC, "kim") as s:
        s.add_span("en", 0, 5, "entity", "ORG")
        s.set_status("done")
    db = TinyDB(store.root / "kim" / f"{DOC.id}.json")
    assert [d["text"] for d in db.table("spans").all()] == ["White"]
    assert db.table("status").all()[0]["status"] == "done"
    assert (store.root / "kim" / f"{DOC.id}.journal.jsonl").read_text().count("\n") == 1  # header only


def test_schema_is_enforced(store: Store):
    s = store.session(DOC, "kim")
    with pytest.raises(KeyError):
        s.add_span("en", 0, 5, "entity", "NOPE")
    with pytest.raises(ValueError):
        s.add_span("en", 0, 5, "claim", "CLAIM", {"checkworthy": "maybe"})
    with pytest.raises(ValueError):
        s.add_span("en", 5, 5, "entity", "ORG")
    with pytest.raises(ValueError):
        s.add_span("en", 0, len(EN) + 1, "entity", "ORG")
    assert s.spans() == []


CHANGES = {
    "relabel": lambda s, ids: s.relabel(ids["watson"], "ORG"),
    "respan": lambda s, ids: s.respan(ids["watson"], *span_of(EN, "Adrienne Watson")),
    "note": lambda s, ids: s.set_note(ids["watson"], "spokeswoman"),
    "attrs": lambda s, ids: s.set_attrs(ids["source"], {"kind": "anonymous"}),
    "delete": lambda s, ids: s.delete(ids["source"]),  # also removes the relation that uses it
    "add": lambda s, ids: s.add_span("en", *span_of(EN, "Pyongyang"), "entity", "GPE"),
    "link": lambda s, ids: s.link("counterpart", ids["watson"], ids["watson_ko"]),
    "unlink": lambda s, ids: s.unlink(ids["attribution"]),
    "status": lambda s, ids: s.set_status(Status.DONE),
}


@pytest.mark.parametrize("kind", CHANGES)
def test_every_change_undoes_and_redoes_and_persists(store: Store, kind: str):
    s = store.session(DOC, "kim")
    ids = {
        "watson": s.add_span("en", *span_of(EN, "Watson"), "entity", "PERSON").id,
        "watson_ko": s.add_span("ko", *span_of(KO, "왓슨"), "entity", "PERSON").id,
        "claim": s.add_span("en", *span_of(EN, "Sergei Shoigu visited Pyongyang"), "claim", "CLAIM").id,
        "source": s.add_span("en", *span_of(EN, "White House NSC spokeswoman"), "source", "SOURCE").id,
        "cue": s.add_span("en", *span_of(EN, "said"), "source", "CUE").id,
    }
    ids["attribution"] = s.link("attribution", ids["claim"], ids["source"], cue=ids["cue"]).id
    before = snapshot(s)
    CHANGES[kind](s, ids)
    after = snapshot(s)
    assert after != before
    assert s.undo() and snapshot(s) == before
    assert snapshot(store.session(DOC, "kim")) == before  # the undo itself was saved
    assert s.redo() and snapshot(s) == after
    assert snapshot(store.session(DOC, "kim")) == after
    assert not s.redo()


def test_undo_walks_back_the_whole_session_and_new_change_clears_redo(store: Store):
    s = store.session(DOC, "kim")
    a = s.add_span("en", 0, 5, "entity", "ORG")
    s.relabel(a.id, "GPE")
    s.set_status("in_progress")
    while s.undo():
        pass
    assert s.spans() == [] and s.status() is Status.NEW and not s.can_undo()
    assert s.can_redo()
    s.add_span("en", 6, 11, "entity", "ORG")
    assert not s.can_redo()


def test_relations_are_validated_against_the_schema(store: Store):
    s = store.session(DOC, "kim")
    claim = s.add_span("en", *span_of(EN, "visited Pyongyang"), "claim", "CLAIM", {"checkworthy": "CFS"})
    source = s.add_span("en", *span_of(EN, "Adrienne Watson"), "source", "SOURCE", {"kind": "official"})
    with pytest.raises(ValueError):
        s.link("attribution", source.id, claim.id)
    with pytest.raises(KeyError):
        s.link("attribution", claim.id, "missing")
    rel = s.link("attribution", claim.id, source.id)
    assert [(r.type, r.head, r.child, r.cue) for r in s.relations()] == [("attribution", claim.id, source.id, None)]
    with pytest.raises(KeyError):
        s.unlink("missing")
    s.unlink(rel.id)
    assert s.relations() == []


def test_status_per_annotator(store: Store):
    store.session(DOC, "kim").set_status(Status.DONE)
    assert store.session(DOC, "kim").status() is Status.DONE
    assert store.session(DOC, "lee").status() is Status.NEW


def test_sessions_in_two_processes_see_each_others_changes(store: Store):
    first, second = store.session(DOC, "kim"), Store(store.root).session(DOC, "kim")
    a = first.add_span("en", 0, 5, "entity", "ORG")
    b = second.add_span("en", 6, 11, "entity", "ORG")
    first.close()  # compacts: `second` must notice the new generation
    c = second.add_span("en", 12, 15, "entity", "ORG")
    assert {x.id for x in first.spans()} == {a.id, b.id, c.id} == {x.id for x in second.spans()}


def journal_of(store: Store) -> Path:
    return store.root / "kim" / f"{DOC.id}.journal.jsonl"


def test_torn_last_journal_line_is_ignored_then_cut_off(store: Store):
    s = store.session(DOC, "kim")
    a = s.add_span("en", 0, 5, "entity", "ORG")
    with open(journal_of(store), "ab") as f:
        f.write(b'{"ops": [["span", "x", {"id": "x", "sid')  # what a kill mid-append leaves
    assert set(Store(store.root).read("kim", DOC.id).spans) == {a.id}
    b = Store(store.root).session(DOC, "kim").add_span("en", 6, 11, "entity", "ORG")
    lines = journal_of(store).read_bytes().splitlines()
    assert all(json.loads(line) for line in lines)
    assert set(Store(store.root).read("kim", DOC.id).spans) == {a.id, b.id}


@pytest.mark.parametrize("target", ["snapshot", "journal"])
def test_corrupted_file_is_named_left_untouched_and_nothing_else_lost(store: Store, target: str):
    with store.session(DOC, "kim") as s:
        s.add_span("en", 0, 5, "entity", "ORG")
    s = store.session(DOC, "kim")
    s.add_span("en", 6, 11, "entity", "ORG")
    other = DocumentText("other", {}, {"en": EN})
    kept = store.session(other, "kim").add_span("en", 0, 5, "entity", "ORG")
    path = store.root / "kim" / (f"{DOC.id}.json" if target == "snapshot" else f"{DOC.id}.journal.jsonl")
    broken = path.read_bytes().replace(b'"', b"'", 3) if target == "snapshot" else path.read_bytes() + b"oops\n"
    path.write_bytes(broken)
    for attempt in (lambda: Store(store.root).read("kim", DOC.id), lambda: Store(store.root).session(DOC, "kim")):
        with pytest.raises(StoreError) as e:
            attempt()
        assert str(path) in str(e.value) and "\n" not in str(e.value)
        assert path.read_bytes() == broken
    assert set(Store(store.root).read("kim", "other").spans) == {kept.id}


def test_snapshot_that_is_json_but_not_ours_is_an_error(store: Store):
    path = store.root / "kim" / f"{DOC.id}.json"
    path.parent.mkdir(parents=True)
    path.write_text("[1, 2]")
    with pytest.raises(StoreError, match="TinyDB"):
        store.session(DOC, "kim")
    path.write_text('{"spans": {}}')
    with pytest.raises(StoreError, match="snapshot"):
        store.session(DOC, "kim")
    assert path.read_text() == '{"spans": {}}'


def test_journal_without_its_snapshot_is_an_error_not_a_fresh_start(store: Store):
    with store.session(DOC, "kim") as s:
        s.add_span("en", 0, 5, "entity", "ORG")
    store.session(DOC, "kim").add_span("en", 6, 11, "entity", "ORG")
    (store.root / "kim" / f"{DOC.id}.json").unlink()
    with pytest.raises(StoreError, match="missing"):
        store.session(DOC, "kim")


def test_compaction_killed_after_the_snapshot_keeps_everything_once(store: Store):
    s = store.session(DOC, "kim")
    a = s.add_span("en", 0, 5, "entity", "ORG")
    stale_journal = journal_of(store).read_bytes()
    s.close()
    journal_of(store).write_bytes(stale_journal)  # as if killed between snapshot replace and journal reset
    s = store.session(DOC, "kim")
    assert [x.id for x in s.spans()] == [a.id]
    b = s.add_span("en", 6, 11, "entity", "ORG")
    assert set(Store(store.root).read("kim", DOC.id).spans) == {a.id, b.id}


def test_stale_temp_files_are_cleaned(store: Store):
    store.session(DOC, "kim").add_span("en", 0, 5, "entity", "ORG")
    directory = store.root / "kim"
    stale = [directory / f".{DOC.id}.json.999.dead.tmp", directory / f".{DOC.id}.journal.jsonl.999.beef.tmp"]
    for path in stale:
        path.write_text("half a snapshot")
    store.session(DOC, "kim").close()
    assert not any(p.exists() for p in stale)
    assert not [p for p in os.listdir(directory) if p.endswith(".tmp")]


def test_store_gitignores_its_lock_and_temp_files(store: Store):
    assert "*.lock" in (store.root / ".gitignore").read_text()


def test_a_lock_held_too_long_is_a_store_error(store: Store, monkeypatch: pytest.MonkeyPatch):
    s = store.session(DOC, "kim")
    monkeypatch.setattr("tandem.annotations.storage.LOCK_TIMEOUT", 0.2)
    with FileLock(store.root / "kim" / f".{DOC.id}.lock"), pytest.raises(StoreError, match="lock"):
        Store(store.root).session(DOC, "kim")
    s.add_span("en", 0, 5, "entity", "ORG")  # works again once the lock is free


def test_a_session_behind_another_processs_compaction_reloads_instead_of_reading_a_stale_offset(store: Store):
    first = store.session(DOC, "kim")
    ids = {first.add_span("en", i, i + 3, "entity", "ORG").id for i in range(3)}
    Store(store.root).session(DOC, "kim").close()  # compacts: a new journal generation
    third = Store(store.root).session(DOC, "kim")
    ids |= {third.add_span("en", i, i + 4, "entity", "ORG").id for i in range(10)}  # longer than `first` read
    ids.add(first.add_span("en", 20, 25, "entity", "ORG").id)
    assert {s.id for s in first.spans()} == ids == set(Store(store.root).read("kim", DOC.id).spans)


def test_a_session_that_only_reads_sees_other_processes_appends_compactions_and_torn_tails(store: Store):
    reader = store.session(DOC, "kim")
    assert reader.spans() == []  # remembered: the next reads skip the lock while the files stay as they are
    a = Store(store.root).session(DOC, "kim").add_span("en", 0, 5, "entity", "ORG")
    assert [s.id for s in reader.spans()] == [a.id]
    other = Store(store.root).session(DOC, "kim")
    b = other.add_span("en", 6, 11, "entity", "ORG")
    other.close()  # compaction replaces both files
    assert {s.id for s in reader.spans()} == {a.id, b.id}
    with open(journal_of(store), "ab") as f:
        f.write(b'{"ops": [["span", "x", {"id": "x", "sid')  # a writer killed mid-append
    assert {s.id for s in reader.spans()} == {a.id, b.id}
    c = Store(store.root).session(DOC, "kim").add_span("en", 12, 15, "entity", "ORG")  # cuts the tail first
    assert {s.id for s in reader.spans()} == {a.id, b.id, c.id}
    assert reader.status() is Status.IN_PROGRESS  # the one status rule: spans and no status set
    Store(store.root).session(DOC, "kim").set_status(Status.DONE)
    assert reader.status() is Status.DONE


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(st.sampled_from(["add", "relabel", "respan", "delete", "undo", "redo", "other", "compact"]),
                          st.integers(0, 40), st.integers(1, 8)), max_size=40))
def test_the_kept_sorted_span_list_always_equals_a_fresh_read(tmp_path_factory, steps):
    """The session updates its sorted span list in place after a few changes; whatever the changes (its own,
    undone, redone, another process's, a compaction), it must list what a fresh read lists."""
    store = Store(tmp_path_factory.mktemp("store"), load_schema())
    session = store.session(DOC, "kim")
    for action, start, length in steps:
        listed = session.spans()
        if action == "add":
            session.add_span("en", start, start + length, "entity", "ORG")
        elif action in ("relabel", "respan", "delete") and listed:
            target = listed[start % len(listed)]
            if action == "relabel":
                session.relabel(target.id, "PERSON" if target.label == "ORG" else "ORG")
            elif action == "respan":
                session.respan(target.id, start, start + length)
            else:
                session.delete(target.id)
        elif action == "undo":
            session.undo()
        elif action == "redo":
            session.redo()
        elif action == "other":
            Store(store.root, load_schema()).session(DOC, "kim").add_span("ko", start, start + length, "entity", "ORG")
        elif action == "compact":
            Store(store.root, load_schema()).session(DOC, "kim").close()
        fresh = Store(store.root).read("kim", DOC.id).spans.values()  # a plain read: no session, no compaction
        expected = sorted(fresh, key=lambda d: (d["side"], d["start"], d["end"], d["id"]))
        assert [s.to_dict() for s in session.spans()] == expected
