"""`smartpick serve`: the same app in a web browser, through textual-serve.

For students with a browser but no terminal (a Chromebook, an iPad, a locked-down laptop).
Each browser tab runs its own `smartpick --db FILE` process on this machine, on the same state
file as the terminal app: the store's lock and change polling already keep several sessions
consistent, and every change is saved as it is made, exactly as in a terminal.

The state holds scores and names, so the server listens on localhost only unless `--public`
says otherwise, and then warns; there is no login in front of it.
"""

from __future__ import annotations

import argparse
import ipaddress
import shlex
import socket
import sys

from smartpick_tui.cli.common import CliError, add_db_flag, db_path
from smartpick_tui.core.sanitize import clean_line
from smartpick_tui.store.paths import check_state_path

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000
PUBLIC_WARNING = (
    "smartpick: warning: serving on {host}: anyone who can reach this machine on port {port} "
    "can read and change your plan (there is no password). Stop it with ctrl+c when you are done."
)


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
    state = check_state_path(db_path(args), readonly=False)
    from textual_serve.server import Server

    wildcard = host in ("0.0.0.0", "::")
    shown_host = socket.getfqdn() if wildcard else host
    url = f"http://{f'[{shown_host}]' if ':' in shown_host else shown_host}:{args.port}"
    if not local:
        print(PUBLIC_WARNING.format(host=clean_line(host), port=args.port), file=sys.stderr)
    print(f"SmartPick in your browser: {url}  (state file {state})", flush=True)
    Server(app_command(str(state)), host=host, port=args.port, title="SmartPick", public_url=url).serve()
    return 0
