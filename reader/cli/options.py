"""Options shared by every command that touches annotations (`--store`, `--annotator`)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import click


def store_options(command: Callable[..., None]) -> Callable[..., None]:
    """`--store` and `--annotator`, shared by every command that touches annotations."""
    command = click.option("--annotator", metavar="NAME",
                           help="Who is annotating (default: $TANDEM_ANNOTATOR, config, login name).")(command)
    return click.option("--store", "store_dir", type=click.Path(path_type=Path), metavar="DIR",
                        help="Where the annotation store lives (default: WORKSPACE/.tandem).")(command)
