"""The `tandem` command. `tandem [PATH]` opens the reader; subcommands do batch work without loading Textual.

Every failure the user can fix ends as one line on stderr and exit code 2: never a traceback.
"""

from __future__ import annotations

import gc
import importlib
import os
import sys
import warnings
from pathlib import Path
from typing import Any

import click
import orjson
from rich.console import Console

from tandem.annotations.errors import AnnotationError, StoreWarning
from tandem.reader.app.keymap import load_keymap
from tandem.reader.cli.options import store_options
from tandem.reader.cli.render import article_view, library_table
from tandem.reader.errors import InputError
from tandem.reader.printable import printable
from tandem.reader.text.library import ArticleSource, Library, default_workspace, load_article, source_for_file
from tandem.reader.workspace import open_workspace

EXIT_USER_ERROR = 2
DISTRIBUTION = "tandem-news-reader"  # the name pip knows the package by (pyproject.toml)


_LAZY_COMMANDS = {
    "export": "tandem.reader.cli.data:export_cmd",
    "load": "tandem.reader.cli.data:load_cmd",
    "agree": "tandem.reader.cli.agree:agree",
    "adjudicate": "tandem.reader.cli.adjudicate:adjudicate_cmd",
    "suggest": "tandem.reader.cli.suggest:suggest_cmd",
    "serve": "tandem.reader.cli.serve:serve_cmd",
}
"""Commands imported only when used: export formats and agreement are slow to import, and `tandem list` needs
neither."""


class _TandemGroup(click.Group):
    """`tandem PATH` means `tandem open PATH` (a first argument that is no command name is a path), and the
    heavier commands are imported on first use."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        known = set(self.list_commands(ctx))
        if not args or (args[0] not in known and args[0] not in ("--help", "-h", "--version")):
            args = ["open", *args]
        return super().parse_args(ctx, args)

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *_LAZY_COMMANDS})

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name in _LAZY_COMMANDS and name not in self.commands:
            module, attribute = _LAZY_COMMANDS[name].split(":")
            self.add_command(getattr(importlib.import_module(module), attribute), name)
        return super().get_command(ctx, name)


@click.group(cls=_TandemGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name=DISTRIBUTION)
def cli() -> None:
    """Read Korean and English news side by side, and annotate it.

    With no command, opens PATH (a folder of articles or one article) in the reader.
    """


@cli.command("open")
@click.argument("path", required=False, type=click.Path(path_type=Path))
@store_options
def open_cmd(path: Path | None, store_dir: Path | None, annotator: str | None) -> None:
    """Open the reader on PATH: a folder of articles or one article (default: ./articles, else the samples)."""
    # Start-up allocates hundreds of thousands of long-lived objects (Textual, the article); the cyclic collector
    # would walk them again and again. The app collects once when its first screen is up (settle_memory).
    gc.disable()
    target = path or default_workspace()
    keymap = load_keymap()
    if target.is_dir():
        workspace = open_workspace(target, store_dir, annotator)
        article_id = None
    else:
        root, source = source_for_file(target)
        workspace = open_workspace(root, store_dir, annotator)
        load_article(source)  # a bad file fails here, as one line, before the screen is taken over
        workspace.store.read(workspace.annotator, source.id)  # likewise a broken store file
        article_id = source.id
    from tandem.reader.cli.terminal import terminal_problem

    if (problem := terminal_problem(sys.stdin, sys.stdout, os.environ)) is not None:
        raise InputError(problem)
    from tandem.reader.app.app import TandemApp  # Textual is slow to import: only the reader pays for it

    app = TandemApp(workspace, article_id, keymap)
    app.run()
    if app.return_code:
        sys.exit(app.return_code)


@cli.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object instead of the readable view.")
def inspect(files: tuple[Path, ...], as_json: bool) -> None:
    """Parse FILE (or a Korean and an English FILE pair) and print the article."""
    if len(files) > 2:
        raise click.UsageError("inspect takes one file, or two (one per language)")
    if len(files) == 1:
        _, source = source_for_file(files[0])
        article = load_article(source)
    else:
        pair_id = files[0].stem.removesuffix(".ko").removesuffix(".en")
        article = load_article(ArticleSource(pair_id, files, tuple(f.name for f in files)))
    if as_json:
        _print_json(article.to_json())
    else:
        Console().print(article_view(article))


@cli.command("list")
@click.argument("workspace", required=False, type=click.Path(path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print a JSON list instead of a table.")
def list_cmd(workspace: Path | None, as_json: bool) -> None:
    """List every article of WORKSPACE (default: ./articles, else the bundled samples)."""
    target = workspace or default_workspace()
    summaries = Library(target).summaries()
    for s in summaries:
        if s.error:
            click.echo(f"tandem: warning: {printable(s.error)}", err=True)
    if as_json:
        _print_json([s.to_dict() for s in summaries])
    else:
        console = Console()
        console.print(library_table(summaries, f"{target} — {len(summaries)} articles", console.width))


def _print_json(data: Any) -> None:
    sys.stdout.buffer.write(orjson.dumps(data, option=orjson.OPT_INDENT_2) + b"\n")
    sys.stdout.buffer.flush()


def _warning_line(message: Warning | str, *_: Any, **__: Any) -> None:
    """Warnings from the core (a journal set aside) as the same one line as every other warning."""
    click.echo(f"tandem: warning: {printable(str(message))}", err=True)


def main() -> None:
    """Entry point: run the CLI, turning user errors into one line and exit code 2."""
    warnings.showwarning = _warning_line
    warnings.simplefilter("always", StoreWarning)
    try:
        cli.main(standalone_mode=False)
    except (InputError, AnnotationError) as exc:
        click.echo(f"tandem: {printable(str(exc))}", err=True)
        sys.exit(EXIT_USER_ERROR)
    except click.ClickException as exc:  # one line, as every other error (click's usage block is four)
        ctx = getattr(exc, "ctx", None)
        hint = f" (see tandem {ctx.info_name} --help)" if ctx is not None and ctx.parent is not None else ""
        click.echo(f"tandem: {printable(exc.format_message())}{hint}", err=True)
        sys.exit(EXIT_USER_ERROR)
    except click.exceptions.Abort:
        sys.exit(130)
    except BrokenPipeError:
        sys.exit(0)
