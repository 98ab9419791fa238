"""The one bridge between the reading side and the annotation core: a workspace's articles as the core sees them.

A workspace is a folder of articles, its annotation store (`.tandem/` inside it, so a team can share it through
git; `--store` moves it), its label schema (`tandem-schema.toml` beside the articles overrides the default) and
who is annotating. Everything that turns an article into the core's `DocumentText`, its aligned segments or an
annotation session lives here, so the commands and the app call the same functions.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

from tandem.annotations.model import DocumentText
from tandem.annotations.schema import Schema, load_schema
from tandem.annotations.session import ArticleAnnotations
from tandem.annotations.store import Store, default_annotator
from tandem.annotations.validation import check_annotator
from tandem.reader.errors import InputError
from tandem.reader.text.article import LANGS, Article
from tandem.reader.text.library import Library, load_article

if TYPE_CHECKING:  # the export formats cost a noticeable import: only exporting pays for them
    from tandem.annotations.export import ExportFilter, ExportOptions, ExportReport, Segment, SourceDocument
    from tandem.annotations.suggest.background import FindingsAhead
    from tandem.annotations.suggest.context import ArticleContext, ModelCache, TeamNames
    from tandem.annotations.suggest.lexicon import Lexicon
    from tandem.annotations.suggest.proposal import Suggestion
    from tandem.reader.text.library import ArticleSource

STORE_FOLDER = ".tandem"
SCHEMA_FILE = "tandem-schema.toml"
LEXICON_FILE = "tandem-lexicon.toml"
TEXTS_CACHED = 8  # articles kept parsed for commands that look texts up by id (agreement, review, load)


@dataclass
class Workspace:
    """Everything a command needs about one folder of articles."""

    root: Path
    library: Library
    store: Store
    schema: Schema
    annotator: str
    text_of: Callable[[str], DocumentText | None] = field(init=False, repr=False)
    """`article id -> DocumentText`, or None when the article is not there or unreadable (a few kept parsed)."""

    def __post_init__(self) -> None:
        self.text_of = lru_cache(maxsize=TEXTS_CACHED)(self._text_of)

    def _text_of(self, article_id: str) -> DocumentText | None:
        try:
            return document(self.library.article(article_id))
        except InputError:
            return None

    def documents(self) -> Mapping[str, DocumentText]:
        """The workspace's articles by id, each parsed only when asked for (memory stays flat)."""
        return _Documents(self)

    def export_sources(self, unreadable: list[str]) -> Iterator[SourceDocument]:
        """Every readable article in id order, parsed one at a time, with its segments; unreadable ones listed."""
        from tandem.annotations.export import SourceDocument

        for source in self.library.sources:
            try:
                article = load_article(source)
            except InputError as e:
                unreadable.append(str(e))
                continue
            yield SourceDocument(document(article), lambda granularity, a=article: segments(a, granularity))

    def open_session(self, article: Article) -> ArticleAnnotations:
        """Open the annotator's session on an article (raises AnnotationError for a broken store file)."""
        return self.store.session(document(article), self.annotator)


class _Documents(Mapping[str, DocumentText]):
    """A workspace's articles by id as a mapping, for the core's loader."""

    def __init__(self, workspace: Workspace) -> None:
        self.workspace = workspace
        self.ids = [s.id for s in workspace.library.sources]

    def __getitem__(self, article_id: str) -> DocumentText:
        doc = self.workspace.text_of(article_id)
        if doc is None:
            raise KeyError(article_id)
        return doc

    def __iter__(self) -> Iterator[str]:
        return iter(self.ids)

    def __len__(self) -> int:
        return len(self.ids)


def open_workspace(root: Path, store_dir: Path | None = None, annotator: str | None = None) -> Workspace:
    """Open the folder `root`: list its articles, open (or create) its store, load its schema."""
    library = Library(root)
    override = root / SCHEMA_FILE
    schema = load_schema(override if override.is_file() else None)
    store = Store(store_dir or root / STORE_FOLDER, schema)
    who = annotator or default_annotator()
    try:
        check_annotator(who)
    except ValueError as e:
        raise InputError(f"{e} (from --annotator, $TANDEM_ANNOTATOR or config.toml)") from e
    return Workspace(root, library, store, schema, who)


