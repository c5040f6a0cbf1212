"""`smartpick serve` refuses what Jupyter refuses: no token, a wrong token, a foreign Host (DNS
rebinding), a foreign Origin (another web page), and more sessions than the cap.

Most checks run `GuardedServer`'s real aiohttp application through aiohttp's test server on
loopback with real websockets; the app command is a tiny stand-in that speaks textual-serve's
protocol (prelude, one data packet, exits on "quit"), so a session costs no Textual start-up.
One test starts the real `smartpick serve` and reads the token from the line it prints.
"""

from __future__ import annotations

import asyncio
import os
import shlex
import signal
import subprocess
import sys
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from aiohttp.test_utils import TestServer

from smartpick_tui.cli.serve_guard import GuardedServer, allowed_hosts, cookie_name

FAKE_APP = r"""
import sys
out = sys.stdout.buffer
out.write(b"__GANGLION__\n")
payload = b"SCREEN: Step 2 CK 258"
out.write(b"D" + len(payload).to_bytes(4, "big") + payload)
out.flush()
seen = b""
while chunk := sys.stdin.buffer.read1(4096):
    seen = (seen + chunk)[-64:]
    if b'"quit"' in seen:
        break
"""
EVIL = "http://evil.example"


def fake_command(tmp_path: Path) -> str:
    script = tmp_path / "fake_app.py"
    script.write_text(FAKE_APP)
    return f"{shlex.quote(sys.executable)} {shlex.quote(str(script))}"


@asynccontextmanager
async def guarded(tmp_path: Path, max_sessions: int = 4) -> AsyncIterator[tuple[GuardedServer, str]]:
    """The guarded app on a free loopback port; yields the server and its base URL."""
    probe = TestServer(aiohttp.web.Application(), host="127.0.0.1")
    await probe.start_server()
    port = probe.port
    await probe.close()
    assert port is not None
    server = GuardedServer(
        fake_command(tmp_path),
        host="127.0.0.1",
        port=port,
        title="SmartPick",
        public_url=f"http://127.0.0.1:{port}",
        max_sessions=max_sessions,
    )
    test_server = TestServer(await server._make_app(), host="127.0.0.1", port=port)
    await test_server.start_server()
    try:
        yield server, f"http://127.0.0.1:{port}"
        for _ in range(200):  # every app process stopped before the loop closes
            if server.sessions == 0:
                break
            await asyncio.sleep(0.05)
    finally:
        await test_server.close()


def client(cookies: dict[str, str] | None = None) -> aiohttp.ClientSession:
    """A browser-like client: it keeps cookies from an IP address (aiohttp's jar would not)."""
    return aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True), cookies=cookies)


def run(coroutine: Callable[[], Awaitable[None]]) -> None:
    asyncio.run(asyncio.wait_for(coroutine(), timeout=60))


async def open_ws(
    session: aiohttp.ClientSession, base: str, headers: dict[str, str] | None = None, query: str = ""
) -> aiohttp.ClientWebSocketResponse:
    return await session.ws_connect(f"{base}/ws?width=80&height=24{query}", headers=headers or {})


async def first_screen(ws: aiohttp.ClientWebSocketResponse) -> bytes:
    while True:
        message = await ws.receive(timeout=20)
        if message.type == aiohttp.WSMsgType.BINARY:
            return bytes(message.data)
        assert message.type == aiohttp.WSMsgType.TEXT, message


def test_the_token_lets_the_page_and_the_websocket_in_and_sets_a_cookie(tmp_path: Path) -> None:
    async def scenario() -> None:
        async with guarded(tmp_path) as (server, base), client() as session:
            first = await session.get(f"{base}/?token={server.token}", allow_redirects=False)
            assert first.status == 302 and first.headers["Location"] == "/"  # token out of the address bar
            cookie = first.cookies[cookie_name(server.port)]
            assert cookie.value == server.token and cookie["httponly"] and cookie["samesite"] == "Strict"
            page = await session.get(f"{base}/")  # the cookie alone now
            assert page.status == 200
            assert f"ws://127.0.0.1:{server.port}/ws" in await page.text()
            ws = await open_ws(session, base, {"Origin": base})
            assert b"Step 2 CK 258" in await first_screen(ws)
            await ws.close()

    run(scenario)


