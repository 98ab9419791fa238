"""A workspace: a folder of article files, their stable ids, and a cache of their summaries.

An article's id is its path relative to the workspace, without `.txt` and without a `.ko`/`.en` language suffix
(`X.ko.txt` + `X.en.txt` are one article, `X`), in NFC with `/` separators: the same on every machine that has
the same folder, and unchanged when the article's text is re-imported, so annotations stay attached to it.

Listing 10,000 articles must not mean parsing 10,000 articles every time: summaries are cached per file
(size + mtime), in the user's cache directory (the workspace may be read-only or shared through git), and the
cache is dropped whenever the parser's own source changes.
"""

from __future__ import annotations

import gc
import hashlib
import os
import unicodedata
import warnings
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import orjson
import platformdirs

from tandem.reader.errors import InputError, attempt
from tandem.reader.printable import printable
from tandem.reader.text import clutter, dates, decoding, language, parsing
from tandem.reader.text.article import LANGS, Article
from tandem.reader.text.decoding import DecodedText, decode_bytes, read_file
from tandem.reader.text.parsing import combine_pair, parse_batch

ARTICLE_SUFFIX = ".txt"
_LANG_SUFFIXES = (".ko", ".en")


SAMPLES_PACKAGE = "samples"  # the wheel's copy of the repository's articles/, inside the reader package (setup.py)


def bundled_samples() -> Path:
    """The sample articles: the checkout's `articles/` when running from one, else the copy inside the installed
    package (a wheel has no repository around it)."""
    package = Path(__file__).resolve().parents[1]
    checkout = package.parent / "articles"
    return checkout if checkout.is_dir() else package / SAMPLES_PACKAGE


def default_workspace(cwd: Path | None = None) -> Path:
    """`./articles` when the current folder has one, else the bundled samples."""
    local = (cwd or Path.cwd()) / "articles"
    return local if local.is_dir() else bundled_samples()


@dataclass(frozen=True)
class ArticleSource:
    """The file or files one article is read from."""

    id: str
    paths: tuple[Path, ...]
    relative: tuple[str, ...] = ()
    """The paths relative to the workspace, `/`-separated (as listings show them)."""


@dataclass
class Summary:
    """What a library listing shows of an article, cheap to cache."""

    id: str
    title: dict[str, str | None] = field(default_factory=lambda: {"ko": None, "en": None})
    published: str | None = None
    publisher: str | None = None
    languages: list[str] = field(default_factory=list)
    paragraphs: dict[str, int] = field(default_factory=lambda: {"ko": 0, "en": 0})
    paths: list[str] = field(default_factory=list)
    error: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """The cached (and `--json`) form, fields in order (a shallow copy: `dataclasses.asdict` copies deeply)."""
        return {name: getattr(self, name) for name in _SUMMARY_FIELDS}

    @classmethod
    def of(cls, article: Article, paths: list[str]) -> Summary:
        return cls(
            id=article.id,
            title=dict(article.title),
            published=article.published,
            publisher=article.publisher,
            languages=list(article.languages),
            paragraphs={lang: len(article.paragraphs[lang]) for lang in LANGS},
            paths=paths,
        )


_SUMMARY_FIELDS = tuple(Summary.__dataclass_fields__)


def article_id(relative: Path | str) -> str:
    """Stable id from a path relative to the workspace (a Path, or a `/`-separated string)."""
    name = relative.as_posix() if isinstance(relative, Path) else relative
    name = name.removesuffix(ARTICLE_SUFFIX)
    for suffix in _LANG_SUFFIXES:
        name = name.removesuffix(suffix)
    return unicodedata.normalize("NFC", name)


def readable_name(name: str) -> str:
    """A file name as printable text, for ids and listings (the path itself stays as the system gave it). A name
    that is not UTF-8 (the system hands its bytes over as lone surrogates) is most often CP949, from a zip archive
    made on Korean Windows; else its undecodable bytes are shown as `\\xff`."""
    if any("\udc80" <= c <= "\udcff" for c in name):
        raw = name.encode("utf-8", "surrogateescape")
        try:
            name = raw.decode("cp949")
        except UnicodeDecodeError:
            name = raw.decode("utf-8", "backslashreplace")
    return printable(name)


def discover(workspace: Path) -> list[ArticleSource]:
    """Every article of a folder (recursively, hidden folders skipped), sorted by id."""
    if not workspace.exists():
        raise InputError(f"{workspace}: no such folder")
    if not workspace.is_dir():
        raise InputError(f"{workspace}: not a folder")
    grouped: dict[str, list[tuple[Path, str]]] = {}
    for path, relative in _article_files(workspace):
        grouped.setdefault(article_id(relative), []).append((path, relative))
    sources = []
    for key in sorted(grouped):
        paths, relative = zip(*sorted(grouped[key]), strict=True)
        sources.append(ArticleSource(key, paths, relative))
    return sources


