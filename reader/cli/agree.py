"""`tandem agree WORKSPACE`: inter-annotator agreement as Rich tables, or the same numbers as JSON.

The figures come from `annotations.agree`; this module only finds the texts and draws. Colours follow
Krippendorff's rule of thumb: from .800 reliable (green), from .667 tentative (yellow), below that red.
"""

from __future__ import annotations

import io
import os
import sys
from pathlib import Path

import click
import orjson
from rich import box
from rich.console import Console, Group, RenderableType
from rich.measure import Measurement
from rich.table import Table
from rich.text import Text

from tandem.annotations.agree import OUTSIDE, AgreementReport, Counts, LayerAgreement, agreement_report, hand_made
from tandem.annotations.model import GOLD
from tandem.reader.cli.options import store_options
from tandem.reader.errors import InputError
from tandem.reader.printable import printable
from tandem.reader.workspace import open_workspace

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
UNBOUNDED = 1000
"""The width of piped output (unless $COLUMNS says otherwise): every table whole, on one line per row."""

Row = list[Text | str] | None  # None: a rule between sections of a table


def _shown(text: Text | str) -> Text:
    """A cell as it is: text from the store (a label, an annotator, an article id) is never read as Rich markup,
    and its control characters are escaped."""
    return text if isinstance(text, Text) else Text(printable(text))


def _build(columns: list[str], rows: list[Row], chosen: list[int], left: int) -> Table:
    table = Table(box=box.SIMPLE_HEAD, pad_edge=False)
    for n in chosen:
        table.add_column(_shown(columns[n]), justify="left" if n < left else "right", no_wrap=True)
    for row in rows:
        if row is None:
            table.add_section()
        else:
            table.add_row(*(_shown(row[n]) for n in chosen))
    return table


def _table(title: str, note: str, columns: list[str], rows: list[Row], width: int, left: int = 1) -> Group:
    """A table under a bold title line and above a dim note, at its natural width: when that is wider than
    `width`, the figures go on in further tables (the first `left` columns repeated), never cut short."""
    measuring = Console(width=UNBOUNDED, file=io.StringIO())
    chunks: list[list[int]] = []
    for n in range(left, len(columns)):
        trial = [*chunks[-1], n] if chunks else [n]
        fits = Measurement.get(measuring, measuring.options, _build(columns, rows, [*range(left), *trial],
                                                                    left)).maximum <= width
        if chunks and fits:
            chunks[-1] = trial
        else:
            chunks.append([n])
    tables = [_build(columns, rows, [*range(left), *chunk], left) for chunk in chunks or [[]]]
    return Group(Text(title, style="bold"), *tables, Text(note, style="dim"))


def _pairs_table(layer: LayerAgreement, width: int) -> Group:
    rows: list[Row] = [[" × ".join(pair.annotators), str(pair.articles), str(pair.units), *_prf(pair.exact.total),
                        *_prf(pair.overlap.total), _score(pair.kappa), _score(pair.alpha)] for pair in layer.pairs]
    overall = layer.overall
    rows += [None, [Text("all", style="bold"), str(overall.articles), str(overall.units), *_prf(overall.exact.total),
                    *_prf(overall.overlap.total), _score(overall.mean_kappa), _score(overall.alpha)]]
    return _table(
        "Agreement by pair", "ex: exact match, ov: overlap match; P, R: the second annotator read against the "
        "first; all: span counts summed over pairs, κ the mean of pairs, α over all annotators at once",
        ["Pair", "Articles", "Units", *_PRF, "κ", "α"], rows, width)


def _labels_table(layer: LayerAgreement, width: int) -> Group:
    exact, overlap = layer.overall.exact.labels, layer.overall.overlap.labels
    rows: list[Row] = [[label, str(exact[label].first + exact[label].second), *_prf(exact[label]),
                        *_prf(overlap[label])] for label in sorted(exact)]
    return _table("Per label", "all pairs; spans: both annotators' spans, summed over pairs",
                  ["Label", "Spans", *_PRF], rows, width)


def _confusion_table(layer: LayerAgreement, width: int) -> Group:
    cells = layer.overall.confusion
    labels = [*sorted({label for pair in cells for label in pair} - {OUTSIDE}), OUTSIDE]
    rows: list[Row] = []
    for row in labels:
        values: list[Text | str] = [Text(printable(row), style="bold")]
        for column in labels:
            n = cells.get((row, column), 0)
            style = "dim" if not n else "green" if row == column else "red"
            values.append(Text(str(n) if n else "·", style=style))
        rows.append(values)
    return _table("Labels of overlapping spans", f"all pairs, both ways; {OUTSIDE}: no overlapping span",
                  ["", *labels], rows, width)


