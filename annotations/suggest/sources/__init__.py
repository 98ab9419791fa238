"""One module per suggestion source; `annotations.suggest.registry` gathers them by name."""