def source_for_file(path: Path) -> tuple[Path, ArticleSource]:
    """The workspace (its folder) and the article a single file belongs to, with its language twin if any."""
    if not (path.exists() or path.is_symlink()):  # a link that loops or leads nowhere: reading it says which
        raise InputError(f"{path}: no such file")
    if path.is_dir():
        raise InputError(f"{path}: is a directory, expected an article file")
    workspace = path.parent
    key = article_id(path.relative_to(workspace))
    twins = {p for p, relative in _article_files(workspace, recursive=False) if article_id(relative) == key}
    paths = tuple(sorted(twins | {path}))
    return workspace, ArticleSource(key, paths, tuple(p.name for p in paths))


def load_article(source: ArticleSource) -> Article:
    """Read and parse the file(s) of one article."""
    _, article, _ = next(load_articles([source]))
    if isinstance(article, InputError):
        raise article
    return article


Stamp = list[Any]
"""A file's name, size and modification time (ns): what the summary cache compares to know a file unchanged."""

Loaded = tuple[ArticleSource, Article | InputError, list[Stamp]]
"""An article's source, the article or the error that stopped it, and its files' stamps as they were read."""

FileRead = tuple[bytes, os.stat_result] | InputError
"""A file's bytes and stat, or why it could not be read."""

BATCH = 64
BATCH_BYTES = 8 << 20
"""A batch (`load_articles`) ends at this many articles or once this many bytes are read: ~1 MB of news at once,
whose bytes, texts and lines stay in the processor's cache while each step works through them, and never hundreds
of large files."""


def load_articles(sources: Iterable[ArticleSource]) -> Iterator[Loaded]:
    """Each article of `sources`, loaded a batch at a time and a step at a time: every file of a batch is read, then
    every text decoded, then every article parsed, so that system calls, codecs, the regex engine and the
    interpreter each work through a batch instead of taking turns for every file.

    Results and errors are the same as one by one (a test compares them): an article's error is its first file's
    first failing step."""
    batch: list[tuple[ArticleSource, list[FileRead]]] = []
    size = 0
    for source in sources:
        read = [attempt(read_file, path) for path in source.paths]
        batch.append((source, read))
        size += sum(len(r[0]) for r in read if isinstance(r, tuple))
        if len(batch) == BATCH or size >= BATCH_BYTES:
            yield from _decode_and_parse(batch)
            batch, size = [], 0
    if batch:
        yield from _decode_and_parse(batch)


def _decode_and_parse(batch: list[tuple[ArticleSource, list[FileRead]]]) -> Iterator[Loaded]:
    """The rest of `load_articles` for a batch whose files are read: decode them all, then parse them all."""
    files = [(source, path, r) for source, read in batch for path, r in zip(source.paths, read, strict=True)]
    decoded = [attempt(decode_bytes, r[0], str(path)) if isinstance(r, tuple) else r for _, path, r in files]
    texts = [(d, source.id, path) for d, (source, path, _) in zip(decoded, files, strict=True)
             if isinstance(d, DecodedText)]
    articles = iter(parse_batch(texts))
    parsed = [next(articles) if isinstance(d, DecodedText) else d for d in decoded]
    start = 0
    for source, read in batch:
        end = start + len(read)
        stamps = [[readable_name(path.name), r[1].st_size, r[1].st_mtime_ns] if isinstance(r, tuple) else _stamp(path)
                  for r, path in zip(read, source.paths, strict=True)]
        yield source, attempt(_one_article, source, parsed[start:end]), stamps
        start = end


def _one_article(source: ArticleSource, parsed: list[Article | InputError]) -> Article:
    for article in parsed:
        if isinstance(article, InputError):
            raise article
    if len(parsed) == 1:
        return parsed[0]
    if len(parsed) == 2:
        return combine_pair(parsed[0], parsed[1], source.id)
    names = ", ".join(str(p) for p in source.paths)
    raise InputError(f"{names}: more than two files for article {source.id!r}")


def _article_files(folder: Path, recursive: bool = True, prefix: str = "") -> Iterator[tuple[Path, str]]:
    """(path, path relative to the top folder with `/`) of every article file, hidden files and folders skipped.

    Links to folders are not followed (one could lead out of the workspace, or around it forever); a link to a
    file is listed, and reading it says what is wrong if it leads nowhere. A folder that cannot be read is left
    out, as one warning."""
    child = _child_path_maker(folder)
    try:
        entries = sorted(os.scandir(folder), key=lambda entry: entry.name)
    except OSError as e:
        if not prefix:
            raise InputError(f"{folder}: cannot read the folder ({e.strerror or e})") from None
        warnings.warn(f"{printable(str(folder))}: folder left out ({e.strerror or e})", stacklevel=2)
        return
    for entry in entries:
        name = entry.name
        if name.startswith("."):
            continue
        if entry.is_dir(follow_symlinks=False):
            if recursive:
                yield from _article_files(Path(entry.path), True, f"{prefix}{readable_name(name)}/")
        elif name.endswith(ARTICLE_SUFFIX) and not _is_folder_link(entry):
            yield child(name), prefix + readable_name(name)


