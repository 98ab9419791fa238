"""The `tandem` command: thin shells over `reader.workspace` and the annotation core."""
