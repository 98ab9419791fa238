"""Tandem's annotation core: model, store, export and agreement. Plain Python: never imports textual."""