def _is_folder_link(entry: os.DirEntry[str]) -> bool:
    """A link to a folder (not followed); a broken or looping link is not one, and is listed to be reported."""
    try:
        return entry.is_symlink() and entry.is_dir()
    except OSError:
        return False


def _child_path_maker(folder: Path) -> Callable[[str], Path]:
    """What makes `folder / name` for a name read from the folder itself (one part, no separator).

    Discovery makes a Path per file, also for a cached listing, and `folder / name` parses the name and joins the
    parts again for each. Python 3.11's pathlib builds its own directory walks (iterdir, glob) with
    `_make_child_relpath`, which skips both and gives an equal Path. Where that private method is missing, the
    plain join."""
    make = getattr(folder, "_make_child_relpath", None)
    return make if make is not None else folder.joinpath


def _parser_version() -> str:
    """Changes whenever any module that shapes a parse changes, so stale summaries are never shown."""
    digest = hashlib.sha256()
    for module in (clutter, dates, decoding, language, parsing):
        digest.update(Path(module.__file__ or "").read_bytes())
    return digest.hexdigest()[:16]


class Library:
    """The articles of one workspace, listed fast through a summary cache."""

    def __init__(self, workspace: Path, cache_dir: Path | None = None) -> None:
        self.workspace = workspace
        self.sources = discover(workspace)
        self._by_id = {s.id: s for s in self.sources}
        root = cache_dir or Path(os.environ.get("TANDEM_CACHE_DIR") or platformdirs.user_cache_dir("tandem"))
        key = hashlib.sha256(str(workspace.resolve()).encode()).hexdigest()[:16]
        self.cache_path = root / "library" / f"{key}.json"

    def source(self, article_id: str) -> ArticleSource:
        try:
            return self._by_id[article_id]
        except KeyError:
            raise InputError(f"{self.workspace}: no article {article_id!r}") from None

    def article(self, article_id: str) -> Article:
        return load_article(self.source(article_id))

    def articles(self) -> Iterator[Article]:
        """Every readable article, in id order (unreadable ones are skipped: `summaries` reports them)."""
        for _, article, _ in load_articles(self.sources):
            if isinstance(article, Article):
                yield article

    def summaries(self) -> list[Summary]:
        """One summary per article, from the cache where the files have not changed."""
        version = _parser_version()
        cached = self._read_cache(version)
        fresh: dict[str, Any] = {}
        by_id: dict[str, Summary] = {}
        with _collector_paused():
            changed = []
            for source in self.sources:
                entry = cached.get(source.id)
                if entry and entry["stamp"] == [_stamp(p) for p in source.paths]:
                    fresh[source.id] = entry
                    by_id[source.id] = Summary(**entry["summary"])
                else:
                    changed.append(source)
            for source, article, stamps in load_articles(changed):
                paths = list(source.relative)
                summary = (Summary(id=source.id, paths=paths, error=printable(str(article)))
                           if isinstance(article, InputError) else Summary.of(article, paths))
                by_id[source.id] = summary
                fresh[source.id] = {"stamp": stamps, "summary": summary.to_dict()}
        if fresh != cached:
            self._write_cache(version, fresh)
        return [by_id[source.id] for source in self.sources]

    def _read_cache(self, version: str) -> dict[str, Any]:
        try:
            data = orjson.loads(self.cache_path.read_bytes())
        except (OSError, orjson.JSONDecodeError):
            return {}
        return data.get("entries", {}) if data.get("version") == version else {}

    def _write_cache(self, version: str, entries: dict[str, Any]) -> None:
        """Best effort: a cache that cannot be written only costs speed next time."""
        try:
            self.cache_path.parent.mkdir(parents=True, exist_ok=True)
            tmp = self.cache_path.with_name(f".{self.cache_path.name}.{os.getpid()}.tmp")
            tmp.write_bytes(orjson.dumps({"version": version, "entries": entries}))
            os.replace(tmp, self.cache_path)
        except OSError:
            pass


@contextmanager
def _collector_paused() -> Iterator[None]:
    """A listing makes millions of short-lived objects and no reference cycles: the cyclic collector would only
    walk the growing list of summaries again and again. Reference counting still frees everything at once; the
    collector is back on afterwards, as it was."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _stamp(path: Path) -> Stamp:
    """The stamp of a file as it is now (without size and time if it cannot be stat'ed: it will not match)."""
    try:
        info = path.stat()
    except OSError:
        return [readable_name(path.name), None, None]
    return [readable_name(path.name), info.st_size, info.st_mtime_ns]
