"""The model, the label schema, particle stripping and the annotator default."""

import unicodedata
from pathlib import Path

import pytest

from tandem.annotations.errors import SchemaError, StoreError
from tandem.annotations.model import DocumentText, Relation, Span, Status, new_id, quote_context, utc_now
from tandem.annotations.particles import strip_particle
from tandem.annotations.schema import load_schema
from tandem.annotations.storage import file_name
from tandem.annotations.store import default_annotator


def test_document_text_is_nfc_with_plain_line_ends():
    nfd = unicodedata.normalize("NFD", "한국 뉴스 😀\r\n둘째 줄")
    doc = DocumentText("a", {}, {"ko": nfd})
    assert doc.sides["ko"] == "한국 뉴스 😀\n둘째 줄"
    assert len(doc.sides["ko"][:7]) == 7  # code points: 한국 뉴스 😀


def test_document_text_rejects_unknown_sides():
    with pytest.raises(ValueError, match="fr"):
        DocumentText("a", {}, {"fr": "bonjour"})


def test_ids_are_unique_and_sort_by_time():
    ids = [new_id() for _ in range(1000)]
    assert len(set(ids)) == 1000
    assert all(len(i) == 32 for i in ids)
    assert [i[:12] for i in ids] == sorted(i[:12] for i in ids)


def test_utc_now_is_sortable_iso():
    assert utc_now().endswith("Z") and utc_now()[10] == "T"


def test_quote_context_keeps_32_characters_each_side():
    text = "x" * 40 + "푸틴" + "y" * 40
    quote, prefix, suffix = quote_context(text, 40, 42)
    assert (quote, prefix, suffix) == ("푸틴", "x" * 32, "y" * 32)
    with pytest.raises(ValueError):
        quote_context(text, 5, 5)


def test_span_and_relation_round_trip_through_dicts():
    span = Span("s", "a", "ko", 0, 2, "푸틴", "", "은", "entity", "PERSON", "kim", "t", "t", {"k": "v"}, "n")
    assert Span.from_dict(span.to_dict() | {"future_field": 1}) == span
    rel = Relation("r", "a", "attribution", "c", "s", "kim", "t", cue="q")
    assert Relation.from_dict(rel.to_dict()) == rel
    assert Status("done") is Status.DONE


def test_default_schema_has_news_layers_keys_and_colours():
    schema = load_schema()
    assert list(schema.layers) == ["entity", "claim", "source"]
    entity = schema.layers["entity"]
    assert {"PERSON", "ORG", "GPE", "LOC", "DATE", "EVENT", "MILITARY"} <= {lab.name for lab in entity.labels}
    assert entity.by_key("p").name == "PERSON" and entity.by_key("z") is None
    assert entity.strip_particles and not schema.layers["claim"].strip_particles
    assert all(lab.colour.startswith("#") for layer in schema.layers.values() for lab in layer.labels)
    assert schema.layers["claim"].label("CLAIM").attrs["checkworthy"] == ("CFS", "UFS", "NFS")
    assert "anonymous" in schema.layers["source"].label("SOURCE").attrs["kind"]
    assert schema.relations["attribution"].cue and "counterpart" in schema.relations


def test_schema_checks_spans_and_relations():
    schema = load_schema()
    assert schema.check_span("claim", "CLAIM", {"checkworthy": "NFS"}) == {"checkworthy": "NFS"}
    for layer, label, attrs in [("x", "PERSON", {}), ("entity", "CLAIM", {}), ("claim", "CLAIM", {"checkworthy": "?"})]:
        with pytest.raises((ValueError, KeyError)):
            schema.check_span(layer, label, attrs)
    schema.check_relation("attribution", "claim", "source", True)
    with pytest.raises(ValueError):
        schema.check_relation("attribution", "source", "claim", False)
    with pytest.raises(ValueError):
        schema.check_relation("counterpart", "entity", "entity", True)


def test_workspace_schema_overrides_by_name(tmp_path: Path):
    override = tmp_path / "schema.toml"
    override.write_text(
        '[layers.entity]\nlabels = [{ name = "SHIP", key = "s", colour = "#ffffff" }]\n'
        '[layers.topic]\nlabels = [{ name = "ECONOMY", key = "e", colour = "yellow" }]\n'
        '[relations.coreference]\nhead = ["entity"]\nchild = ["entity"]\n'
    )
    schema = load_schema(override)
    assert [lab.name for lab in schema.layers["entity"].labels] == ["SHIP"]
    assert list(schema.layers) == ["entity", "claim", "source", "topic"]
    assert {"attribution", "counterpart", "coreference"} <= set(schema.relations)


@pytest.mark.parametrize(
    "body, message",
    [
        ("[layers.entity\n", "not valid TOML"),
        ('[layers.x]\nlabels = [{ name = "A", key = "a", colour = "#fff" }]\n', "colour"),
        ('[layers.x]\nlabels = [{ name = "A", key = "a", colour = "red" }, '
         '{ name = "B", key = "a", colour = "red" }]\n', "repeats label key"),
        ('[layers.x]\nlabels = [{ name = "A", colour = "red" }]\n', "malformed"),
        ('[relations.r]\nhead = ["nope"]\n', "unknown layer"),
    ],
)  # fmt: skip
def test_bad_workspace_schema_names_the_file(tmp_path: Path, body: str, message: str):
    override = tmp_path / "schema.toml"
    override.write_text(body)
    with pytest.raises(SchemaError, match=message) as e:
        load_schema(override)
    assert str(override) in str(e.value)


def test_missing_schema_file_is_an_error(tmp_path: Path):
    with pytest.raises(SchemaError, match="not found"):
        load_schema(tmp_path / "nope.toml")


@pytest.mark.parametrize(
    "word, expected",
    [("푸틴은", "푸틴"), ("김정은이", "김정은"), ("러시아와", "러시아"), ("미국과", "미국"), ("북한의", "북한"),
     ("백악관에서", "백악관"), ("서울로", "서울"), ("평양으로", "평양"), ("국가", "국가"), ("평가", "평가"),
     ("푸틴", "푸틴"), ("NSC는", "NSC는"), ("Putin", "Putin")],
)  # fmt: skip
def test_strip_particle(word: str, expected: str):
    text = f"  {word} "
    assert text[2 : strip_particle(text, 2, 2 + len(word))] == expected


def test_default_annotator_env_then_config_then_login(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("TANDEM_ANNOTATOR", "envname")
    assert default_annotator() == "envname"
    monkeypatch.delenv("TANDEM_ANNOTATOR")
    monkeypatch.setattr("platformdirs.user_config_dir", lambda app: str(tmp_path))
    monkeypatch.setattr("getpass.getuser", lambda: "login")
    assert default_annotator() == "login"
    (tmp_path / "config.toml").write_text('annotator = "박기자"\n')
    assert default_annotator() == "박기자"
    (tmp_path / "config.toml").write_text("annotator = \n")
    with pytest.raises(StoreError, match=r"config\.toml"):
        default_annotator()


def test_file_names_are_reversible_and_safe():
    assert file_name("alice") == "alice"
    assert "/" not in file_name("../etc/passwd") and not file_name("..").startswith(".")
    assert file_name("박 기자") != file_name("박_기자")
