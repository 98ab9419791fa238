"""`tandem serve` for real: the server on a free loopback port, its page, and a browser session's websocket, whose
`tandem open` process runs as the annotator the page named."""

from __future__ import annotations

import asyncio
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


@pytest.fixture
def server(tmp_path: Path):
    os.environ.setdefault("TANDEM_CACHE_DIR", str(tmp_path / "cache"))
    root = make_workspace(tmp_path / "articles").root
    port = free_port()
    log = (tmp_path / "serve.log").open("wb")  # a file, not a pipe: a pipe no one reads fills and stops the server
    process = subprocess.Popen([sys.executable, "-m", "tandem.reader", "serve", str(root), "--port", str(port)],
                               stdout=log, stderr=subprocess.STDOUT, start_new_session=True)  # fmt: skip
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                break
        assert process.poll() is None, (tmp_path / "serve.log").read_text(errors="replace")
        time.sleep(0.2)
    yield f"http://127.0.0.1:{port}", process
    os.killpg(process.pid, signal.SIGTERM)  # the server and the app sessions it started
    process.wait(timeout=30)
    log.close()


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


def test_the_page_asks_for_a_name_then_serves_the_session_with_local_fonts(server):
    url, process = server

    async def check() -> None:
        async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=90)) as http:
            async with http.get(url + "/") as page:
                assert page.status == 200 and 'name="annotator"' in await page.text()
            async with http.get(url + "/?annotator=민지") as page:
                html = await page.text()
            assert page.status == 200
            assert "fonts.googleapis.com" not in html and 'unicode-range' in html and "D2Coding" in html
            ws_url = html.split('data-session-websocket-url="', 1)[1].split('"', 1)[0]
            assert ws_url.endswith("/ws/%EB%AF%BC%EC%A7%80")
            async with http.ws_connect(ws_url + "?width=100&height=30") as ws:
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
                assert any("--annotator 민지" in c for c in children_cmdlines(process.pid))

    asyncio.run(check())


def test_a_non_loopback_host_is_refused_without_allow_remote(tmp_path: Path):
    done = subprocess.run([sys.executable, "-m", "tandem.reader", "serve", str(tmp_path), "--host", "0.0.0.0"],
                          capture_output=True, text=True, timeout=60)  # fmt: skip
    assert done.returncode == 2 and done.stderr.count("\n") == 1 and "--allow-remote" in done.stderr
