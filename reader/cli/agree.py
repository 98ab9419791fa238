"""`tandem agree WORKSPACE`: inter-annotator agreement as Rich tables, or the same numbers as JSON.

The figures come from `annotations.agree`; this module only finds the texts and draws. Colours follow
Krippendorff's rule of thumb: from .800 reliable (green), from .667 tentative (yellow), below that red.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click
import orjson
from rich import box
from rich.console import Console, Group, RenderableType
from rich.rule import Rule
from rich.table import Table
from rich.text import Text

from annotations.agree import OUTSIDE, AgreementReport, Counts, LayerAgreement, agreement_report, hand_made
from annotations.model import GOLD
from reader.cli.options import store_options
from reader.errors import InputError
from reader.printable import printable
from reader.workspace import open_workspace

RELIABLE, TENTATIVE = 0.800, 0.667


def _score(value: float | None) -> Text:
    if value is None:
        return Text("—", style="dim")
    style = "green" if value >= RELIABLE else "yellow" if value >= TENTATIVE else "red"
    return Text(f"{value:.3f}", style=style)


def _plain(value: float | None) -> Text:
    return Text("—", style="dim") if value is None else Text(f"{value:.3f}")


def _prf(counts: Counts) -> list[Text]:
    return [_plain(counts.precision), _plain(counts.recall), _score(counts.f1)]


_PRF = ("ex P", "ex R", "ex F1", "ov P", "ov R", "ov F1")


def _shown(text: str, style: str = "") -> Text:
    """Text from the store (a label, an annotator, an article id) as it is: never read as Rich markup, its control
    characters escaped."""
    return Text(printable(text), style=style)


def _table(title: str, note: str, columns: list[str], left: int = 1) -> tuple[Group, Table]:
    """A compact table under a bold title line and above a dim note (titles inside a table wrap to its width)."""
    table = Table(box=box.SIMPLE_HEAD, pad_edge=False)
    for n, name in enumerate(columns):
        table.add_column(_shown(name), justify="left" if n < left else "right", no_wrap=n < left)
    return Group(Text(title, style="bold"), table, Text(note, style="dim")), table


def _pairs_table(layer: LayerAgreement) -> Group:
    group, table = _table(
        "Agreement by pair", "ex: exact match, ov: overlap match; P, R: the second annotator read against the "
        "first; all: span counts summed over pairs, κ the mean of pairs, α over all annotators at once",
        ["Pair", "Articles", "Units", *_PRF, "κ", "α"])
    for pair in layer.pairs:
        table.add_row(_shown(" × ".join(pair.annotators)), str(pair.articles), str(pair.units), *_prf(pair.exact.total),
                      *_prf(pair.overlap.total), _score(pair.kappa), _score(pair.alpha))
    overall = layer.overall
    table.add_section()
    table.add_row(Text("all", style="bold"), str(overall.articles), str(overall.units), *_prf(overall.exact.total),
                  *_prf(overall.overlap.total), _score(overall.mean_kappa), _score(overall.alpha))
    return group


def _labels_table(layer: LayerAgreement) -> Group:
    group, table = _table("Per label", "all pairs; spans: both annotators' spans, summed over pairs",
                          ["Label", "Spans", *_PRF])
    exact, overlap = layer.overall.exact.labels, layer.overall.overlap.labels
    for label in sorted(exact):
        table.add_row(_shown(label), str(exact[label].first + exact[label].second), *_prf(exact[label]),
                      *_prf(overlap[label]))
    return group


def _confusion_table(layer: LayerAgreement) -> Group:
    cells = layer.overall.confusion
    labels = [*sorted({label for pair in cells for label in pair} - {OUTSIDE}), OUTSIDE]
    group, table = _table("Labels of overlapping spans",
                          f"all pairs, both ways; {OUTSIDE}: no overlapping span", ["", *labels])
    for row in labels:
        values = []
        for column in labels:
            n = cells.get((row, column), 0)
            style = "dim" if not n else "green" if row == column else "red"
            values.append(Text(str(n) if n else "·", style=style))
        table.add_row(_shown(row, "bold"), *values)
    return group


def _lowest_table(layer: LayerAgreement) -> Group:
    group, table = _table("Lowest agreement", "articles with two or more annotators, lowest α first",
                          ["Article", "Annotators", "Units", "Disagreeing", "α"], left=2)
    for article in layer.lowest:
        table.add_row(_shown(article.article), _shown(", ".join(article.annotators)), str(article.units),
                      str(article.disagreements), _score(article.alpha))
    return group


def render_report(report: AgreementReport) -> RenderableType:
    """The readable report: for each layer, pairs, labels, confusion and the weakest articles."""
    parts: list[RenderableType] = [
        Text.assemble(("Agreement", "bold"), f" between {printable(', '.join(report.annotators)) or 'nobody'}",
                      (f"  ({GOLD!r} excluded; {report.articles} annotated articles)", "dim"))
    ]
    if len(report.annotators) < 2:
        parts.append(Text("Agreement needs two or more annotators in the store.", style="yellow"))
    for name, layer in report.layers.items():
        parts.append(Rule(_shown(name, "bold"), align="left"))
        total = layer.overall.exact.total
        if not layer.pairs:
            parts.append(Text("No article was annotated by two annotators.", style="dim"))
            continue
        if not total.first + total.second:
            parts.append(Text("No spans in this layer.", style="dim"))
            continue
        parts += [_pairs_table(layer), _labels_table(layer), _confusion_table(layer), _lowest_table(layer)]
    parts.append(Text("Units: every non-whitespace character; where spans of a layer overlap, the shortest wins "
                      "(tie: earliest start, then label). Annotated: a span or a status. --json lists all rules.",
                      style="dim"))
    parts += [_shown(f"skipped: {line}", "yellow") for line in report.skipped]
    return Group(*parts)


def render_hand_made(report: AgreementReport) -> RenderableType:
    """Agreement again without accepted suggestions: pre-annotation makes annotators agree with the suggester."""
    parts: list[RenderableType] = [Rule("[bold]hand-made annotations only[/] (accepted suggestions left out)",
                                        align="left")]  # fmt: skip
    for name, layer in report.layers.items():
        if layer.pairs:
            parts += [_shown(name, "bold"), _pairs_table(layer)]
    return Group(*parts)


@click.command("agree")
@click.argument("workspace", type=click.Path(path_type=Path))
@click.option("--layer", "layers", multiple=True, metavar="LAYER",
              help="Only this layer (repeatable; default: every layer of the schema).")
@click.option("--json", "as_json", is_flag=True, help="Print the same numbers as one JSON object.")
@store_options
def agree(workspace: Path, layers: tuple[str, ...], as_json: bool, store_dir: Path | None,
          annotator: str | None) -> None:
    """Agreement between the annotators of WORKSPACE: span P/R/F1, Cohen's kappa, Krippendorff's alpha."""
    ws = open_workspace(workspace, store_dir, annotator)
    unknown = [name for name in layers if name not in ws.schema.layers]
    if unknown:
        raise InputError(f"no layer {', '.join(map(repr, unknown))} in the schema; "
                         f"layers: {', '.join(ws.schema.layers)}")
    report = agreement_report(ws.store, ws.text_of, list(layers) or None)
    hand = agreement_report(ws.store, ws.text_of, list(layers) or None, keep=hand_made)
    if as_json:
        data = report.to_dict() | {"hand_made": hand.to_dict()["layers"]}
        sys.stdout.buffer.write(orjson.dumps(data, option=orjson.OPT_INDENT_2) + b"\n")
        sys.stdout.buffer.flush()
    else:
        console = Console()
        console.print(render_report(report))
        if hand.to_dict() != report.to_dict():
            console.print(render_hand_made(hand))