def document(article: Article) -> DocumentText:
    """The annotation core's view of an article: its id, metadata and the full text of each side."""
    return DocumentText(
        id=article.id,
        meta=article.metadata(),
        sides={lang: article.side_text(lang) for lang in article.languages},
    )


def _range(article: Article, lang: str, pieces: list[tuple[int, int, int]]) -> tuple[int, int] | None:
    """The side-text range from the first to the last (paragraph, start, end) piece, or None when empty."""
    if not pieces:
        return None
    (p0, s0, _), (p1, _, e1) = pieces[0], pieces[-1]
    return article.paragraph_start(lang, p0) + s0, article.paragraph_start(lang, p1) + e1


def segments(article: Article, granularity: str) -> list[Segment]:
    """The article's aligned segments in side-text offsets: its titles, then paragraph or sentence beads."""
    from tandem.annotations.export import Segment

    result = []
    titles = {lang: article.title[lang] if lang in article.languages else None for lang in LANGS}
    if any(titles.values()):
        ko, en = (((0, len(t)) if t else None) for t in (titles["ko"], titles["en"]))
        result.append(Segment(ko, en, "title"))
    if granularity == "sentence":
        for bead in article.sentence_alignment:
            ko = _range(article, "ko", [(s.paragraph, s.start, s.end) for s in bead.ko])
            en = _range(article, "en", [(s.paragraph, s.start, s.end) for s in bead.en])
            result.append(Segment(ko, en, "sentence"))
    else:
        paragraphs = article.paragraphs
        for bead in article.alignment:
            ko = _range(article, "ko", [(i, 0, len(paragraphs["ko"][i])) for i in bead.ko])
            en = _range(article, "en", [(i, 0, len(paragraphs["en"][i])) for i in bead.en])
            result.append(Segment(ko, en, "paragraph"))
    return result


def sentences(article: Article) -> dict[str, list[tuple[int, int]]]:
    """Each side's sentences as (start, end) in side-text offsets (the title is a sentence of its own)."""
    found: dict[str, list[tuple[int, int]]] = {}
    for lang in article.languages:
        spans = [(0, len(article.title[lang]))] if article.title[lang] else []
        for index, paragraph in enumerate(article.sentence_spans(lang)):
            start = article.paragraph_start(lang, index)
            spans += [(start + s, start + e) for s, e in paragraph]
        found[lang] = spans
    return found


def suggestion_context(workspace: Workspace, article: Article, session: ArticleAnnotations | None, team: TeamNames,
                       cache: ModelCache | None = None, memo: dict[Any, Any] | None = None) -> ArticleContext:
    """What the suggestion sources need about one article: its text, sentences and aligned sentence pairs, and
    the annotator's spans, relations and decisions as they are now (from the open `session`, else read from the
    store without writing); a `tandem-lexicon.toml` beside the articles extends the counterpart lexicon (same
    format as annotations/suggest/lexicon.toml)."""
    from tandem.annotations.anchoring import place_records
    from tandem.annotations.model import Relation
    from tandem.annotations.suggest.context import ArticleContext, ModelCache

    doc = session.doc if session is not None else document(article)
    if session is not None:
        spans, relations, state = session.spans(), session.relations(), session.state()
    else:
        state = workspace.store.read(workspace.annotator, article.id)
        placement = place_records(state.spans.values(), doc)
        spans = sorted(placement.kept + placement.moved, key=lambda s: (s.side, s.start, s.end, s.id))
        relations = [Relation.from_dict(r) for r in state.relations.values()]
    lexicon = workspace_lexicon(workspace)
    memo = {} if memo is None else memo
    key = ("sentences", article.id, *doc.sides.values())  # a memo kept across refreshes splits a text once
    if key not in memo:
        memo[key] = sentences(article), [(s.side("ko"), s.side("en")) for s in segments(article, "sentence")]
    found, pairs = memo[key]
    return ArticleContext.of_state(doc, workspace.annotator, spans, relations, state, sentences=found,
                                   sentence_pairs=pairs, team=team, schema=workspace.schema, lexicon=lexicon,
                                   cache=cache or ModelCache.of_store(workspace.store), memo=memo)  # fmt: skip


def workspace_lexicon(workspace: Workspace) -> Lexicon | None:
    """The counterpart lexicon with the workspace's own `tandem-lexicon.toml`, or None when it has none."""
    own = workspace.root / LEXICON_FILE
    return _lexicon(own, own.stat().st_mtime_ns) if own.is_file() else None


