"""`tandem suggest` as a user runs it: the --json contract per source, --accept, bad input, and the base install
(no models) still suggesting from what the team tagged, with one plain line on what to install."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tandem.annotations.suggest.context import ModelCache, TeamNames
from tandem.annotations.suggest.sources import model
from tandem.reader.workspace import open_workspace, suggest_articles

ROOT = Path(__file__).resolve().parents[2]
BILINGUAL = "000_5b22b7d950e5fa8c"
SPAN_KEYS = {"article", "id", "source", "score", "reason", "kind", "side", "start", "end", "text", "layer", "label"}


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    root = tmp_path / "articles"
    shutil.copytree(ROOT / "articles", root)
    ws = open_workspace(root, annotator="kim")
    article = ws.library.article(BILINGUAL)
    en = article.side_text("en")
    with ws.open_session(article) as session:
        session.add_span("en", en.find("Putin"), en.find("Putin") + 5, "entity", "PERSON")
    return root


def tandem(*args: str, code: str = "") -> subprocess.CompletedProcess[str]:
    program = code + "from tandem.reader.cli.main import main; main()"
    env = dict(os.environ, TANDEM_ANNOTATOR="kim")
    return subprocess.run([sys.executable, "-c", program, *args], capture_output=True, text=True, env=env)


def lines(done: subprocess.CompletedProcess[str]) -> list[dict]:
    assert done.returncode == 0, done.stderr
    return [json.loads(line) for line in done.stdout.splitlines()]


def test_json_gives_one_object_per_suggestion_with_the_span_and_relation_contracts(workspace: Path):
    found = lines(tandem("suggest", str(workspace), "--source", "propagation", "--source", "projection", "--json"))
    spans = [s for s in found if s["kind"] == "span"]
    assert spans and all(set(s) >= SPAN_KEYS and s["source"] == "propagation" for s in spans)
    assert {s["article"] for s in spans} == {BILINGUAL, "003_d053796be3089813"}  # propagated across the workspace
    [projected] = [s for s in found if s["kind"] == "relation"]
    assert projected["type"] == "counterpart" and "span" in projected["child"]  # the tagged English span
    assert projected["head"]["text"] == "푸틴" and projected["head"]["side"] == "ko"


def test_accept_pre_annotates_and_the_store_holds_the_result(workspace: Path):
    done = tandem("suggest", str(workspace), "--source", "projection", "--accept")
    assert done.returncode == 0 and "accepted 1 suggestions as kim" in done.stderr + done.stdout
    state = open_workspace(workspace, annotator="kim").store.read("kim", BILINGUAL)
    assert sorted(s["text"] for s in state.spans.values()) == ["Putin", "푸틴"]
    assert [r["type"] for r in state.relations.values()] == ["counterpart"]
    assert lines(tandem("suggest", str(workspace), "--source", "projection", "--json")) == []


def test_bad_input_is_one_line_and_exit_2(workspace: Path):
    for args, message in ((["--source", "oracle"], "unknown source oracle"),
                          (["--article", "nope"], "no article nope")):  # fmt: skip
        done = tandem("suggest", str(workspace), *args)
        assert done.returncode == 2 and message in done.stderr and len(done.stderr.strip().splitlines()) == 1


def test_without_the_models_propagation_still_suggests_and_says_what_to_install(workspace: Path):
    no_models = (  # the extra's packages cannot be imported, as in the base install
        "import sys\nsys.modules.update(dict.fromkeys(('kiwipiepy', 'babel')))\n"
        "import tandem.annotations.suggest.kiwi as k, tandem.annotations.suggest.sources.model as m\n"
        "k.available = lambda: False\nm.english_pipeline_name = lambda: None\n"
    )
    done = tandem("suggest", str(workspace), "--source", "propagation", "--source", "model", code=no_models)
    assert done.returncode == 0, done.stderr
    assert "model suggestions need kiwipiepy (Korean names) and an English spaCy pipeline" in done.stderr
    assert "pip install 'tandem-news-reader[suggest]'" in done.stderr
    assert "propagation" in done.stdout


@pytest.mark.skipif(bool(model.missing()), reason="the suggest extra is not installed")
def test_the_models_run_one_article_ahead_in_their_own_process_and_suggest_as_here(workspace: Path):
    """The command asks the models' process for the next article while it works on one (and never loads the
    models itself): it prints what the engine suggests with everything run in one process."""
    done = tandem("suggest", str(workspace), "--source", "propagation", "--source", "model", "--json")
    printed = sorted((s["article"], s["source"], s["side"], s["start"], s["end"], s["label"]) for s in lines(done))
    ws = open_workspace(workspace, annotator="kim")
    shutil.rmtree(ModelCache.of_store(ws.store).folder)  # what the command's models found: computed here again
    here = sorted((article.id, s.source, s.span.side, s.span.start, s.span.end, s.span.label)
                  for article, _, found in suggest_articles(ws, ws.library.sources, ["propagation", "model"],
                                                            TeamNames.of_store(ws.store), print)
                  for s in found if s.span)  # fmt: skip
    assert {p[0] for p in printed} == {s.id for s in ws.library.sources}
    assert {p[1] for p in printed} == {"propagation", "model"}
    assert printed == here


class _FailedModels:
    """A models' process that failed on every article."""

    cache = ModelCache(None)

    def ask(self, sides: dict, sentences: dict) -> None:
        pass

    def wait(self, sides: dict) -> bool:
        return False


def test_where_the_models_process_fails_the_sources_that_need_it_are_left_out_and_said(workspace: Path):
    ws = open_workspace(workspace, annotator="kim")
    warnings: list[str] = []
    found = [s for _, _, found in suggest_articles(ws, ws.library.sources, ["propagation", "model"],
                                                   TeamNames.of_store(ws.store), warnings.append, _FailedModels())
             for s in found]  # fmt: skip
    assert found and {s.source for s in found} == {"propagation"}  # nothing computed here in the models' place
    assert len(warnings) == 2 and all("the models' process failed; suggestions from propagation" in w
                                      for w in warnings)  # fmt: skip
