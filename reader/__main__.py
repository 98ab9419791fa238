"""`python -m reader` runs the `tandem` command (used by tests to run the real CLI in a subprocess)."""

from reader.cli.main import main

main()
