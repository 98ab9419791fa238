"""`tandem serve`: the reader in a browser, through textual-serve (the `web` extra).

Each browser session runs its own `tandem open` process, whose annotator is the session's: taken from a request
header an authenticating reverse proxy sets (`--user-header`, e.g. `X-Forwarded-User`: the proxy has checked who
it is, and the browser cannot choose), else from the page address, `/?annotator=NAME` (the page asks for a name
when it is missing). The name travels in the websocket's path (`/ws/NAME`), since textual-serve's page appends its
own query to the websocket address. textual-serve has no authentication of its own: the server binds to loopback
unless `--allow-remote` says otherwise.

The page is textual-serve's, with one change: its terminal font family ("Roboto Mono", which the page would fetch
from the internet) is defined locally: Latin from the font textual-serve ships, Hangul and other CJK from the
monospace CJK fonts the viewer has (`unicode-range`), so Korean fills its two cells offline too.
"""

from __future__ import annotations

import html
import ipaddress
import re
import shlex
import sys
from pathlib import Path
from typing import Any
from urllib.parse import quote

import click

from tandem.reader.errors import InputError
from tandem.reader.text.library import default_workspace

INSTALL_HINT = "pip install 'tandem-news-reader[web]'"
MAX_NAME = 64
_GOOGLE_FONTS = re.compile(r"<link\s[^>]*fonts\.googleapis\.com[^>]*>", re.S)
CJK_MONOSPACE = ("D2Coding", "Noto Sans Mono CJK KR", "NanumGothicCoding", "Sarasa Mono K", "Source Han Mono K",
                 "Noto Sans CJK KR", "Malgun Gothic", "Apple SD Gothic Neo")  # fmt: skip
CJK_RANGES = "U+1100-11FF, U+2E80-9FFF, U+A960-A97F, U+AC00-D7FF, U+F900-FAFF, U+FE30-FE4F, U+FF00-FFEF"


def font_css(static_url: str) -> str:
    """The page's terminal font family, defined without the internet: Latin from textual-serve's own font file,
    CJK from the viewer's monospace CJK fonts."""
    local = ", ".join(f'local("{name}")' for name in CJK_MONOSPACE)
    return (
        "<style>"
        f'@font-face {{font-family: "Roboto Mono"; src: url("{static_url}fonts/RobotoMono-VariableFont_wght.ttf");}}'
        f'@font-face {{font-family: "Roboto Mono"; src: {local}; unicode-range: {CJK_RANGES};}}'
        "</style>"
    )


def is_loopback(host: str) -> bool:
    """True for localhost and loopback addresses (127.0.0.0/8, ::1)."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def check_annotator(name: str) -> str:
    """A session's annotator name, or InputError: non-empty, printable, at most MAX_NAME characters."""
    name = name.strip()
    if not name or len(name) > MAX_NAME or not name.isprintable():
        raise InputError(f"an annotator name is 1 to {MAX_NAME} printable characters, not {name[:MAX_NAME]!r}")
    return name


NAME_FORM = """<!DOCTYPE html><html><head><meta charset="utf-8"><title>Tandem</title></head>
<body style="font-family: sans-serif; background: #0c181f; color: #e0e0e0; padding: 3em">
<form method="get" action="/"><label>Who is annotating? <input name="annotator" autofocus required
maxlength="{max}"></label> <button>Open</button></form><p>{why}</p></body></html>"""


def name_form(why: str) -> str:
    """The page that asks a browser session for its annotator's name (with why, if a name was refused)."""
    return NAME_FORM.format(max=MAX_NAME, why=html.escape(why))


