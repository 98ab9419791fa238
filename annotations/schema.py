"""The label schema: layers of labels (with keys, colours and attributes) and relation types, from TOML.

The default (default_schema.toml, beside this module) suits news; a workspace file may redefine whole layers or
relation types by name and add new ones. Mistakes are reported as SchemaError naming the file.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tandem.annotations.errors import SchemaError

PROVENANCE_ATTRS = ("suggested_by",)
"""Attributes every label takes, with any text value: where an accepted suggestion came from (its source)."""

DEFAULT_SCHEMA = Path(__file__).with_name("default_schema.toml")
_COLOUR = re.compile(r"#[0-9a-fA-F]{6}|[a-z][a-z0-9_]*")


@dataclass(frozen=True)
class Label:
    """A label: its keyboard key, a colour Rich accepts ("#e06c75" or a name) and allowed attribute values."""

    name: str
    key: str
    colour: str
    description: str = ""
    attrs: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    colour16: str = ""
    """The colour on a 16-colour terminal: one of the 16 ANSI names ("red", "bright_cyan"), so labels stay apart
    where `colour` would fall to the same one ("" : chosen by the reader)."""


@dataclass(frozen=True)
class Layer:
    """A family of labels annotated together (entity, claim, source)."""

    name: str
    labels: tuple[Label, ...]
    description: str = ""
    strip_particles: bool = False  # drop a trailing Korean particle when a word is tagged

    def label(self, name: str) -> Label:
        """The label called `name`; KeyError when the layer has none."""
        for label in self.labels:
            if label.name == name:
                return label
        raise KeyError(f"layer {self.name!r} has no label {name!r}")

    def by_key(self, key: str) -> Label | None:
        """The label bound to a keyboard key, if any."""
        return next((label for label in self.labels if label.key == key), None)


@dataclass(frozen=True)
class RelationType:
    """A kind of link between spans; `head`/`child` restrict the layers (empty: any), `cue` allows a cue span."""

    name: str
    description: str = ""
    head: tuple[str, ...] = ()
    child: tuple[str, ...] = ()
    cue: bool = False


@dataclass(frozen=True)
class Schema:
    """Layers and relation types, in file order."""

    layers: Mapping[str, Layer]
    relations: Mapping[str, RelationType]

    def check_span(self, layer: str, label: str, attrs: Mapping[str, Any]) -> dict[str, Any]:
        """Validate a span's layer, label and attributes; returns the attrs as a dict, raises ValueError."""
        if layer not in self.layers:
            raise ValueError(f"unknown layer {layer!r}")
        spec = self.layers[layer].label(label).attrs
        for key, value in attrs.items():
            if key in PROVENANCE_ATTRS and isinstance(value, str):
                continue
            if key not in spec:
                raise ValueError(f"label {label!r} has no attribute {key!r}")
            if value not in spec[key]:
                raise ValueError(f"{key}={value!r} is not one of {', '.join(spec[key])}")
        return dict(attrs)

    def check_relation(self, type: str, head_layer: str, child_layer: str, has_cue: bool) -> None:
        """Validate a relation against its declared type; raises ValueError."""
        if type not in self.relations:
            raise ValueError(f"unknown relation type {type!r}")
        rel = self.relations[type]
        if rel.head and head_layer not in rel.head:
            raise ValueError(f"{type} must start at a span of layer {' or '.join(rel.head)}")
        if rel.child and child_layer not in rel.child:
            raise ValueError(f"{type} must point at a span of layer {' or '.join(rel.child)}")
        if has_cue and not rel.cue:
            raise ValueError(f"{type} takes no cue span")


def _read(path: Path) -> dict[str, Any]:
    try:
        with open(path, "rb") as f:
            return tomllib.load(f)
    except FileNotFoundError as e:
        raise SchemaError("schema file not found", path) from e
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as e:
        raise SchemaError(f"not valid TOML: {e}", path) from e
    except OSError as e:
        raise SchemaError(f"cannot read: {e.strerror or e}", path) from e


def _build(raw: Mapping[str, Any], path: Path) -> Schema:
    try:
        layers: dict[str, Layer] = {}
        for name, spec in raw.get("layers", {}).items():
            labels = tuple(
                Label(
                    name=lab["name"],
                    key=lab["key"],
                    colour=lab["colour"],
                    description=lab.get("description", ""),
                    attrs={k: tuple(v) for k, v in lab.get("attrs", {}).items()},
                    colour16=lab.get("colour16", ""),
                )
                for lab in spec["labels"]
            )
            layers[name] = Layer(name, labels, spec.get("description", ""), bool(spec.get("strip_particles", False)))
        relations = {
            name: RelationType(
                name,
                spec.get("description", ""),
                tuple(spec.get("head", ())),
                tuple(spec.get("child", ())),
                bool(spec.get("cue", False)),
            )
            for name, spec in raw.get("relations", {}).items()
        }
    except (KeyError, TypeError, AttributeError) as e:
        raise SchemaError(f"malformed schema ({e!r})", path) from e
    schema = Schema(layers, relations)
    _validate(schema, path)
    return schema


def _validate(schema: Schema, path: Path) -> None:
    if not schema.layers:
        raise SchemaError("no layers defined", path)
    for layer in schema.layers.values():
        if not layer.labels:
            raise SchemaError(f"layer {layer.name!r} has no labels", path)
        for what in ("name", "key"):
            values = [getattr(label, what) for label in layer.labels]
            dupes = sorted({v for v in values if values.count(v) > 1})
            if dupes:
                raise SchemaError(f"layer {layer.name!r} repeats label {what}(s) {', '.join(dupes)}", path)
        for label in layer.labels:
            if len(label.key) != 1:
                raise SchemaError(f"label {label.name!r}: key must be one character, not {label.key!r}", path)
            if not _COLOUR.fullmatch(label.colour):
                raise SchemaError(f"label {label.name!r}: colour {label.colour!r} is not #rrggbb or a name", path)
            if label.colour16 and not _COLOUR.fullmatch(label.colour16):
                raise SchemaError(f"label {label.name!r}: colour16 {label.colour16!r} is not a colour name", path)
            if any(not values for values in label.attrs.values()):
                raise SchemaError(f"label {label.name!r}: an attribute lists no values", path)
    for rel in schema.relations.values():
        unknown = sorted(set(rel.head + rel.child) - set(schema.layers))
        if unknown:
            raise SchemaError(f"relation {rel.name!r} names unknown layer(s) {', '.join(unknown)}", path)


def load_schema(workspace_override: Path | None = None) -> Schema:
    """The default schema, with the layers and relation types of `workspace_override` (a TOML file) replacing
    or adding to it by name. A missing or broken override file raises SchemaError; pass None for the default."""
    raw = _read(DEFAULT_SCHEMA)
    if workspace_override is None:
        return _build(raw, DEFAULT_SCHEMA)
    override = _read(workspace_override)
    for section in ("layers", "relations"):
        replacing = override.get(section, {})
        if not isinstance(replacing, dict):
            raise SchemaError(f"[{section}] must be a table of tables, by name", workspace_override)
        raw[section] = {**raw.get(section, {}), **replacing}
    return _build(raw, workspace_override)
