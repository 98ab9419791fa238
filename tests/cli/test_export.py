"""`tandem export` and `tandem load` through the real CLI, in a subprocess."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import orjson
import pytest

from tandem.reader.cli.main import cli
from tests.annotations.test_export_common import make_workspace

# Until `export`/`load` are registered on the `tandem` group, run the same `main` with them added.
RUN = (
    [sys.executable, "-m", "tandem.reader"]
    if "export" in cli.commands
    else [sys.executable, "-c", "from tandem.reader.cli.main import cli, main; from tandem.reader.cli.data import export_cmd, "
          "load_cmd; cli.add_command(export_cmd); cli.add_command(load_cmd); main()"]
)  # fmt: skip


@pytest.fixture(scope="module")
def root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    os.environ.setdefault("TANDEM_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))
    return make_workspace(tmp_path_factory.mktemp("ws") / "articles").root


def tandem(*args: str, cache: Path) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, TANDEM_CACHE_DIR=str(cache))
    return subprocess.run([*RUN, *args], capture_output=True, text=True, env=env, timeout=120)


def test_export_writes_the_file_and_prints_a_report(root: Path, tmp_path: Path):
    out = tmp_path / "gold.jsonl"
    done = tandem("export", str(root), "--format", "spans", "--out", str(out), "--by", "gold", "--layer", "entity",
                  "--side", "en", "--skip-unannotated", cache=tmp_path)  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith(f"spans: 1 articles, 1 documents, 4 spans, 0 relations -> {out}")
    (line,) = [orjson.loads(x) for x in out.read_bytes().splitlines()]
    assert line["meta"]["side"] == "en" and {s["label"] for s in line["spans"]} == {"PERSON", "EVENT"}


def test_export_brat_folder_and_parallel_sentences(root: Path, tmp_path: Path):
    done = tandem("export", str(root), "--format", "brat", "--out", str(tmp_path / "brat"), cache=tmp_path)
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "brat" / "annotation.conf").is_file() and (tmp_path / "brat" / "gold").is_dir()
    done = tandem("export", str(root), "--format", "parallel", "--granularity", "sentence", "--out",
                  str(tmp_path / "p.jsonl"), cache=tmp_path)  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert {orjson.loads(x)["kind"] for x in (tmp_path / "p.jsonl").read_bytes().splitlines()} == {"title", "sentence"}


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--format", "xml"], "unknown export format 'xml'; choose one of jsonl, spans, spacy, brat"),
        (["--format", "csv", "--by", "nobody"], "no annotations by nobody"),
        (["--format", "csv", "--status", "finished"], "unknown status finished"),
    ],
)
def test_bad_options_are_one_line_and_exit_2(root: Path, tmp_path: Path, args: list[str], message: str):
    out = tmp_path / "x.out"
    done = tandem("export", str(root), *args, "--out", str(out), cache=tmp_path)
    assert done.returncode == 2
    assert done.stderr.count("\n") == 1 and message in done.stderr and "Traceback" not in done.stderr
    assert not out.exists()


def test_load_reads_an_export_back_and_reports_skips(root: Path, tmp_path: Path):
    out = tmp_path / "all.jsonl"
    assert tandem("export", str(root), "--format", "jsonl", "--out", str(out), cache=tmp_path).returncode == 0
    store = tmp_path / "fresh"
    done = tandem("load", str(root), str(out), "--store", str(tmp_path / "no-gold"), cache=tmp_path)
    assert done.returncode == 0, done.stderr  # the gold layer is written only when asked for
    assert done.stdout.startswith("loaded 3 articles: 23 spans, 4 relations, 3 statuses; 14 skipped")
    assert done.stderr.startswith("tandem: skipped 14: belongs to gold, which is loaded only with --gold (all.jsonl:")
    assert done.stderr.endswith("; …)\n") and done.stderr.count("\n") == 1  # one line per reason, 3 places named
    done = tandem("load", str(root), str(out), "--store", str(store), "--gold", cache=tmp_path)
    assert done.returncode == 0, done.stderr
    # 4 statuses: an annotator with spans and no status set is exported as in_progress (the one status rule)
    assert done.stdout.startswith("loaded 3 articles: 34 spans, 6 relations, 4 statuses; 0 skipped")
    again = tmp_path / "again.jsonl"
    assert tandem("export", str(root), "--format", "jsonl", "--store", str(store), "--out", str(again),
                  cache=tmp_path).returncode == 0  # fmt: skip
    assert again.read_bytes() == out.read_bytes()
    record = orjson.loads(out.read_bytes().splitlines()[0])
    record["article"]["id"] = "gone"
    (tmp_path / "stray.jsonl").write_bytes(orjson.dumps(record) + b"\n")
    done = tandem("load", str(root), str(tmp_path / "stray.jsonl"), "--store", str(store), cache=tmp_path)
    assert "1 skipped" in done.stdout and "not in the workspace" in done.stderr and done.returncode == 2
    done = tandem("load", str(root), str(tmp_path / "missing.jsonl"), cache=tmp_path)
    assert done.returncode == 2 and done.stderr.count("\n") == 1 and "cannot read" in done.stderr


def test_out_dash_writes_the_export_to_stdout_and_the_report_to_stderr(root: Path, tmp_path: Path):
    file = tmp_path / "x.jsonl"
    assert tandem("export", str(root), "--format", "doccano", "--out", str(file), cache=tmp_path).returncode == 0
    done = subprocess.run([*RUN, "export", str(root), "--format", "doccano", "--out", "-"], capture_output=True,
                          env=dict(os.environ, TANDEM_CACHE_DIR=str(tmp_path)), timeout=120)  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert done.stdout == file.read_bytes()
    assert b"-> standard output" in done.stderr and not (Path.cwd() / "-").exists()
    done = tandem("export", str(root), "--format", "labelstudio", "--out", "-", cache=tmp_path)
    assert done.returncode == 0 and "labeling_config.xml not written" in done.stderr
    done = tandem("export", str(root), "--format", "brat", "--out", "-", cache=tmp_path)
    assert done.returncode == 2 and "writes a folder" in done.stderr and done.stderr.count("\n") == 1
