"""The guard in front of textual-serve: who may open the app in a browser (issue 25, item 4).

textual-serve's `Server` answers any request: its `/ws` endpoint starts an app process on the
student's state file for any `Origin` and any `Host`, so a web page the student visits (or a DNS
rebinding name pointing at 127.0.0.1) could read the screen and type into it, and every
websocket started another app. `GuardedServer` keeps textual-serve's page, static files and
app processes, and adds what Jupyter does:

- a random token per launch (`secrets.token_urlsafe`), in the address printed at start; the
  first visit with `?token=…` sets an HttpOnly, SameSite=Strict cookie and redirects to the
  page without it, so the websocket (same origin) is authorised by the cookie;
- `Host` must be an address this server was started on (loopback names for a loopback bind), so
  a rebinding name is refused; a wildcard `--public` bind accepts any Host and relies on the
  token, as Jupyter's `allow_remote_access` does;
- `Origin`, when a browser sends one, must be the page's own origin (`http://<Host>`): a page on
  another site cannot open the websocket even with the cookie (SameSite would not send it);
- at most `max_sessions` app processes at once; one more websocket is refused with 503.

Every refusal is an HTTP status with one plain sentence; nothing reaches the app process.
"""

from __future__ import annotations

import hmac
import logging
import secrets
import socket
from collections.abc import Awaitable, Callable
from typing import Any
from urllib.parse import urlsplit

import aiohttp_jinja2
from aiohttp import web
from textual_serve.server import Server, to_int

from smartpick_tui.cli.serve import is_loopback

TOKEN_PARAM = "token"
DEFAULT_MAX_SESSIONS = 4
PUBLIC_PATHS = ("/static/",)  # the page's scripts and fonts hold nothing of the student's

log = logging.getLogger("smartpick.serve")
Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


def cookie_name(port: int) -> str:
    """Cookies are not kept apart by port: two servers on one machine need two names."""
    return f"smartpick_token_{port}"


def new_token() -> str:
    return secrets.token_urlsafe(32)


def allowed_hosts(host: str, port: int) -> frozenset[str] | None:
    """The `Host` header values this server answers (lower case, with the port); None means
    any (a wildcard `--public` bind: the token is the guard)."""
    if host in ("0.0.0.0", "::"):
        return None
    names = {host.strip("[]").lower()}
    if is_loopback(host):
        names |= {"localhost", "127.0.0.1", "::1"}
    else:
        names |= {socket.gethostname().lower(), socket.getfqdn().lower()}
    return frozenset(f"[{name}]:{port}" if ":" in name else f"{name}:{port}" for name in names)


class GuardedServer(Server):
    """textual-serve's `Server` with a token, Host and Origin checks and a session cap."""

    def __init__(
        self,
        command: str,
        host: str,
        port: int,
        title: str,
        public_url: str,
        token: str | None = None,
        max_sessions: int = DEFAULT_MAX_SESSIONS,
        templates_path: str | None = None,
    ) -> None:
        extra = {} if templates_path is None else {"templates_path": templates_path}
        super().__init__(command, host=host, port=port, title=title, public_url=public_url, **extra)
        self.token = token or new_token()
        self.max_sessions = max_sessions
        self.sessions = 0
        self.hosts = allowed_hosts(host, port)
        self.cookie = cookie_name(port)

    @property
    def url_with_token(self) -> str:
        return f"{self.public_url}/?{TOKEN_PARAM}={self.token}"

    # --- the checks --------------------------------------------------------------------------
    def _token_ok(self, given: str | None) -> bool:
        return given is not None and hmac.compare_digest(given.encode(), self.token.encode())

    def refusal(self, request: web.Request) -> web.Response | None:
        """Why `request` may not go on (a response to send), or None when it may."""
        host = (request.headers.get("Host") or "").lower()
        if self.hosts is not None and host not in self.hosts:
            return web.Response(status=403, text="Refused: this server does not answer to that host name.\n")
        origin = request.headers.get("Origin")
        if origin is not None:
            parts = urlsplit(origin)
            if parts.scheme not in ("http", "https") or parts.netloc.lower() != host:
                return web.Response(
                    status=403, text="Refused: a page from another site cannot open SmartPick.\n"
                )
        if request.path.startswith(PUBLIC_PATHS):
            return None
        if self._token_ok(request.cookies.get(self.cookie)) or self._token_ok(request.query.get(TOKEN_PARAM)):
            return None
        return web.Response(
            status=403,
            text="Refused: open the address `smartpick serve` printed (it holds this launch's token).\n",
        )

    @web.middleware
    async def guard(self, request: web.Request, handler: Handler) -> web.StreamResponse:
        refused = self.refusal(request)
        if refused is not None:
            log.warning("refused %s %s", request.method, request.path)
            return refused
        if TOKEN_PARAM in request.query and request.path == "/":
            # First visit: keep the token in a cookie, take it out of the address bar.
            query = {k: v for k, v in request.query.items() if k != TOKEN_PARAM}
            target = request.rel_url.with_query(query) if query else request.rel_url.with_query(None)
            response = web.Response(status=302, headers={"Location": str(target)})
            response.set_cookie(self.cookie, self.token, httponly=True, samesite="Strict", path="/")
            return response
        return await handler(request)

    # --- textual-serve's hooks -------------------------------------------------------------------
    async def _make_app(self) -> web.Application:
        app = await super()._make_app()
        app.middlewares.append(self.guard)
        return app

    async def on_startup(self, app: web.Application) -> None:
        """textual-serve prints a logo and the address without the token; `run_serve` prints ours."""

    @aiohttp_jinja2.template("app_index.html")
    async def handle_index(self, request: web.Request) -> dict[str, Any]:
        """textual-serve's page, with the websocket on the host the page was opened on (its
        own builds it from `public_url`: a page opened as `localhost` then connected to
        `127.0.0.1`, another origin, and the cookie would not go with it)."""
        origin = f"{request.scheme}://{request.host}"
        scheme = "wss" if request.scheme == "https" else "ws"
        return {
            "font_size": to_int(request.query.get("fontsize", "16"), 16),
            "app_websocket_url": f"{scheme}://{request.host}{request.app.router['websocket'].url_for()}",
            "config": {"static": {"url": f"{origin}/static/"}},
            "application": {"name": self.title},
        }

    async def handle_websocket(self, request: web.Request) -> web.WebSocketResponse:
        if self.sessions >= self.max_sessions:
            raise web.HTTPServiceUnavailable(
                text=f"Refused: {self.max_sessions} SmartPick sessions are already open in browsers; "
                "close one first.\n"
            )
        self.sessions += 1
        try:
            return await super().handle_websocket(request)
        finally:
            self.sessions -= 1