def make_server(command: list[str], host: str, port: int, user_header: str | None) -> Any:
    """A textual-serve Server that runs `command + ["--annotator", NAME]` per browser session."""
    from aiohttp import web
    from textual_serve.app_service import AppService
    from textual_serve.server import Server

    class TandemServer(Server):
        async def _make_app(self) -> web.Application:
            app = await super()._make_app()
            app.router.add_get("/ws/{annotator}", self.handle_websocket)
            return app

        def _annotator(self, request: web.Request) -> str | None:
            if user_header is not None:
                return request.headers.get(user_header)
            return request.match_info.get("annotator") or request.query.get("annotator")

        async def handle_index(self, request: web.Request) -> web.StreamResponse:
            try:
                name = self._annotator(request)
                name = check_annotator(name) if name is not None else None
            except InputError as e:
                return web.Response(text=name_form(str(e)), content_type="text/html")
            if name is None:
                if user_header is not None:
                    raise web.HTTPForbidden(text=f"no {user_header} header: this server expects a proxy that sets it")
                return web.Response(text=name_form(""), content_type="text/html")
            page = await super().handle_index(request)
            text = page.text.replace(
                f'data-session-websocket-url="{self._websocket_base()}"',
                f'data-session-websocket-url="{self._websocket_base()}/{quote(name, safe="")}"',
            )
            text = _GOOGLE_FONTS.sub(font_css(f"{self.public_url}/static/"), text)
            return web.Response(text=text, content_type="text/html")

        def _websocket_base(self) -> str:
            scheme = "wss:" if self.public_url.startswith("https") else "ws:"
            return scheme + self.public_url.split(":", 1)[1] + "/ws"

        async def handle_websocket(self, request: web.Request) -> web.WebSocketResponse:
            """textual-serve's handler, with the session's own `tandem open --annotator NAME` process."""
            websocket = web.WebSocketResponse(heartbeat=15)
            try:
                name = check_annotator(self._annotator(request) or "")
            except InputError:
                raise web.HTTPForbidden(text="no annotator for this session") from None
            width = int(request.query.get("width", "80") or 80)
            height = int(request.query.get("height", "24") or 24)
            await websocket.prepare(request)
            service = AppService(shlex.join([*command, "--annotator", name]), write_bytes=websocket.send_bytes,
                                 write_str=websocket.send_str, close=websocket.close,
                                 download_manager=self.download_manager, debug=self.debug)  # fmt: skip
            try:
                await service.start(width, height)
                await self._process_messages(websocket, service)
            finally:
                await service.stop()
            return websocket

    return TandemServer("tandem", host=host, port=port, title="Tandem")


@click.command("serve")
@click.argument("workspace", required=False, type=click.Path(path_type=Path))
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535), help="Port to listen on.")
@click.option("--allow-remote", is_flag=True,
              help="Allow a non-loopback --host. There is no login: put an authenticating proxy in front.")
@click.option("--user-header", metavar="HEADER",
              help="Take each session's annotator from this header, set by an authenticating proxy "
                   "(e.g. X-Forwarded-User); without it the page asks for a name.")
@click.option("--store", "store_dir", type=click.Path(path_type=Path), metavar="DIR",
              help="Where the annotation store lives (default: WORKSPACE/.tandem).")
def serve_cmd(workspace: Path | None, host: str, port: int, allow_remote: bool, user_header: str | None,
              store_dir: Path | None) -> None:  # fmt: skip
    """Serve the reader on WORKSPACE to browsers (default: ./articles, else the samples); one process per tab."""
    if not is_loopback(host) and not allow_remote:
        raise InputError(f"--host {host} is not a loopback address and textual-serve has no login; "
                         "add --allow-remote behind an authenticating proxy, or use an SSH tunnel")  # fmt: skip
    target = (workspace or default_workspace()).resolve()
    if not target.exists():
        raise InputError(f"{target}: no such folder or file")
    try:
        server = make_server(_open_command(target, store_dir), host, port, user_header)
    except ImportError:
        raise InputError(f"tandem serve needs textual-serve: {INSTALL_HINT}") from None
    server.serve()


def _open_command(target: Path, store_dir: Path | None) -> list[str]:
    store = ["--store", str(store_dir.resolve())] if store_dir else []
    return [sys.executable, "-m", "tandem.reader", "open", str(target), *store]
