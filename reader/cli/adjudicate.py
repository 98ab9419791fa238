"""`tandem adjudicate WORKSPACE --agreed`: put into `gold` what every annotator of an article agrees on, so the review
screen is left with the disagreements only.

A thin shell over `annotations.agree.adjudication.merge_all_agreed`, which holds the rules (what counts as agreed,
and that gold's own decisions are never changed).
"""

from __future__ import annotations

import sys
from pathlib import Path

import click
import orjson

from tandem.annotations.agree.adjudication import Merged, merge_all_agreed
from tandem.annotations.model import GOLD
from tandem.reader.cli.options import store_options
from tandem.reader.errors import InputError
from tandem.reader.workspace import open_workspace


def _count(n: int, what: str) -> str:
    return f"{n} {what}{'' if n == 1 else 's'}"


def _merged(m: Merged) -> str:
    return f"{_count(m.spans, 'span')}, {_count(m.links, 'link')}, {_count(m.attrs, 'attribute')}"


@click.command("adjudicate")
@click.argument("workspace", type=click.Path(path_type=Path))
@click.option("--agreed", is_flag=True, help=f"Merge what all annotators of an article agree on into {GOLD!r}.")
@click.option("--json", "as_json", is_flag=True, help="Print the counts per article as one JSON object.")
@store_options
def adjudicate_cmd(workspace: Path, agreed: bool, as_json: bool, store_dir: Path | None,
                   annotator: str | None) -> None:
    """Merge into gold every span, link and attribute all annotators of an article agree on (never changing what
    gold already has); the disagreements left are decided in the review screen (R in the library)."""
    if not agreed:
        raise InputError("adjudicate: say --agreed (disagreements are decided in the review: R in the library)")
    ws = open_workspace(workspace, store_dir, annotator)
    merged, missing = merge_all_agreed(ws.store, ws.text_of)
    for article_id in missing:
        click.echo(f"tandem: warning: {article_id}: annotated but not in the workspace; left out", err=True)
    total = Merged()
    for counts in merged.values():
        total.add(counts)
    if as_json:
        data = {"articles": {a: vars(m) for a, m in merged.items()}, "total": vars(total), "skipped": missing}
        sys.stdout.buffer.write(orjson.dumps(data, option=orjson.OPT_INDENT_2) + b"\n")
        sys.stdout.buffer.flush()
        return
    for article_id, counts in merged.items():
        if counts.total or counts.left:
            click.echo(f"{article_id}: merged {_merged(counts)}; {_count(counts.left, 'disagreement')} left")
    click.echo(f"merged {_merged(total)} into {GOLD} over {_count(len(merged), 'annotated article')}; "
               f"{_count(total.left, 'disagreement')} left for the review (R in the library)")
