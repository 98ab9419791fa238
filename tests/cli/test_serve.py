"""`tandem serve` for real: the server on a free loopback port, its page, and a browser session's websocket, whose
`tandem open` process runs as the annotator the page named."""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.annotations.test_export_common import make_workspace

aiohttp = pytest.importorskip("aiohttp")
pytest.importorskip("textual_serve")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def serving(root: Path, tmp_path: Path, *options: str):
    """`tandem serve ROOT OPTIONS…` on a free loopback port until the block ends: (its URL, its process)."""
    os.environ.setdefault("TANDEM_CACHE_DIR", str(tmp_path / "cache"))
    port = free_port()
    log = (tmp_path / "serve.log").open("wb")  # a file, not a pipe: a pipe no one reads fills and stops the server
    command = [sys.executable, "-m", "tandem.reader", "serve", str(root), "--port", str(port), *options]
    process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            with socket.socket() as s:
                if s.connect_ex(("127.0.0.1", port)) == 0:
                    break
            assert process.poll() is None, (tmp_path / "serve.log").read_text(errors="replace")
            time.sleep(0.2)
        yield f"http://127.0.0.1:{port}", process
    finally:
        os.killpg(process.pid, signal.SIGTERM)  # the server and the app sessions it started
        process.wait(timeout=30)
        log.close()


@pytest.fixture
def server(tmp_path: Path):
    with serving(make_workspace(tmp_path / "articles").root, tmp_path) as running:
        yield running


def children_cmdlines(pid: int) -> list[str]:
    """Command lines of every descendant of `pid` (Linux /proc)."""
    found, parents = [], {pid}
    for _ in range(3):
        for proc in Path("/proc").iterdir():
            if not proc.name.isdigit():
                continue
            try:
                ppid = int((proc / "stat").read_text().rsplit(")", 1)[1].split()[1])
                if ppid in parents and int(proc.name) not in parents:
                    parents.add(int(proc.name))
                    found.append((proc / "cmdline").read_bytes().replace(b"\0", b" ").decode())
            except (OSError, ValueError, IndexError):
                continue
    return found


async def session_annotator(http, page_url: str, process, headers: dict[str, str] | None = None) -> str:
    """Open the page and its websocket as a browser would; the annotator the session's `tandem open` runs as."""
    async with http.get(page_url, headers=headers) as page:
        html = await page.text()
    assert page.status == 200, html
    assert "fonts.googleapis.com" not in html and "unicode-range" in html and "D2Coding" in html
    ws_url = html.split('data-session-websocket-url="', 1)[1].split('"', 1)[0]
    before = set(children_cmdlines(process.pid))
    async with http.ws_connect(ws_url + "?width=100&height=30", headers=headers) as ws:
        await ws.send_json(["ping", "hello"])
        got_output, got_pong = False, False
        deadline = asyncio.get_running_loop().time() + 60
        while not (got_output and got_pong):
            message = await ws.receive(timeout=deadline - asyncio.get_running_loop().time())
            if message.type == aiohttp.WSMsgType.TEXT and message.json() == ["pong", "hello"]:
                got_pong = True
            elif message.type == aiohttp.WSMsgType.BINARY and len(message.data) > 100:
                got_output = True  # the app's screen, drawn for the browser
            assert message.type not in (aiohttp.WSMsgType.CLOSE, aiohttp.WSMsgType.ERROR)
        started = [c for c in children_cmdlines(process.pid) if c not in before and " open " in c]
    names = {c.split("--annotator ", 1)[1].strip().strip("'") for c in started}  # textual-serve's shell, its child
    assert len(names) == 1, started
    return names.pop()


def test_the_page_asks_for_a_name_then_serves_the_session_with_local_fonts(server):
    url, process = server

    async def check() -> None:
        async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=90)) as http:
            async with http.get(url + "/") as page:
                assert page.status == 200 and 'name="annotator"' in await page.text()
            async with http.get(url + "/?annotator=민지") as page:
                assert "/ws/%EB%AF%BC%EC%A7%80" in await page.text()
            assert await session_annotator(http, url + "/?annotator=민지", process) == "민지"
            # without --user-header, a header naming someone else is ignored: the page's name is the session's
            headers = {"X-Remote-User": "mallory", "X-Forwarded-User": "mallory"}
            assert await session_annotator(http, url + "/?annotator=bob", process, headers) == "bob"

    asyncio.run(check())


def test_with_user_header_the_proxys_header_names_the_annotator_and_the_address_cannot(tmp_path: Path):
    root = make_workspace(tmp_path / "articles").root

    async def check(url: str, process) -> None:
        async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=90)) as http:
            proxy = {"X-Remote-User": "carol"}
            assert await session_annotator(http, url + "/?annotator=mallory", process, proxy) == "carol"
            async with http.get(url + "/?annotator=mallory") as page:  # no header: the proxy was bypassed
                assert page.status == 403 and "X-Remote-User" in await page.text()
            with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
                await http.ws_connect(url.replace("http", "ws") + "/ws/mallory")
            assert refused.value.status == 403
            async with http.get(url + "/", headers={"X-Remote-User": "x" * 65}) as page:
                assert page.status == 200 and "1 to 64 printable" in await page.text()  # a bad name is refused, not run

    with serving(root, tmp_path, "--user-header", "X-Remote-User") as (url, process):
        asyncio.run(check(url, process))


def test_a_non_loopback_host_is_refused_without_allow_remote(tmp_path: Path):
    done = subprocess.run([sys.executable, "-m", "tandem.reader", "serve", str(tmp_path), "--host", "0.0.0.0"],
                          capture_output=True, text=True, timeout=60)  # fmt: skip
    assert done.returncode == 2 and done.stderr.count("\n") == 1 and "--allow-remote" in done.stderr
