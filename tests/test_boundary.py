"""The house's walls: the core stays plain Python, the batch commands never load Textual, the import contracts
in pyproject.toml hold (import-linter), and the two rooms that name the languages agree."""

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_importing_annotations_does_not_import_textual_or_reader():
    code = (
        "import sys, importlib, pkgutil, annotations\n"
        "for m in pkgutil.walk_packages(annotations.__path__, 'annotations.'):\n"
        "    importlib.import_module(m.name)\n"
        "bad = sorted(n for n in sys.modules if n.split('.')[0] in ('textual', 'reader', 'rich', 'click'))\n"
        "print(','.join(bad))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


def test_batch_commands_never_load_textual(tmp_path: Path):
    """Every command but `open` runs (for real, on the samples) without Textual in sys.modules."""
    articles = ROOT / "articles"
    article = next(articles.glob("*.txt"))
    commands = [
        ["--help"], ["list", str(articles)], ["inspect", str(article)],
        ["export", str(articles), "--store", str(tmp_path / "store"), "--format", "jsonl", "--out",
         str(tmp_path / "out.jsonl")],
        ["agree", str(articles), "--store", str(tmp_path / "store")],
    ]  # fmt: skip
    code = (
        "import sys\n"
        "from tandem.reader.cli.main import cli\n"
        "cli.main(sys.argv[1:], standalone_mode=False)\n"
        "assert not [m for m in sys.modules if m.split('.')[0] == 'textual'], 'textual was imported'\n"
    )
    for args in commands:
        done = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True,
                              env={"PATH": "/usr/bin:/bin", "TANDEM_ANNOTATOR": "kim",
                                   "TANDEM_CACHE_DIR": str(tmp_path / "cache")})  # fmt: skip
        assert done.returncode == 0, (args, done.stderr)


def test_the_import_contracts_hold():
    """import-linter reads the contracts from pyproject.toml: the layers of the reader and of the core."""
    lint = shutil.which("lint-imports", path=str(Path(sys.executable).parent))
    assert lint, "import-linter is part of the test extra"
    done = subprocess.run([lint, "--no-cache"], cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout[-3000:]


def test_the_reader_and_the_core_name_the_same_languages():
    """tandem.reader.text may not import the core, so each names the languages once; they must agree."""
    from tandem.annotations.model import SIDES
    from tandem.reader.text.article import LANGS

    assert tuple(LANGS) == tuple(SIDES)
