"""`smartpick serve`: the same app in a web browser, through textual-serve.

For students with a browser but no terminal (a Chromebook, an iPad, a locked-down laptop).
Each browser tab runs its own `smartpick --db FILE` process on this machine, on the same state
file as the terminal app: the store's lock and change polling already keep several sessions
consistent, and every change is saved as it is made, exactly as in a terminal.

The state holds scores and names, so the server listens on localhost only unless `--public`
says otherwise, and then warns. Every launch makes a new random token, printed in the address:
without it (or the cookie its first visit sets) nothing is served, a foreign `Host` or `Origin`
is refused, and at most `--max-sessions` app processes run at once (`cli.serve_guard`).
"""

from __future__ import annotations

import argparse
import ipaddress
import re
import shlex
import socket
import sys
import tempfile
from pathlib import Path

from smartpick_tui.cli.common import CliError, add_db_flag, db_path
from smartpick_tui.core.sanitize import clean_line
from smartpick_tui.store.paths import check_state_path

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000
PUBLIC_WARNING = (
    "smartpick: warning: serving on {host}: anyone who can reach this machine on port {port} "
    "and has the address below (its token) can read and change your plan. Stop it with ctrl+c "
    "when you are done."
)
MAX_SESSIONS_LIMIT = 32


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "serve",
        help="open the app in a web browser (localhost only unless --public)",
        description="Run the terminal app in a web page, on the same state file. Open the "
        "printed address in a browser on this machine.",
    )
    add_db_flag(parser)
    parser.add_argument("--host", default=DEFAULT_HOST, help=f"address to listen on (default {DEFAULT_HOST})")
    parser.add_argument("--port", type=int, default=DEFAULT_PORT, help=f"port (default {DEFAULT_PORT})")
    parser.add_argument(
        "--public",
        action="store_true",
        help="allow an address other than localhost (others on the network could open your plan)",
    )
    parser.add_argument(
        "--max-sessions",
        type=int,
        default=None,
        help="browser tabs (app processes) open at once (default 4)",
    )
    parser.set_defaults(handler=run_serve)


def is_loopback(host: str) -> bool:
    """Whether `host` only accepts connections from this machine ("localhost", 127.x, ::1)."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:  # a host name: only "localhost" is known to stay local
        return False


def app_command(state: str) -> str:
    """The shell command textual-serve starts for each browser tab: this Python, this package,
    this state file (absolute, so the server's working directory does not matter)."""
    return f"{shlex.quote(sys.executable)} -m smartpick_tui --db {shlex.quote(state)}"


# textual-serve's page links Google Fonts for its "Roboto Mono"; the package ships the font
# itself (static/fonts). Offline, or behind a school proxy, the fetch failed and the
# palette's icon was a blank box: the page uses the shipped file instead.
_FONT_LINK = re.compile(r"<link[^>]*fonts\.googleapis\.com[^>]*/>", re.DOTALL)
_LOCAL_FONT = """<style>
      @font-face { font-family: "Roboto Mono"; font-style: normal;
        src: url("{{ config.static.url }}fonts/RobotoMono-VariableFont_wght.ttf") format("truetype"); }
      @font-face { font-family: "Roboto Mono"; font-style: italic;
        src: url("{{ config.static.url }}fonts/RobotoMono-Italic-VariableFont_wght.ttf") format("truetype"); }
    </style>"""


# A phone (390 CSS pixels wide) laid the page out 980 pixels wide and shrank it: 108 columns
# of unreadable text. The page takes the device's width, and below 600 pixels a 12-pixel font
# (about 50 columns: the tab labels shorten, the forms fit) unless ?fontsize= says otherwise.
_VIEWPORT = '<meta name="viewport" content="width=device-width, initial-scale=1" />'
NARROW_PX, NARROW_FONT_PX = 600, 12
_NARROW_FONT = f"""<script>
      (function () {{
        var terminal = document.getElementById("terminal");
        if (terminal && window.innerWidth < {NARROW_PX}
            && !new URLSearchParams(window.location.search).has("fontsize")) {{
          terminal.dataset.fontSize = "{NARROW_FONT_PX}";
        }}
      }})();
    </script>
  </body>"""


def offline_templates(folder: Path) -> Path:
    """textual-serve's own page template, written to `folder` with its font served from this
    machine (nothing is fetched from the internet) and laid out for a phone's width."""
    import textual_serve

    source = Path(textual_serve.__file__).parent / "templates" / "app_index.html"
    page = _FONT_LINK.sub(lambda _match: _LOCAL_FONT, source.read_text(encoding="utf-8"))
    page = page.replace("<head>", "<head>\n    " + _VIEWPORT, 1).replace("</body>", _NARROW_FONT, 1)
    (folder / "app_index.html").write_text(page, encoding="utf-8")
    return folder


def run_serve(args: argparse.Namespace) -> int:
    if not 0 < args.port < 65536:
        raise CliError(f"--port: {args.port} is not a port number (1-65535)")
    host = args.host.strip()
    if not host:
        raise CliError("--host: give an address, e.g. 127.0.0.1")
    local = is_loopback(host)
    if not local and not args.public:
        raise CliError(
            f"--host {clean_line(host)} would let other machines open your plan; "
            f"add --public if that is what you want"
        )
    from smartpick_tui.cli.serve_guard import DEFAULT_MAX_SESSIONS, GuardedServer

    sessions = DEFAULT_MAX_SESSIONS if args.max_sessions is None else args.max_sessions
    if not 1 <= sessions <= MAX_SESSIONS_LIMIT:
        raise CliError(f"--max-sessions: {sessions} is not between 1 and {MAX_SESSIONS_LIMIT}")
    state = check_state_path(db_path(args), readonly=False)

    wildcard = host in ("0.0.0.0", "::")
    shown_host = socket.getfqdn() if wildcard else host
    url = f"http://{f'[{shown_host}]' if ':' in shown_host else shown_host}:{args.port}"
    if not local:
        print(PUBLIC_WARNING.format(host=clean_line(host), port=args.port), file=sys.stderr)
    with tempfile.TemporaryDirectory(prefix="smartpick-serve-") as pages:
        server = GuardedServer(
            app_command(str(state)),
            host=host,
            port=args.port,
            title="SmartPick",
            public_url=url,
            max_sessions=sessions,
            templates_path=str(offline_templates(Path(pages))),
        )
        print(f"SmartPick in your browser: {server.url_with_token}  (state file {state})", flush=True)
        server.serve()
    return 0