def _lowest_table(layer: LayerAgreement, width: int) -> Group:
    rows: list[Row] = [[article.article, ", ".join(article.annotators), str(article.units),
                        str(article.disagreements), _score(article.alpha)] for article in layer.lowest]
    return _table("Lowest agreement", "articles with two or more annotators, lowest α first",
                  ["Article", "Annotators", "Units", "Disagreeing", "α"], rows, width, left=2)


def _links_table(report: AgreementReport, width: int) -> Group:
    total = report.links_overall()
    rows: list[Row] = []
    for kind in report.link_types:
        rows += [[" × ".join(pair.annotators), kind, str(pair.articles), *_prf(pair.of_type(kind)[0]),
                  *_prf(pair.of_type(kind)[1])] for pair in report.links]
        rows += [[Text("all", style="bold"), kind, "", *_prf(total.exact.get(kind, Counts())),
                  *_prf(total.matched.get(kind, Counts()))], None]
    return _table("Links by pair", "ex: same ends; m: ends matched as overlapping spans; a link's type, head, child "
                  "and cue must match; P, R: the second annotator read against the first",
                  ["Pair", "Link", "Articles", "ex P", "ex R", "ex F1", "m P", "m R", "m F1"], rows[:-1], width,
                  left=2)


def _attributes_table(report: AgreementReport, width: int) -> Group:
    rows: list[Row] = []
    for name, found in report.attributes.items():
        rows += [[" × ".join(pair.annotators), name, str(pair.counts.spans), _plain(pair.counts.observed),
                  _score(pair.counts.kappa)] for pair in found.pairs]
        rows += [[Text("all", style="bold"), name, str(found.overall.spans), _plain(found.overall.observed),
                  _score(found.mean_kappa)], None]
    return _table("Attributes by pair", "over the spans both annotators made (overlap match) whose label has the "
                  "attribute; same: share of equal values (unset counts as a value); κ of all: the mean of pairs",
                  ["Pair", "Attribute", "Spans", "Same", "κ"], rows[:-1], width, left=2)


def _heading(name: str) -> Text:
    return Text.assemble(("── ", "dim"), (printable(name), "bold"), (" ──", "dim"))


def render_report(report: AgreementReport, width: int) -> RenderableType:
    """The readable report, its tables fitted to `width`: for each layer, pairs, labels, confusion and the weakest
    articles; then links and attributes."""
    parts: list[RenderableType] = [
        Text.assemble(("Agreement", "bold"), f" between {printable(', '.join(report.annotators)) or 'nobody'}",
                      (f"  ({GOLD!r} excluded; {report.articles} annotated articles)", "dim"))
    ]
    if len(report.annotators) < 2:
        parts.append(Text("Agreement needs two or more annotators in the store.", style="yellow"))
    for name, layer in report.layers.items():
        parts.append(_heading(name))
        total = layer.overall.exact.total
        if not layer.pairs:
            parts.append(Text("No article was annotated by two annotators.", style="dim"))
            continue
        if not total.first + total.second:
            parts.append(Text("No spans in this layer.", style="dim"))
            continue
        parts += [_pairs_table(layer, width), _labels_table(layer, width), _confusion_table(layer, width),
                  _lowest_table(layer, width)]
    if report.links and report.link_types:
        parts += [_heading("links"), _links_table(report, width)]
    if any(found.pairs for found in report.attributes.values()):
        parts += [_heading("attributes"), _attributes_table(report, width)]
    parts.append(Text("Units: every non-whitespace character; where spans of a layer overlap, the shortest wins "
                      "(tie: earliest start, then label). Annotated: a span, a link or the status done. --json "
                      "lists all rules.", style="dim"))
    parts += [Text(f"skipped: {line}", style="yellow") for line in report.skipped]
    return Group(*parts)


def render_hand_made(report: AgreementReport, width: int) -> RenderableType:
    """Agreement again without accepted suggestions: pre-annotation makes annotators agree with the suggester."""
    parts: list[RenderableType] = [_heading("hand-made annotations only (accepted suggestions left out)")]
    for name, layer in report.layers.items():
        if layer.pairs:
            parts += [Text(name, style="bold"), _pairs_table(layer, width)]
    if report.links and report.link_types:
        parts.append(_links_table(report, width))
    return Group(*parts)


def output_width(console: Console) -> int:
    """The terminal's width; piped, $COLUMNS if set, else wide enough for every table whole."""
    if console.is_terminal or os.environ.get("COLUMNS", "").isdigit():
        return console.width
    return UNBOUNDED


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
        width = output_width(Console())
        console = Console(width=width)
        console.print(render_report(report, width))
        if hand.to_dict() != report.to_dict():
            console.print(render_hand_made(hand, width))
