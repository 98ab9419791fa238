"""The reading screen's tagging keys: tag, attribute, link and note, doing what the user meant.

A tag takes the word under the cursor (a Korean word without its particle, a known name kept whole), the
sentence for a claim, or the selection; the same span with the same label twice, or the same link twice, is
refused with a message. After a claim or a source is tagged its attributes are offered (a digit picks, Esc skips);
they are never set unless the user sets them. An attribution's cue is picked among the speech verbs on either side
of the claim and around its source (`annotations.suggest.cues`); a counterpart link's candidates come best first
by what their text says (`annotations.suggest.link_ranking`), each with its context. Mixed into the screen, whose
view, session, picker (`ask`) and `_save` it uses.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from tandem.annotations.particles import keep_known_name
from tandem.annotations.session import NewRelation, NewSpan
from tandem.reader.app.labels import LANG_NAMES, preview
from tandem.reader.app.widgets.pickers import Choice
from tandem.reader.printable import printable

if TYPE_CHECKING:
    from tandem.annotations.model import Span
    from tandem.annotations.suggest.proposal import ProposedSpan
    from tandem.reader.app.screens.note_editor import NoteAnswer
    from tandem.reader.text.language import Lang

NO_CUE = Choice("", "no cue", key="0")
_CONTEXT = 16
"""Characters of text shown on each side of a link candidate."""


def in_context(span: Span) -> str:
    """A span in one line of its text: `…before [span] after…`."""
    before, after = re.sub(r"\s+", " ", span.prefix)[-_CONTEXT:], re.sub(r"\s+", " ", span.suffix)[:_CONTEXT]
    return f"…{before}[{preview(span.text)}]{after}…"


class TaggingActions:
    """The keys that make annotations: e c s (tag), a (attribute), l (link), m (note and attributes)."""

    def action_tag(self: Any, layer_name: str) -> None:
        view = self.view
        lang = view.active
        target = view.selection
        proposed = self._proposed_here(layer_name) if target is None else None
        if proposed is not None:  # the suggestion under the cursor, to take with another label
            target = (proposed.start, proposed.end)
        elif target is None:
            if layer_name == "claim":
                sentence = view.sentence_at_cursor()
                target = (sentence.start, sentence.end) if sentence else None
            else:
                target = view.word_at_cursor()
                if target and self.schema.layers[layer_name].strip_particles and lang == "ko":
                    names = self.pending.known_names(lang)
                    target = (target[0], keep_known_name(view.texts[lang], *target, names))
        if target is None:
            self._tell("Nothing to tag here: move onto a word, or select with v.")
            return
        labels = self.schema.layers[layer_name].labels
        start, end = target
        if proposed is not None:  # its label first in the picker
            labels = sorted(labels, key=lambda label: label.name != proposed.label)
        quoted = f"“{preview(view.texts[lang][start:end])}”"

        def tag(label: str | None) -> None:
            if not label:
                return
            if any((s.side, s.start, s.end, s.layer, s.label) == (lang, start, end, layer_name, label)
                   for s in self._spans_at(lang, start)):  # fmt: skip
                self._tell(f"Already tagged {label} {quoted}: nothing added.")
                return
            made: list[Span] = []
            if self._save(lambda: made.append(self.session.add_span(lang, start, end, layer_name, label)),
                          f"{label} {quoted}"):
                view.clear_selection()
                self._offer_attributes(made[0])

        if len(labels) == 1:
            tag(labels[0].name)
        else:
            choices = [Choice(label.name, label.name, label.description, label.key) for label in labels]
            self.ask(f"{layer_name}: {quoted}", choices, tag)

    def _proposed_here(self: Any, layer_name: str) -> ProposedSpan | None:
        """The span of this layer that the suggestion under the cursor proposes, if it is shown."""
        cursor = self.view.cursor
        here = self._suggestion_here()
        spans = here.proposed_spans() if here is not None else ()
        return next((p for p in spans if p.side == cursor.lang and p.layer == layer_name
                     and p.start <= cursor.offset < p.end), None)  # fmt: skip

    def _offer_attributes(self: Any, span: Span, names: list[str] | None = None) -> None:
        """Ask for each attribute of a freshly tagged span's label, one after another: a digit picks a value,
        Esc skips (the attribute stays unset)."""
        allowed = self.schema.layers[span.layer].label(span.label).attrs
        pending = list(allowed) if names is None else names
        if not pending:
            return
        name, rest = pending[0], pending[1:]

        def picked(value: str | None) -> None:
            if value:
                current = self.session.span(span.id)
                self._save(lambda: self.session.set_attrs(span.id, {**current.attrs, name: value}), f"{name}={value}")
            self._offer_attributes(span, rest)

        self.ask(f"{name} of {span.label} “{preview(span.text)}”? (esc skips)",
                 [Choice(value, value) for value in allowed[name]], picked)

    def action_attribute(self: Any) -> None:
        claim = self._span_here("claim")
        if claim is None:
            return
        sources = sorted((s for s in self.spans if s.layer == "source" and s.label != "CUE"),
                         key=lambda s: (s.side != claim.side, abs(s.start - claim.start)))
        if not sources:
            self._tell("Tag a source first (s), then attribute the claim to it.")
            return

        def with_source(source_id: str | None) -> None:
            if not source_id:
                return
            source = self._by_id[source_id]
            cues = self._cue_choices(claim, source)
            if not cues:
                self._link("attribution", claim.id, source_id, None,
                           "attribution link; no cue found on either side of the claim or by its source")
                return
            self.ask("cue (0: none)", [*cues, NO_CUE],
                     lambda cue: None if cue is None else self._attribute(claim, source, cue))

        choices = [Choice(s.id, f"{s.label} “{preview(s.text)}”", s.side) for s in sources]
        self.ask(f"attribute “{preview(claim.text)}” to", choices, with_source)

    def _cue_choices(self: Any, claim: Span, source: Span) -> list[Choice]:
        """The cues to offer, nearest first: cue spans already tagged near the claim or its source, then the
        speech verbs there not yet tagged (value `@start:end`), on both sides of the claim and around its source."""
        from tandem.annotations.suggest.cues import REACH, cue_words, distance

        near = [(claim.start, claim.end)] + ([(source.start, source.end)] if source.side == claim.side else [])
        text = self.view.texts[claim.side]
        tagged = sorted(((distance((s.start, s.end), near), s) for s in self.spans
                         if s.label == "CUE" and s.side == claim.side), key=lambda found: found[0])  # fmt: skip
        found = [Choice(s.id, f"CUE “{preview(s.text)}”", "tagged") for far, s in tagged if far <= REACH]
        if self._cue_layer() is not None:
            places = {(s.start, s.end) for _, s in tagged}
            found += [Choice(f"@{start}:{end}", f"“{text[start:end]}”", "tags it CUE")
                      for start, end in cue_words(text, claim.side, *near) if (start, end) not in places]
        return found

    def _cue_layer(self: Any) -> str | None:
        """The layer whose CUE label tags a cue (the source layer in the default schema), if the schema has one."""
        return next((layer.name for layer in self.schema.layers.values()
                     if any(label.name == "CUE" for label in layer.labels)), None)  # fmt: skip

    def _attribute(self: Any, claim: Span, source: Span, cue: str) -> None:
        """Link claim → source with the chosen cue: a tagged one, or a speech verb tagged CUE in the same change."""
        if not cue.startswith("@"):
            self._link("attribution", claim.id, source.id, cue or None)
            return
        start, end = map(int, cue[1:].split(":"))
        if self._duplicate_link("attribution", claim.id, source.id):
            return
        self._save(lambda: self.session.add_together([NewSpan(claim.side, start, end, self._cue_layer(), "CUE")],
                                                     [NewRelation("attribution", claim.id, source.id, 0)]),
                   f"attribution link, cue “{self.view.texts[claim.side][start:end]}”")

    def action_link(self: Any) -> None:
        from tandem.annotations.suggest.link_ranking import rank_counterparts

        span = self._span_here()
        if span is None:
            return
        other: Lang = "en" if span.side == "ko" else "ko"
        sentence = self.view.sentences.at(span.side, span.start)
        partners = self.view.sentences.counterparts(sentence) if sentence else []
        candidates = [s for s in self.spans if s.side == other]
        if not candidates:
            self._tell(f"Tag the counterpart in the {LANG_NAMES[other]} pane first.")
            return
        here = (sentence.start, sentence.end) if sentence else None
        there = (min(p.start for p in partners), max(p.end for p in partners)) if partners else None
        team = self.pending.team
        ranked = rank_counterparts(span, candidates, here, there, team.counterparts if team else {},
                                   self.pending.lexicon())
        choices = [Choice(r.span.id, f"{r.span.label} {in_context(r.span)}", r.reason) for r in ranked]

        def link(target: str | None) -> None:
            if target:
                head, child = (span.id, target) if span.side == "ko" else (target, span.id)
                self._link("counterpart", head, child, None)

        self.ask(f"counterpart of “{preview(span.text)}”", choices, link)

    def _duplicate_link(self: Any, kind: str, head: str, child: str) -> bool:
        """Whether this link exists already (then the user is told, and nothing is added)."""
        if any((r.type, r.head, r.child) == (kind, head, child) for r in self.session.relations()):
            self._tell(f"Already linked ({kind}): nothing added.")
            return True
        return False

    def _link(self: Any, kind: str, head: str, child: str, cue: str | None, done: str | None = None) -> None:
        if not self._duplicate_link(kind, head, child):
            self._save(lambda: self.session.link(kind, head, child, cue), done or f"{kind} link")

    def action_edit_note(self: Any) -> None:
        from tandem.reader.app.screens.note_editor import NoteEditor

        span = self._span_here()
        if span is None:
            return
        allowed = dict(self.schema.attributes_of(span.layer, span.label))
        shown_note = printable(span.note, keep_newlines=True)  # edited as text: a stored escape code is not obeyed

        def edit(answer: NoteAnswer | None) -> None:
            if answer is None:
                return
            if answer.note != shown_note:  # an untouched note stays as stored, control characters and all
                self._save(lambda: self.session.set_note(span.id, answer.note), "note")
            attrs = {**{k: v for k, v in span.attrs.items() if k not in allowed}, **answer.attrs}
            if attrs != dict(span.attrs):
                self._save(lambda: self.session.set_attrs(span.id, attrs), "attributes")

        self.app.push_screen(NoteEditor(f"{span.label} “{preview(span.text)}”", shown_note, dict(span.attrs), allowed),
                             edit)
