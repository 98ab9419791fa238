"""The annotation store: a directory of small TinyDB files, one per annotator and article, each with a journal.

Layout::

    <store>/.gitignore                         lock and temp files stay out of git
    <store>/<annotator>/<article>.json         TinyDB snapshot (see storage.py)
    <store>/<annotator>/<article>.journal.jsonl  one fsynced line per change

Each annotator writes only their own directory, so a team sharing the workspace through git never conflicts.
A save appends one line to one small journal under that file's lock: its cost does not grow with the store.
Journals are folded into their snapshot when a session opens or closes, never while saving.
"""

from __future__ import annotations

import getpass
import os
import tomllib
import warnings
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import unquote

import platformdirs

from tandem.annotations.errors import StoreError, StoreWarning
from tandem.annotations.model import DocumentText
from tandem.annotations.schema import Schema
from tandem.annotations.session import ArticleAnnotations
from tandem.annotations.state import ArticleState, Op
from tandem.annotations.storage import JOURNAL_SUFFIX, SNAPSHOT_SUFFIX, ArticleFile, file_name
from tandem.annotations.validation import check_annotator

GITIGNORE = "*.lock\n.*.tmp\n"


def default_annotator() -> str:
    """Who is annotating: $TANDEM_ANNOTATOR, else `annotator` in the user's tandem config.toml, else the login."""
    name = os.environ.get("TANDEM_ANNOTATOR", "").strip()
    if name:
        return name
    config = Path(platformdirs.user_config_dir("tandem")) / "config.toml"
    try:
        with open(config, "rb") as f:
            value = tomllib.load(f).get("annotator", "")
    except FileNotFoundError:
        value = ""
    except (OSError, tomllib.TOMLDecodeError, UnicodeDecodeError) as e:
        raise StoreError(f"cannot read config: {e}", config) from e
    if not isinstance(value, str):
        raise StoreError(f'annotator must be text, e.g. annotator = "kim" (not {type(value).__name__})', config)
    name = value.strip()
    return name or getpass.getuser()



class Store:
    """A directory of annotations; cheap to open whatever its size (nothing is read until asked for)."""

    def __init__(self, root: Path, schema: Schema | None = None) -> None:
        self.root = Path(root)
        self.schema = schema
        try:
            self.root.mkdir(parents=True, exist_ok=True)
            gitignore = self.root / ".gitignore"
            if not gitignore.exists():
                gitignore.write_text(GITIGNORE)
        except OSError as e:
            raise StoreError(f"cannot create the store: {e.strerror}", self.root) from e

    def _directory(self, annotator: str) -> Path:
        try:
            return self.root / file_name(check_annotator(annotator))
        except ValueError as e:
            raise StoreError(str(e), self.root) from e

    def _file(self, annotator: str, article_id: str) -> ArticleFile:
        directory = self._directory(annotator)
        try:
            directory.mkdir(exist_ok=True)
        except FileExistsError as e:
            raise StoreError("is not a folder (it should hold this annotator's files)", directory) from e
        except OSError as e:
            raise StoreError(f"cannot create the annotator's folder: {e.strerror}", directory) from e
        return ArticleFile(directory, article_id)

    def annotators(self) -> list[str]:
        """Everyone with a directory in the store, sorted."""
        names = []
        for entry in self.root.iterdir():
            if entry.name.startswith("."):
                continue
            if entry.is_dir():
                names.append(unquote(entry.name))
            else:
                warnings.warn(StoreWarning(f"{entry}: not a folder, where each annotator has one; left out"),
                              stacklevel=2)
        return sorted(names)

    def article_ids(self, annotator: str) -> list[str]:
        """Articles `annotator` has files for, sorted."""
        directory = self._directory(annotator)
        if not directory.is_dir():
            return []
        names = {p.name.removesuffix(SNAPSHOT_SUFFIX) for p in directory.glob(f"*{SNAPSHOT_SUFFIX}")}
        names |= {p.name.removesuffix(JOURNAL_SUFFIX) for p in directory.glob(f"*{JOURNAL_SUFFIX}")}
        return sorted(unquote(n) for n in names)

    def read(self, annotator: str, article_id: str) -> ArticleState:
        """One annotator's current annotations on one article (empty when there are none); writes nothing."""
        file = ArticleFile(self._directory(annotator), article_id)
        if not (file.snapshot.exists() or file.journal.path.exists()):
            return ArticleState()
        return file.read()

    def iter_article(self, article_id: str) -> Iterator[tuple[str, ArticleState]]:
        """(annotator, state) for every annotator with something on `article_id`; one file pair in memory at once."""
        for annotator in self.annotators():
            state = self.read(annotator, article_id)
            if not state.is_empty():
                yield annotator, state

    def merge(self, annotator: str, article_id: str, ops: list[Op]) -> None:
        """Apply `ops` straight into a new snapshot in one atomic write (bulk loading; not undoable)."""
        self._file(annotator, article_id).compact(ops, force=True)

    def session(self, doc: DocumentText, annotator: str) -> ArticleAnnotations:
        """Open `doc` for `annotator`: folds the journal, re-anchors spans if the text changed, reports orphans."""
        return ArticleAnnotations(self._file(annotator, doc.id), doc, annotator, self.schema)

