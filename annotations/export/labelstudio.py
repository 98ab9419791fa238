"""`labelstudio`: a Label Studio JSON task list, one task per article side, one annotation per annotator.

Each task: `data` ({text, article_id, side, title, ...}) and `annotations` (one per annotator with spans on that
side, in name order, listed in `data.annotators`; an annotator with none gets no empty annotation; `ground_truth`
is true for `gold`). `completed_by` is `{"email": ...}`, the one form of a name Label Studio's importer accepts
(it looks the email up among the organisation's members and rejects the whole import for any other string, see
`TaskSerializerBulk._insert_valid_completed_by_id_or_raise`): the annotator's name when it is an email address,
else `name@DOMAIN` with `--email-domain DOMAIN`; without either it is left out (Label Studio then credits the
importing user) and the report says so. Results follow the labeling config `labeling_config(schema)` gives,
written beside the export as `labeling_config.xml` (paste it into the project's Labeling Interface): `labels`
regions
{id, from_name "label", to_name "text", type "labels", value {start, end, text, labels}}, per-region `choices`
for attributes (same region id), `relation` results {from_id, to_id, direction "right", labels [type]}, and the
span's note and any cross-side link (counterpart) in the region's `meta.text`.

Offsets are code points. Label Studio's Text tag counts code points, not UTF-16 units, since the emoji fix
(label-studio PR #1559 / label-studio-frontend PR #308, closing #1347/#1008); its own end-to-end test asserts it
("🐱 Warning: This is a test text": "test" at 21-25, web/libs/editor/tests/integration/e2e/ner/emoji.cy.ts).
label-studio#4988 (open) is a display bug with multi-code-point emoji; exported offsets there are correct.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, BinaryIO
from xml.sax.saxutils import quoteattr

import orjson

from tandem.annotations.export.base import ExportOptions, ExportReport
from tandem.annotations.export.iteration import AnnotatorView, ExportArticle
from tandem.annotations.export.units import binary_relations, cross_links, partition_relations, span_label, unit_meta
from tandem.annotations.model import GOLD
from tandem.annotations.schema import Schema

FROM_NAME, TO_NAME = "label", "text"
CONFIG_FILE = "labeling_config.xml"
NO_EMAIL = (
    "annotations have no completed_by (Label Studio accepts only a member's email there): name annotators by "
    "email or give --email-domain; each task's data.annotators keeps who is who"
)


def labeling_config(schema: Schema | None) -> str:
    """The Label Studio labeling config (XML) these tasks are written for."""
    parts = ["<View>", f'<Labels name="{FROM_NAME}" toName="{TO_NAME}">']
    attrs: dict[str, list[str]] = {}
    relations: list[str] = []
    if schema is not None:
        for layer in schema.layers.values():
            for label in layer.labels:
                colour = f" background={quoteattr(label.colour)}" if label.colour.startswith("#") else ""
                parts.append(f"<Label value={quoteattr(label.name)}{colour}/>")
                for attr, values in label.attrs.items():
                    attrs.setdefault(attr, [])
                    attrs[attr] += [v for v in values if v not in attrs[attr]]
        for rel in schema.relations.values():
            relations += [rel.name] + ([rel.name + "_cue"] if rel.cue else [])
    parts.append("</Labels>")
    parts.append(f'<Text name="{TO_NAME}" value="$text"/>')
    if relations:
        parts.append("<Relations>" + "".join(f"<Relation value={quoteattr(r)}/>" for r in relations) + "</Relations>")
    for attr, values in attrs.items():
        choices = "".join(f"<Choice value={quoteattr(v)}/>" for v in values)
        parts.append(f'<Choices name={quoteattr(attr)} toName="{TO_NAME}" perRegion="true">{choices}</Choices>')
    parts.append("</View>")
    return "".join(parts)


def _annotation(
    article: ExportArticle, side: str, view: AnnotatorView, options: ExportOptions, report: ExportReport
) -> dict[str, Any]:
    spans = view.spans[side]
    here = {s["id"] for s in spans}
    inside, across, _ = partition_relations(view, side, here)
    meta: dict[str, list[str]] = {}
    for s in spans:
        if s["note"]:
            meta.setdefault(s["id"], []).append(s["note"])
    for link in cross_links(view, across, here):
        meta.setdefault(link["span_id"], []).append(
            f"{link['label']}: {link['other_side']} {link['other_start']}-{link['other_end']} {link['other_text']}"
        )
    result: list[dict[str, Any]] = []
    for s in spans:
        value = {"start": s["start"], "end": s["end"], "text": s["text"]}
        region = {"id": s["id"], "from_name": FROM_NAME, "to_name": TO_NAME, "type": "labels",
                  "value": value | {"labels": [span_label(s)]}, "origin": "manual"}  # fmt: skip
        if s["id"] in meta:
            region["meta"] = {"text": meta[s["id"]]}
        result.append(region)
        for attr, choice in sorted(s["attrs"].items()):
            result.append({"id": s["id"], "from_name": attr, "to_name": TO_NAME, "type": "choices",
                           "value": value | {"choices": [str(choice)]}, "origin": "manual"})  # fmt: skip
    for r in inside:
        for label, head, child in binary_relations(r):
            result.append({"type": "relation", "from_id": head, "to_id": child, "direction": "right",
                           "labels": [label]})  # fmt: skip
    report.spans += len(spans)
    report.relations += len(inside) + sum(1 for r in across if r["head"] in here)
    annotation: dict[str, Any] = {"result": result, "ground_truth": view.annotator == GOLD}
    email = annotator_email(view.annotator or "", options.email_domain)
    if email is None:
        report.note(NO_EMAIL)
    else:
        annotation["completed_by"] = {"email": email}
    return annotation


def annotator_email(name: str, domain: str | None) -> str | None:
    """The email Label Studio credits `name`'s annotation to: the name itself if it is one, else name@domain."""
    if "@" in name:
        return name
    return f"{name}@{domain}" if domain else None


class LabelStudio:
    """Label Studio JSON tasks."""

    name = "labelstudio"
    description = "Label Studio JSON tasks: one per side, an annotation per annotator (code-point offsets)"
    writes_folder = False

    def companions(self, schema: Schema | None) -> dict[str, bytes]:
        """The labeling config, written beside the export."""
        return {CONFIG_FILE: labeling_config(schema).encode("utf-8") + b"\n"}

    def write(
        self,
        articles: Iterable[ExportArticle],
        target: BinaryIO,
        schema: Schema | None,
        options: ExportOptions,
        report: ExportReport,
    ) -> None:
        """A JSON array written task by task, so memory stays flat."""
        target.write(b"[")
        first = True
        for article in articles:
            for side in article.sides:
                views = [v for v in article.annotators if v.annotator is not None and v.spans[side]]
                data = {"text": article.text(side), **unit_meta(article, side, article.annotators[0])}
                data.pop("annotator"), data.pop("status")
                data["annotators"] = [v.annotator for v in views]
                task = {"data": data, "annotations": [_annotation(article, side, v, options, report) for v in views]}
                target.write((b"\n" if first else b",\n") + orjson.dumps(task))
                first = False
                report.documents += 1
        target.write(b"\n]\n")
