"""`python -m tandem.reader` runs the `tandem` command (used by tests to run the real CLI in a subprocess)."""

from tandem.reader.cli.main import main

main()
