"""`w3c`: W3C Web Annotation (JSON-LD), one AnnotationCollection whose first page lists every annotation.

A span is an Annotation (motivation `tagging`) whose target is its article side with both selectors: a
`TextQuoteSelector` (exact, and 32 characters of prefix/suffix, as Hypothesis anchors) and a
`TextPositionSelector` (start/end in code points, as the model specifies). Bodies: the label (purpose `tagging`),
the layer (`classifying`), each attribute (`describing`, "name=value") and the note (`commenting`). A relation
is an Annotation with motivation `linking`: target = the head span, body = the child span as a SpecificResource
with the same two selectors, plus the relation type (`tagging`); an attribution's cue is a second linking
annotation (`attribution_cue`, id suffixed `-cue`). Every target and every resource therefore carries both
selectors, even across sides (counterparts need no special case here).

Identifiers are URNs built from the store's ids (`urn:tandem:...`), so the same store gives the same document.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, BinaryIO
from urllib.parse import quote

import orjson

from tandem.annotations.export.base import ExportOptions, ExportReport
from tandem.annotations.export.iteration import ExportArticle
from tandem.annotations.export.units import binary_relations
from tandem.annotations.model import quote_context
from tandem.annotations.schema import Schema

CONTEXT = "http://www.w3.org/ns/anno.jsonld"


def source_iri(article_id: str, side: str) -> str:
    """The IRI standing for one side of an article."""
    return f"urn:tandem:article:{quote(article_id, safe='')}:{side}"


def annotation_iri(record_id: str) -> str:
    """The IRI of a span's or relation's annotation."""
    return f"urn:tandem:annotation:{quote(record_id, safe='')}"


def resource(article: ExportArticle, side: str, span: dict[str, Any]) -> dict[str, Any]:
    """A SpecificResource selecting a span, by quote and by position."""
    exact, prefix, suffix = quote_context(article.text(side), span["start"], span["end"])
    return {
        "type": "SpecificResource",
        "source": source_iri(article.doc.id, side),
        "selector": [
            {"type": "TextQuoteSelector", "exact": exact, "prefix": prefix, "suffix": suffix},
            {"type": "TextPositionSelector", "start": span["start"], "end": span["end"]},
        ],
    }


def _creator(name: str) -> dict[str, str]:
    return {"id": f"urn:tandem:annotator:{quote(name, safe='')}", "type": "Person", "name": name}


def _tag(value: str, purpose: str) -> dict[str, str]:
    return {"type": "TextualBody", "value": value, "purpose": purpose}


class WebAnnotation:
    """W3C Web Annotation JSON-LD."""

    name = "w3c"
    description = "W3C Web Annotation JSON-LD collection; TextQuote + TextPosition selectors on every target"
    writes_folder = False

    def write(
        self,
        articles: Iterable[ExportArticle],
        target: BinaryIO,
        schema: Schema | None,
        options: ExportOptions,
        report: ExportReport,
    ) -> None:
        """Header, annotations streamed one by one, then the total."""
        head = {"@context": CONTEXT, "id": "urn:tandem:export", "type": "AnnotationCollection",
                "label": "Tandem annotations"}  # fmt: skip
        target.write(orjson.dumps(head)[:-1] + b',"first":{"type":"AnnotationPage","startIndex":0,"items":[')
        total = 0
        for article in articles:
            for view in article.annotators:
                if view.annotator is None:
                    continue
                index = view.span_index()
                items = []
                for side in article.sides:
                    for s in view.spans[side]:
                        bodies = [_tag(s["label"], "tagging"), _tag(s["layer"], "classifying")]
                        bodies += [_tag(f"{k}={v}", "describing") for k, v in sorted(s["attrs"].items())]
                        if s["note"]:
                            bodies.append(_tag(s["note"], "commenting"))
                        items.append({"id": annotation_iri(s["id"]), "type": "Annotation", "motivation": "tagging",
                                      "creator": _creator(s["annotator"]), "created": s["created"],
                                      "modified": s["updated"], "body": bodies,
                                      "target": resource(article, side, s)})  # fmt: skip
                        report.spans += 1
                for r in view.relations:
                    head_side, head_span = index[r["head"]]
                    for n, (label, _, child) in enumerate(binary_relations(r)):
                        child_side, child_span = index[child]
                        items.append({"id": annotation_iri(r["id"] + ("-cue" if n else "")), "type": "Annotation",
                                      "motivation": "linking", "creator": _creator(r["annotator"]),
                                      "created": r["created"],
                                      "body": [resource(article, child_side, child_span), _tag(label, "tagging")],
                                      "target": resource(article, head_side, head_span)})  # fmt: skip
                    report.relations += 1
                for item in items:
                    target.write((b"," if total else b"") + b"\n" + orjson.dumps(item))
                    total += 1
            report.documents += 1
        target.write(b'\n]},"total":' + str(total).encode() + b"}\n")