@lru_cache(maxsize=4)
def _lexicon(path: Path, _mtime: int) -> Lexicon:
    """The shipped lexicon extended by a workspace's own file, read again only when the file changes."""
    from tandem.annotations.suggest.lexicon import Lexicon

    return Lexicon.shipped().merged(Lexicon.load(path))


def pending_count(workspace: Workspace, article_id: str, team: TeamNames, cache: ModelCache) -> int | None:
    """How many suggestions are pending for the annotator on one article, from what costs no model: the team's
    names, imports, and what the models already found for this text (cached); None for an unreadable article."""
    from tandem.annotations.suggest.registry import SOURCES, suggestions

    try:
        article = workspace.library.article(article_id)
    except InputError:
        return None
    ctx = suggestion_context(workspace, article, None, team, cache)
    wanted = [name for name, source in SOURCES.items()
              if not source.NEEDS_MODELS or all(cache.has(source.cache_kind(side), text)
                                                for side, text in ctx.doc.sides.items())]  # fmt: skip
    return len(suggestions(ctx, wanted))


def findings_ahead(workspace: Workspace, wanted: Sequence[str]) -> FindingsAhead | None:
    """The models' processes for a batch of articles (`tandem suggest`), one article ahead, when a wanted source
    needs the models and they are installed: they read the next article while this process works on the last.
    This process then never loads the models, as in the reader (kiwi.forbid_loading), so the two suggest alike."""
    from tandem.annotations.suggest import kiwi
    from tandem.annotations.suggest.background import FindingsAhead
    from tandem.annotations.suggest.context import ModelCache
    from tandem.annotations.suggest.registry import SOURCES
    from tandem.annotations.suggest.sources import model

    if model.missing() or not any(SOURCES[name].NEEDS_MODELS for name in wanted):
        return None
    kiwi.forbid_loading()
    findings = [*(["names"] if "model" in wanted else []), *(["attribution"] if "attribution" in wanted else [])]
    return FindingsAhead(ModelCache.of_store(workspace.store), [*findings, "tokens"])


def suggest_articles(
    workspace: Workspace,
    chosen: Sequence[ArticleSource],
    wanted: Sequence[str],
    team: TeamNames,
    warn: Callable[[str], None],
    ahead: FindingsAhead | None = None,
) -> Iterator[tuple[Article, ArticleAnnotations, list[Suggestion]]]:
    """Each readable article's suggestions from the `wanted` sources, with its session open (to accept some);
    `warn` hears of each article skipped as unreadable. With `ahead`, the models' process reads each article while
    the one before is worked on here (`tandem suggest` passes one when a wanted source needs the models); where it
    fails, the sources that need the models are left out of that article, as in the reader, and `warn` says so."""
    from tandem.annotations.suggest.registry import SOURCES, suggestions

    def readable() -> Iterator[Article]:
        for source in chosen:
            try:
                article = load_article(source)
            except InputError as e:
                warn(f"skipped unreadable article: {e}")
                continue
            if ahead is not None:
                spans = {side: [list(s) for s in found] for side, found in sentences(article).items()}
                ahead.ask(document(article).sides, spans)
            yield article

    articles = readable()
    article = next(articles, None)
    while article is not None:
        following = next(articles, None)  # asked of the models before this one is worked on
        with workspace.open_session(article) as session:
            sources = list(wanted)
            if ahead is not None and not ahead.wait(session.doc.sides):
                sources = [name for name in wanted if not SOURCES[name].NEEDS_MODELS]
                warn(f"{article.id}: the models' process failed; suggestions from {', '.join(sources) or 'none'}")
            ctx = suggestion_context(workspace, article, session, team, ahead.cache if ahead else None)
            yield article, session, suggestions(ctx, sources)
        article = following


def export_workspace(
    workspace: Workspace,
    format: str,
    out: Path | BinaryIO,
    keep: ExportFilter,
    options: ExportOptions,
    progress: Callable[[int], None] | None = None,
) -> tuple[ExportReport, list[str]]:
    """Export a workspace (the command and the app's dialog both call this): the report and the unreadable
    articles skipped."""
    from tandem.annotations.export import run_export

    unreadable: list[str] = []
    report = run_export(format, workspace.export_sources(unreadable), workspace.store, out, keep, options, progress)
    return report, unreadable
