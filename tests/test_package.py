"""The package as a user installs it: `python -m build` makes a wheel, a fresh venv outside the checkout installs
it, and the installed `tandem` runs and finds its sample articles (shipped inside the wheel)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SAMPLES = sorted(p.name for p in (REPO / "articles").glob("*.txt"))

pytest.importorskip("build")


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    source = tmp_path_factory.mktemp("source")  # build from a clean copy: no stale build/ or egg-info
    shutil.copytree(REPO, source / "repo", ignore=shutil.ignore_patterns(".venv", ".git", "build", "dist", "*.egg-info",
                                                                         "__pycache__", ".tandem"))  # fmt: skip
    out = tmp_path_factory.mktemp("dist")
    done = subprocess.run([sys.executable, "-m", "build", "--wheel", "--outdir", str(out), str(source / "repo")],
                          capture_output=True, text=True, timeout=600)  # fmt: skip
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    (found,) = out.glob("tandem_news_reader-*.whl")
    return found


def test_the_wheel_holds_the_samples_the_licence_and_a_unique_name(wheel: Path):
    names = zipfile.ZipFile(wheel).namelist()
    samples = "tandem/reader/samples/"
    assert sorted(n.removeprefix(samples) for n in names if n.startswith(samples)) == SAMPLES
    metadata = next(n for n in names if n.endswith(".dist-info/METADATA"))
    text = zipfile.ZipFile(wheel).read(metadata).decode()
    assert "Name: tandem-news-reader" in text and "License-Expression: MIT" in text
    assert "Classifier: Natural Language :: Korean" in text
    assert any(n.endswith("licenses/LICENSE") for n in names)


def test_the_wheel_installs_under_one_name_and_owns_no_top_level_package(wheel: Path):
    """`reader` and `annotations` are other projects' names on PyPI: installed, they are `tandem.reader` and
    `tandem.annotations`, and `tandem` is a namespace package (no `__init__.py` of ours to overwrite or delete)."""
    names = zipfile.ZipFile(wheel).namelist()
    tops = {n.split("/")[0] for n in names if not n.split("/")[0].endswith(".dist-info")}
    assert tops == {"tandem"}
    assert {n.split("/")[1] for n in names if n.startswith("tandem/")} == {"reader", "annotations"}
    assert "tandem/reader/app/tandem.tcss" in names and "tandem/annotations/default_schema.toml" in names


def test_installed_tandem_runs_and_opens_its_samples_outside_the_checkout(wheel: Path, tmp_path: Path):
    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=True)
    python = env_dir / "bin" / "python"
    done = subprocess.run([str(python), "-m", "pip", "install", "-q", str(wheel)], capture_output=True, text=True,
                          timeout=600)  # fmt: skip
    assert done.returncode == 0, done.stderr[-2000:]
    elsewhere = tmp_path / "elsewhere"  # no articles/ here, and not the checkout
    elsewhere.mkdir()
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    env["TANDEM_CACHE_DIR"] = str(tmp_path / "cache")
    tandem = str(env_dir / "bin" / "tandem")
    version = subprocess.run([tandem, "--version"], capture_output=True, text=True, cwd=elsewhere, env=env, timeout=120)
    assert version.returncode == 0 and "0.1.0" in version.stdout, version.stderr
    listed = subprocess.run([tandem, "list", "--json"], capture_output=True, text=True, cwd=elsewhere, env=env,
                            timeout=120)  # fmt: skip
    assert listed.returncode == 0, listed.stderr
    assert sorted(f"{a['id']}.txt" for a in json.loads(listed.stdout)) == SAMPLES
    code = ("import importlib.util as u, tandem.reader\n"
            "print(tandem.reader.__file__, u.find_spec('reader'), u.find_spec('annotations'))")
    where = subprocess.run([str(python), "-c", code], capture_output=True, text=True, cwd=elsewhere, env=env,
                           timeout=60)  # fmt: skip
    assert str(env_dir) in where.stdout  # the installed copy ran, not the checkout
    assert where.stdout.split()[1:] == ["None", "None"]  # and it took no top-level name