@pytest.mark.parametrize(
    "case",
    [
        "no token",
        "wrong token",
        "wrong cookie",
        "foreign Origin",
        "foreign Host",
        "rebinding Host and Origin",
    ],
)
def test_refused_requests_never_start_an_app(tmp_path: Path, case: str) -> None:
    async def scenario() -> None:
        async with guarded(tmp_path) as (server, base):
            good = server.token
            headers: dict[str, str] = {}
            cookies: dict[str, str] = {}
            query = f"&token={good}"
            if case == "no token":
                query = ""
            elif case == "wrong token":
                query = "&token=" + "A" * len(good)
            elif case == "wrong cookie":
                query, cookies = "", {cookie_name(server.port): good[:-1] + "x"}
            elif case == "foreign Origin":
                headers = {"Origin": EVIL}
            elif case == "foreign Host":
                headers = {"Host": f"evil.example:{server.port}"}
            else:
                headers = {"Host": f"evil.example:{server.port}", "Origin": f"{EVIL}:{server.port}"}
            async with client(cookies) as session:
                with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
                    await open_ws(session, base, headers, query)
                assert refused.value.status == 403
                page = await session.get(
                    f"{base}/?{query.lstrip('&')}", headers=headers, allow_redirects=False
                )
                assert page.status == 403
                assert "Refused" in await page.text()
            assert server.sessions == 0

    run(scenario)


def test_many_sessions_hit_the_cap(tmp_path: Path) -> None:
    async def scenario() -> None:
        async with guarded(tmp_path, max_sessions=3) as (server, base), client() as session:
            query = f"&token={server.token}"
            open_ones = [await open_ws(session, base, query=query) for _ in range(3)]
            for ws in open_ones:
                await first_screen(ws)
            assert server.sessions == 3
            for _ in range(5):  # eight tried, three run
                with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
                    await open_ws(session, base, query=query)
                assert refused.value.status == 503
            await open_ones[0].close()
            for _ in range(100):  # the slot frees when its app process has stopped
                if server.sessions < 3:
                    break
                await asyncio.sleep(0.05)
            again = await open_ws(session, base, query=query)
            await first_screen(again)
            for ws in (again, *open_ones[1:]):
                await ws.close()

    run(scenario)


def test_static_files_need_no_token_but_a_right_host(tmp_path: Path) -> None:
    async def scenario() -> None:
        async with guarded(tmp_path) as (server, base), client() as session:
            assert (await session.get(f"{base}/static/js/textual.js")).status == 200
            foreign = {"Host": f"evil.example:{server.port}"}
            assert (await session.get(f"{base}/static/js/textual.js", headers=foreign)).status == 403

    run(scenario)


def test_allowed_hosts() -> None:
    assert allowed_hosts("127.0.0.1", 8000) == {"127.0.0.1:8000", "localhost:8000", "[::1]:8000"}
    assert allowed_hosts("0.0.0.0", 8000) is None  # --public on every address: the token guards it
    assert "10.0.0.5:9000" in (allowed_hosts("10.0.0.5", 9000) or set())


def test_the_real_serve_prints_a_fresh_token_and_refuses_without_it(tmp_path: Path) -> None:
    """`smartpick serve` for real: the printed address holds a token (new each launch); a
    websocket from another site or without the token is refused; with it, the app's screen
    (the real SmartPick) arrives."""
    tokens = []
    for _ in range(2):
        url, process = start_serve(tmp_path)
        try:
            assert "?token=" in url
            tokens.append(url.rsplit("=", 1)[1])
            base = url.split("/?", 1)[0]

            async def scenario(url: str = url, base: str = base) -> None:
                async with client() as session:
                    for headers, query in (({}, ""), ({"Origin": EVIL}, url.split("?", 1)[1])):
                        with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
                            await open_ws(session, base, headers, "&" + query if query else "")
                        assert refused.value.status == 403
                    assert (await session.get(url)).status == 200  # follows the redirect, keeps the cookie
                    ws = await open_ws(session, base, {"Origin": base})
                    assert await first_screen(ws)
                    await ws.close()

            if len(tokens) == 1:
                run(scenario)
        finally:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
    assert tokens[0] != tokens[1] and len(tokens[0]) >= 40


def start_serve(tmp_path: Path) -> tuple[str, Any]:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = {name: value for name, value in os.environ.items() if not name.startswith("SMARTPICK_")}
    env |= {"XDG_CONFIG_HOME": str(tmp_path / "config"), "XDG_DATA_HOME": str(tmp_path / "data")}
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "smartpick_tui",
            "--db",
            str(tmp_path / "s.json"),
            "serve",
            "--port",
            str(port),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        env=env,
        text=True,
    )
    assert process.stdout is not None
    line = process.stdout.readline()
    assert line.startswith("SmartPick in your browser: "), line
    url = line.split(": ", 1)[1].split()[0]
    for _ in range(300):  # the address is printed before the socket listens
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            break
        except OSError:
            assert process.poll() is None
            import time

            time.sleep(0.1)
    return url, process
