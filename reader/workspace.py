"""A workspace as the commands and the app use it: its articles, its annotation store, its schema, who annotates.

The store lives inside the workspace (`.tandem/`) so a team can share it through git; `--store` moves it. A
workspace may override the label schema with `tandem-schema.toml` beside its articles.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from annotations.model import DocumentText
from annotations.schema import Schema, load_schema
from annotations.store import Store, default_annotator
from reader.text.article import Article
from reader.text.library import Library

STORE_FOLDER = ".tandem"
SCHEMA_FILE = "tandem-schema.toml"


@dataclass
class Workspace:
    """Everything a command needs about one folder of articles."""

    root: Path
    library: Library
    store: Store
    schema: Schema
    annotator: str


def open_workspace(root: Path, store_dir: Path | None = None, annotator: str | None = None) -> Workspace:
    """Open the folder `root`: list its articles, open (or create) its store, load its schema."""
    library = Library(root)
    override = root / SCHEMA_FILE
    schema = load_schema(override if override.is_file() else None)
    store = Store(store_dir or root / STORE_FOLDER, schema)
    return Workspace(root, library, store, schema, annotator or default_annotator())


def document(article: Article) -> DocumentText:
    """The annotation core's view of an article: its id, metadata and the full text of each side."""
    return DocumentText(
        id=article.id,
        meta=article.metadata(),
        sides={lang: article.side_text(lang) for lang in article.languages},
    )
