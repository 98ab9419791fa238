"""`tandem suggest`: the suggestions for an annotator, per article and source, as a summary or JSON lines;
`--accept` pre-annotates in bulk (as that annotator) for a person to correct.

The command is a thin shell: `reader.workspace.suggest_articles` builds what the sources see and
`annotations.suggest` does the rest, exactly as in the reader (the models run in a process of their own there
too, one article ahead).
"""

from __future__ import annotations

import sys
import time
from collections import Counter
from pathlib import Path

import click
import orjson

from tandem.annotations.suggest.context import TeamNames
from tandem.annotations.suggest.decisions import accept
from tandem.annotations.suggest.registry import SOURCES
from tandem.annotations.suggest.sources import model
from tandem.reader.cli.options import store_options
from tandem.reader.errors import InputError
from tandem.reader.workspace import findings_ahead, open_workspace, suggest_articles

PROGRESS_AFTER = 1.0  # seconds: a longer run reports its progress on stderr


@click.command("suggest")
@click.argument("workspace", type=click.Path(path_type=Path))
@click.option("--article", "articles", multiple=True, metavar="ID", help="Only this article (repeatable).")
@click.option("--source", "sources", multiple=True, metavar="NAME",
              help=f"Only this source (repeatable): {', '.join(SOURCES)}.")  # fmt: skip
@click.option("--json", "as_json", is_flag=True, help="One JSON object per suggestion per line.")
@click.option("--accept", "accept_them", is_flag=True, help="Accept them as the annotator (pre-annotation).")
@click.option("--min-score", type=click.FloatRange(0, 1), default=0.0, help="With --accept: only from this score.")
@store_options
def suggest_cmd(workspace: Path, articles: tuple[str, ...], sources: tuple[str, ...], as_json: bool,
                accept_them: bool, min_score: float, store_dir: Path | None, annotator: str | None) -> None:
    """Compute the suggestions for the annotator on WORKSPACE's articles (what they have not annotated or
    rejected) and print a summary per article and source."""
    unknown = sorted(set(sources) - set(SOURCES))
    if unknown:
        raise click.UsageError(f"unknown source {', '.join(unknown)}; sources: {', '.join(SOURCES)}")
    ws = open_workspace(workspace, store_dir, annotator)
    known = {s.id: s for s in ws.library.sources}
    missing = [a for a in articles if a not in known]
    if missing:
        raise InputError(f"{workspace}: no article {', '.join(missing)}")
    chosen = [known[a] for a in articles] if articles else ws.library.sources
    wanted = list(sources) or list(SOURCES)
    if "model" in wanted and model.missing() and not as_json:
        click.echo(f"tandem: note: model suggestions need {' and '.join(model.missing())}: {model.INSTALL_HINT}",
                   err=True)  # fmt: skip
    team = TeamNames.of_store(ws.store)
    ahead = findings_ahead(ws, wanted)
    started = time.monotonic()
    out = sys.stdout.buffer
    totals: Counter[str] = Counter()
    accepted = 0

    def warn(message: str) -> None:
        click.echo(f"tandem: warning: {message}", err=True)

    try:
        for n, (article, session, found) in enumerate(suggest_articles(ws, chosen, wanted, team, warn, ahead), 1):
            if accept_them:
                taken = [s for s in found if s.score >= min_score]
                if taken:
                    accept(session, taken)
                accepted += len(taken)
            if as_json:
                out.write(b"".join(orjson.dumps(s.to_json(article.id)) + b"\n" for s in found))
            else:
                by_source = Counter(s.source for s in found)
                totals.update(by_source)
                parts = ", ".join(f"{name} {by_source[name]}" for name in wanted if by_source[name])
                click.echo(f"{article.id}: {len(found)} suggestions" + (f" ({parts})" if parts else ""))
            if time.monotonic() - started > PROGRESS_AFTER:
                click.echo(f"suggest: {n}/{len(chosen)} articles", err=True)
    finally:
        if ahead is not None:
            ahead.stop()
    if not as_json:
        parts = ", ".join(f"{name} {totals[name]}" for name in wanted if totals[name])
        click.echo(f"{sum(totals.values())} suggestions in {len(chosen)} articles" + (f" ({parts})" if parts else ""))
    if accept_them:
        click.echo(f"accepted {accepted} suggestions as {ws.annotator}", err=as_json)
    out.flush()
