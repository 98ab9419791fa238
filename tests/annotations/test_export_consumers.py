"""Every format opened by the library its users open it with, and every span's text checked against the article
text at its offsets: Korean and English, emoji (astral and multi-code-point) and NFD input in the mix."""

from __future__ import annotations

import csv
import itertools
import json
import os
import subprocess
import sys
from pathlib import Path

import orjson
import pytest

from tandem.annotations.export import ExportFilter
from tandem.reader.workspace import Workspace, document
from tests.annotations.test_export_common import ARTICLE, at, export, lines, make_workspace

spacy = pytest.importorskip("spacy")
datasets = pytest.importorskip("datasets")
pyld = pytest.importorskip("pyld")
seqeval = pytest.importorskip("seqeval.metrics.sequence_labeling")
conllu = pytest.importorskip("conllu")
pybrat = pytest.importorskip("pybrat.parser")


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Workspace:
    os.environ.setdefault("TANDEM_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))
    return make_workspace(tmp_path_factory.mktemp("ws") / "articles")


@pytest.fixture(scope="module")
def texts(workspace: Workspace) -> dict[tuple[str, str], str]:
    """(article id, side) -> the NFC side text every offset indexes."""
    return {(a.id, side): text for a in workspace.library.articles() for side, text in document(a).sides.items()}


@pytest.fixture(scope="module")
def stored(workspace: Workspace) -> dict[str, dict]:
    """Every span in the store by id."""
    return {
        s["id"]: s
        for annotator in workspace.store.annotators()
        for article in workspace.store.article_ids(annotator)
        for s in workspace.store.read(annotator, article).spans.values()
    }


def test_spans_load_with_datasets_and_convert_to_spacy_docs(workspace, texts, stored, tmp_path: Path):
    out = tmp_path / "spans.jsonl"
    report = export(workspace, "spans", out)
    rows = datasets.load_dataset("json", data_files=str(out), split="train")
    assert len(rows) == report.documents == 3 * 2 + 2 + 1  # 3 annotators x 2 sides, alice's 000, 003 untouched
    vocab = spacy.blank("xx").vocab
    seen = set()
    for row in rows:
        meta = row["meta"]
        assert row["text"] == texts[(meta["article_id"], meta["side"])]
        doc = spacy.tokens.Doc(vocab, words=[t["text"] for t in row["tokens"]], spaces=[t["ws"] for t in row["tokens"]])
        assert doc.text == row["text"]
        for span in row["spans"]:
            found = doc.char_span(span["start"], span["end"], label=span["label"], alignment_mode="strict")
            assert found is not None
            assert found.text == stored[span["id"]]["text"] == row["text"][span["start"] : span["end"]]
            assert (found.start, found.end - 1) == (span["token_start"], span["token_end"])
            seen.add(span["id"])
        for rel in row["relations"]:
            assert rel["head"] == rel["head_span"]["token_end"] and rel["label"] in ("attribution", "attribution_cue")
        for link in row["links"]:
            other = texts[(meta["article_id"], link["other_side"])]
            assert other[link["other_start"]:link["other_end"]] == link["other_text"]
    assert seen == set(stored)  # every span is token-aligned: 푸틴 split out of nothing, 김정은과 kept whole


def test_spans_report_spans_off_token_boundaries(workspace, tmp_path: Path):
    doc = document(workspace.library.article(ARTICLE))
    session = workspace.store.session(doc, "carol")
    en = doc.sides["en"]
    start, end = at(en, " Pyongyang", 1)
    span = session.add_span("en", start, end, "entity", "GPE")  # starts on the space
    session.close()
    try:
        report = export(workspace, "spans", tmp_path / "s.jsonl", ExportFilter(annotators=("carol",)))
        assert report.problems["spans off token boundaries (left out)"] == 1
        assert "starts in whitespace" in report.examples["spans off token boundaries (left out)"][0]
        assert all(span.id not in {s["id"] for s in r["spans"]} for r in lines(tmp_path / "s.jsonl"))
    finally:
        s = workspace.store.session(doc, "carol")
        s.delete(span.id)
        s.close()


def test_spacy_docbin_has_ents_without_overlap_and_every_span(workspace, texts, stored, tmp_path: Path):
    out = tmp_path / "x.spacy"
    report = export(workspace, "spacy", out)
    nlp = spacy.blank("xx")
    docs = list(spacy.tokens.DocBin().from_disk(out).get_docs(nlp.vocab))
    assert len(docs) == report.documents
    seen = set()
    for doc in docs:
        meta = doc.user_data["tandem"]["meta"]
        assert doc.text == texts[(meta["article_id"], meta["side"])]
        for span in doc.spans["sc"]:
            assert span.text == stored[span.id_]["text"] == doc.text[span.start_char:span.end_char]
            seen.add(span.id_)
        ents = list(doc.ents)
        assert all(a.end <= b.start for a, b in itertools.pairwise(ents))
        assert all(stored[e.id_]["layer"] == "entity" for e in ents)
    assert seen == set(stored)
    assert report.problems["spans overlapping a longer one (in no IOB/ents, kept elsewhere)"] == 3  # Putin x3


def test_brat_keeps_two_labels_on_one_span_and_says_so(tmp_path: Path):
    workspace = make_workspace(tmp_path / "articles")
    doc = document(workspace.library.article(ARTICLE))
    session = workspace.store.session(doc, "carol")
    for label in ("ORG", "GPE"):
        session.add_span("en", *at(doc.sides["en"], "KCNA"), "entity", label)
    session.close()
    out = tmp_path / "brat"
    report = export(workspace, "brat", out, ExportFilter(annotators=("carol",)))
    assert any(n.startswith("2 spans share their offsets") for n in report.notes)
    with pytest.raises(RuntimeError, match="identical span for different entities"):  # pybrat is stricter than
        pybrat.BratParser(error="raise").parse(out)  # brat here, and says so; brat draws both labels
    (example,) = [e for e in pybrat.BratParser(error="ignore").parse(out) if e.entities]
    assert sorted(e.type for e in example.entities if e.mention == "KCNA") == ["GPE", "ORG"]


def test_brat_collection_parses_with_a_standoff_reader(workspace, texts, stored, tmp_path: Path):
    out = tmp_path / "brat"
    report = export(workspace, "brat", out)
    assert report.notes and "brat#1115" in report.notes[0]
    conf = (out / "annotation.conf").read_text()
    for section in ("[entities]", "[relations]", "[events]", "[attributes]"):
        assert section in conf
    assert "checkworthy\tArg:CLAIM, Value:CFS|UFS|NFS" in conf
    examples = pybrat.BratParser(error="ignore").parse(out)
    assert len(examples) == report.documents
    by_quote: dict[tuple[str, str], set[str]] = {}
    for s in stored.values():
        by_quote.setdefault((s["annotator"], s["article_id"] + "." + s["side"]), set()).add(s["text"])
    total = 0
    for example in examples:
        folder, stem = example.id.split("/")
        text = texts[tuple(stem.rsplit(".", 1))]
        assert example.text == text
        ann = (out / folder / f"{stem}.ann").read_text(encoding="utf-8")
        assert len(example.entities) == sum(line.startswith("T") for line in ann.splitlines())
        for entity in example.entities:
            assert entity.mention == " ".join(text[s.start:s.end] for s in entity.spans)
            assert entity.mention in by_quote[(folder, stem)]
            total += 1
        for relation in example.relations:
            assert relation.type in ("attribution", "attribution_cue")
    assert total == len(stored)
    ko_ann = (out / "alice" / f"{ARTICLE}.ko.ann").read_text()
    assert "AnnotatorNotes" in ko_ann and "러시아 대통령 | counterpart: en T" in ko_ann


def expected_entities(stored: dict[str, dict]) -> dict[str, list[str]]:
    """Each annotator's entity spans as `LABEL:text`, less the one nested in a longer span (IOB holds one)."""
    expected: dict[str, list[str]] = {}
    for s in stored.values():
        if s["layer"] == "entity" and not (s["label"] == "PERSON" and s["text"] == "Putin"):
            expected.setdefault(s["annotator"], []).append(f"{s['label']}:{s['text']}")
    return {k: sorted(v) for k, v in expected.items()}


@pytest.mark.parametrize("char_iob", [False, True])
def test_conllu_reads_with_conllu_parse_and_seqeval(workspace, texts, stored, tmp_path: Path, char_iob: bool):
    out = tmp_path / "x.conllu"
    export(workspace, "conllu", out, ExportFilter(layers=("entity",)), char_iob=char_iob)
    sentences = conllu.parse(out.read_text(encoding="utf-8"))  # the ten standard columns
    found: dict[str, list[str]] = {}
    doc_id = ""
    for sentence in sentences:
        doc_id = sentence.metadata.get("newdoc id", doc_id)
        article, side, *annotator = doc_id.split("/")
        text = texts[(article, side)]
        assert sentence.metadata["text"] in text
        rebuilt = "".join(t["form"] + ("" if (t["misc"] or {}).get("SpaceAfter") == "No" else " ") for t in sentence)
        assert rebuilt.rstrip() == sentence.metadata["text"]
        offsets = []
        for token in sentence:
            start, end = map(int, token["misc"]["TokenRange"].split(":"))
            assert text[start:end] == token["form"]
            offsets.append((start, end))
            if char_iob and side == "ko":
                assert len(token["form"]) == 1 or token["form"] in ("👍🏽",)
        tags = [t["misc"]["NER"] for t in sentence]
        for label, first, last in seqeval.get_entities(tags):
            found.setdefault(annotator[0] if annotator else "", []).append(
                f"{label}:{text[offsets[first][0]:offsets[last][1]]}"
            )
    assert {k: sorted(v) for k, v in found.items()} == expected_entities(stored)


def test_conll_2003_converts_with_spacy_convert(workspace, stored, tmp_path: Path):
    out = tmp_path / "x.conll"
    report = export(workspace, "conll", out, ExportFilter(layers=("entity",)))
    converted = tmp_path / "converted"
    converted.mkdir()
    done = subprocess.run([sys.executable, "-m", "spacy", "convert", str(out), str(converted), "--converter", "ner"],
                          capture_output=True, text=True, timeout=300)  # fmt: skip
    assert done.returncode == 0, done.stderr + done.stdout
    docs = list(spacy.tokens.DocBin().from_disk(converted / "x.spacy").get_docs(spacy.blank("xx").vocab))
    assert len(docs) == report.documents  # one spaCy Doc per -DOCSTART- (article side and annotator)
    found = sorted(f"{e.label_}:{e.text}" for doc in docs for e in doc.ents)
    assert found == sorted(e for v in expected_entities(stored).values() for e in v)
    paragraphs = out.read_text(encoding="utf-8").count("\n\n") - report.documents  # less each -DOCSTART-'s own
    assert sum(1 for doc in docs for _ in doc.sents) == paragraphs


def test_two_annotators_separate_conll_files_line_up_for_seqeval(tmp_path: Path):
    """alice tags 김정은 inside the eojeol 김정은과, bob the whole eojeol: exported apart, their files still have
    the same tokens (cut at everyone's edges), so seqeval scores one against the other."""
    from seqeval.metrics import f1_score

    ws = make_workspace(tmp_path / "articles")
    doc = document(ws.library.article("000_5b22b7d950e5fa8c"))
    ko = doc.sides["ko"]
    eojeol = next(w for w in ko.split() if len(w) > 3 and w[-1] in "은는이가을를의과와")
    start = ko.index(eojeol)
    for who, end in (("carol", start + len(eojeol) - 1), ("dave", start + len(eojeol))):
        s = ws.store.session(doc, who)
        s.add_span("ko", start, end, "entity", "PERSON")
        s.add_span("ko", *at(ko, "백악관"), "entity", "ORG")  # the one they agree on
        s.close()
    tags = {}
    for who in ("carol", "dave"):
        out = tmp_path / f"{who}.conll"
        export(ws, "conll", out, ExportFilter(annotators=(who,), sides=("ko",), skip_unannotated=True))
        blocks = out.read_text(encoding="utf-8").replace("-DOCSTART- -X- O O\n", "").strip().split("\n\n")
        tags[who] = [[line.split(" ")[1] for line in b.splitlines()] for b in blocks]
    assert [len(b) for b in tags["carol"]] == [len(b) for b in tags["dave"]]
    assert f1_score(tags["dave"], tags["carol"]) == 0.5  # one entity agreed, one not


def test_doccano_has_one_example_per_text(workspace, texts, stored, tmp_path: Path):
    out = tmp_path / "x.jsonl"
    report = export(workspace, "doccano", out)
    rows = lines(out)
    assert len(rows) == len({(r["article_id"], r["side"]) for r in rows}) == report.documents  # no duplicates
    spans = 0
    for line in rows:
        assert line["text"] == texts[(line["article_id"], line["side"])]
        assert len({tuple(x) for x in line["label"]}) == len(line["label"])
        for start, end, label in line["label"]:
            assert any(s["text"] == line["text"][start:end] and s["label"] == label for s in stored.values())
        ids = {e["id"] for e in line["entities"]}
        assert all(r["from_id"] in ids and r["to_id"] in ids for r in line["relations"])
        for who, tagged in line["by"].items():
            assert set(tagged) <= ids and line["annotators"][who] in ("in_progress", "done")
            spans += len(tagged)
    assert spans == len({(s["annotator"], s["article_id"], s["side"], s["start"], s["end"], s["label"])
                         for s in stored.values()})  # fmt: skip


def test_labelstudio_tasks_match_the_importer_and_the_config_beside_them(workspace, texts, stored, tmp_path: Path):
    from xml.etree import ElementTree

    out = tmp_path / "ls.json"
    report = export(workspace, "labelstudio", out, ExportFilter(), email_domain="lab.example")
    config = ElementTree.parse(tmp_path / "labeling_config.xml").getroot()
    assert f"wrote {tmp_path / 'labeling_config.xml'}" in report.notes
    names = {e.get("name") for e in config.iter() if e.get("name")}
    labels = {e.get("value") for e in config.iter("Label")}
    tasks = json.loads(out.read_text(encoding="utf-8"))
    regions = 0
    for task in tasks:
        text = task["data"]["text"]
        assert text == texts[(task["data"]["article_id"], task["data"]["side"])]
        assert len(task["annotations"]) == len(task["data"]["annotators"])
        for annotation, who in zip(task["annotations"], task["data"]["annotators"], strict=True):
            assert annotation["ground_truth"] == (who == "gold")
            assert annotation["result"]  # no empty annotation
            # the importer's rule (TaskSerializerBulk): completed_by absent, a member id, or {"email": member}
            assert annotation["completed_by"] == {"email": f"{who}@lab.example"}
            ids = {r["id"] for r in annotation["result"] if r.get("type") == "labels"}
            for r in annotation["result"]:
                if r["type"] == "relation":
                    assert r["from_id"] in ids and r["to_id"] in ids
                    continue
                assert {r["from_name"], r["to_name"]} <= names
                value = r["value"]
                assert set(value.get("labels", ())) <= labels
                assert text[value["start"]:value["end"]] == value["text"] == stored[r["id"]]["text"]
                regions += r["type"] == "labels"
    assert regions == len(stored)
    emoji = next(s for s in stored.values() if s["text"] == "👍🏽")
    assert emoji["end"] - emoji["start"] == 2  # code points (UTF-16 would be 4)
    export(workspace, "labelstudio", out)
    assert all("completed_by" not in a for t in json.loads(out.read_text()) for a in t["annotations"])


W3C_CONTEXT = {  # the subset of http://www.w3.org/ns/anno.jsonld this export uses, with the same mappings
    "@context": {
        "oa": "http://www.w3.org/ns/oa#", "dc": "http://purl.org/dc/terms/",
        "as": "http://www.w3.org/ns/activitystreams#",
        "foaf": "http://xmlns.com/foaf/0.1/", "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
        "xsd": "http://www.w3.org/2001/XMLSchema#", "id": "@id", "type": "@type",
        "Annotation": "oa:Annotation", "SpecificResource": "oa:SpecificResource", "TextualBody": "oa:TextualBody",
        "TextQuoteSelector": "oa:TextQuoteSelector", "TextPositionSelector": "oa:TextPositionSelector",
        "AnnotationCollection": "as:OrderedCollection", "AnnotationPage": "as:OrderedCollectionPage",
        "Person": "foaf:Person",
        "body": {"@type": "@id", "@id": "oa:hasBody"}, "target": {"@type": "@id", "@id": "oa:hasTarget"},
        "source": {"@type": "@id", "@id": "oa:hasSource"}, "selector": {"@type": "@id", "@id": "oa:hasSelector"},
        "motivation": {"@type": "@vocab", "@id": "oa:motivatedBy"},
        "purpose": {"@type": "@vocab", "@id": "oa:hasPurpose"},
        "value": {"@type": "xsd:string", "@id": "rdf:value"}, "exact": "oa:exact", "prefix": "oa:prefix",
        "suffix": "oa:suffix", "start": {"@type": "xsd:nonNegativeInteger", "@id": "oa:start"},
        "end": {"@type": "xsd:nonNegativeInteger", "@id": "oa:end"}, "creator": {"@type": "@id", "@id": "dc:creator"},
        "created": {"@type": "xsd:dateTime", "@id": "dc:created"},
        "modified": {"@type": "xsd:dateTime", "@id": "dc:modified"},
        "name": "foaf:name", "label": "rdfs:label", "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
        "first": {"@type": "@id", "@id": "as:first"},
        "items": {"@id": "as:items", "@container": "@list", "@type": "@id"},
        "startIndex": {"@type": "xsd:nonNegativeInteger", "@id": "as:startIndex"},
        "total": {"@type": "xsd:nonNegativeInteger", "@id": "as:totalItems"},
        "tagging": "oa:tagging", "classifying": "oa:classifying", "describing": "oa:describing",
        "commenting": "oa:commenting", "linking": "oa:linking",
    }
}  # fmt: skip


def test_w3c_expands_with_a_json_ld_processor(workspace, texts, stored, tmp_path: Path):
    from pyld import jsonld

    out = tmp_path / "anno.jsonld"
    export(workspace, "w3c", out)
    data = json.loads(out.read_text(encoding="utf-8"))

    def loader(url, options=None):
        assert url == "http://www.w3.org/ns/anno.jsonld"
        return {"contextUrl": None, "documentUrl": url, "document": W3C_CONTEXT}

    expanded = jsonld.expand(data, {"documentLoader": loader})
    oa = "http://www.w3.org/ns/oa#"
    page = expanded[0]["http://www.w3.org/ns/activitystreams#first"][0]
    items = page["http://www.w3.org/ns/activitystreams#items"][0]["@list"]
    assert len(items) == data["total"]
    tagged = 0
    for item in items:
        for target in item[oa + "hasTarget"]:
            source = target[oa + "hasSource"][0]["@id"]
            article, side = source.removeprefix("urn:tandem:article:").rsplit(":", 1)
            text = texts[(article, side)]
            selectors = {s["@type"][0]: s for s in target[oa + "hasSelector"]}
            quote, position = selectors[oa + "TextQuoteSelector"], selectors[oa + "TextPositionSelector"]
            start, end = (int(position[oa + k][0]["@value"]) for k in ("start", "end"))
            assert text[start:end] == quote[oa + "exact"][0]["@value"]
            assert text[:start].endswith(quote[oa + "prefix"][0]["@value"])
            assert text[end:].startswith(quote[oa + "suffix"][0]["@value"])
        if item[oa + "motivatedBy"][0]["@id"] == oa + "tagging":
            tagged += 1
    assert tagged == len(stored)


def test_parallel_lines_rebase_spans_to_their_bead(workspace, texts, stored, tmp_path: Path):
    for granularity in ("paragraph", "sentence"):
        out = tmp_path / f"{granularity}.jsonl"
        report = export(workspace, "parallel", out, granularity=granularity)
        assert report.problems["articles without alignment or without both sides (skipped)"] == 1  # 003: English
        rows = lines(out)
        assert datasets.load_dataset("json", data_files=str(out), split="train").num_rows == len(rows)
        links = 0
        for row in rows:
            spans = {}
            for side in ("ko", "en"):
                part = row[side]
                if part is None:
                    continue
                assert texts[(row["article_id"], side)][part["start"]:part["end"]] == part["text"]
                for s in part["spans"]:
                    assert part["text"][s["start"]:s["end"]] == s["text"] == stored[s["id"]]["text"]
                    spans[s["id"]] = side
            for link in row["links"]:
                assert spans[link["ko"]] == "ko" and spans[link["en"]] == "en"
                links += 1
        assert links == 3  # the counterpart of each annotator, inside one bead


def test_csv_opens_as_a_spreadsheet_table(workspace, texts, stored, tmp_path: Path):
    out = tmp_path / "x.csv"
    export(workspace, "csv", out)
    assert out.read_bytes().startswith(b"\xef\xbb\xbf")  # BOM: Excel reads Korean as UTF-8
    with open(out, encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    assert len(rows) == len(stored)
    for row in rows:
        text = texts[(row["article_id"], row["side"])]
        assert text[int(row["start"]):int(row["end"])] == row["text"] == stored[row["span_id"]]["text"]
        assert orjson.loads(row["attrs"]) == stored[row["span_id"]]["attrs"]
    assert {r["note"] for r in rows} >= {"러시아\n대통령"}
