"""Errors the annotation core raises for things a user can see and fix.

The CLI prints them as one line; each names the file involved so the user knows what to inspect. The store never
"repairs" a file it cannot read: it raises and leaves the bytes alone.
"""

from pathlib import Path


class AnnotationError(Exception):
    """Base class: a one-line message, plus the file concerned when there is one."""

    def __init__(self, message: str, path: Path | None = None) -> None:
        self.path = path
        super().__init__(f"{path}: {message}" if path is not None else message)


class StoreError(AnnotationError):
    """A store file is unreadable, inconsistent or cannot be written; the file is left as it was."""


class SchemaError(AnnotationError):
    """The label schema (TOML) is malformed or contradicts itself."""


class ExportError(AnnotationError):
    """An export cannot run as asked (unknown format, missing optional library, bad option); nothing is written."""


class StoreWarning(UserWarning):
    """Something in the store a user should know about that lost nothing, e.g. a journal set aside; the CLI prints
    it as one line."""
