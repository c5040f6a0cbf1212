"""`smartpick`: the TUI by default, plus scriptable subcommands over the same core.

Each subcommand lives in its own module exposing `register(subparsers)`; a command's handler
returns an exit code and raises `CliError` for a user mistake, which becomes one line on
stderr and exit status 2 — never a traceback.
"""

from __future__ import annotations

import argparse
import os
import sys
import warnings
from collections.abc import Sequence
from typing import NoReturn

from smartpick_tui import __version__
from smartpick_tui.cli import (
    advise,
    calendar_cmd,
    completion,
    draft,
    pick,
    programs,
    season,
    serve,
    store_cmds,
)
from smartpick_tui.cli.common import CliError
from smartpick_tui.config import DEFAULTS, ConfigError, load_config
from smartpick_tui.core.sanitize import clean_line
from smartpick_tui.locations import DB_ENV
from smartpick_tui.store.errors import CorruptStateError, SetAsideWarning, StoreError
from smartpick_tui.store.paths import describe

COMMAND_MODULES = (advise, draft, pick, programs, season, calendar_cmd, store_cmds, serve, completion)


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        """One line, exit 2, like CliError; argparse quotes what was typed ("unrecognized
        arguments: …" raw), so an ESC / OSC 52 sequence in argv would reach the terminal."""
        self.exit(2, f"{self.prog}: error: {clean_line(message)}\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="smartpick",
        description="Plan residency applications without home-program support. "
        "Run with no command to open the terminal app.",
    )
    parser.add_argument("--version", action="version", version=f"smartpick {__version__}")
    parser.add_argument(
        "--db",
        metavar="PATH",
        help="state file to use (default: $SMARTPICK_DB, else the user data dir)",
    )
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    for module in COMMAND_MODULES:
        module.register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        config, config_error = DEFAULTS, None
        try:
            config = load_config()
        except ConfigError as error:  # the TUI starts with the defaults and says it; a script stops
            if args.command is not None:
                raise CliError(str(error)) from None
            config_error = clean_line(str(error))
        except RuntimeError:  # platformdirs: no home directory, so no config file to read
            pass
        if config.state_path and not args.db and not os.environ.get(DB_ENV):  # --db, then $SMARTPICK_DB win
            args.db = str(config.state_path)
        if args.command is None:
            from smartpick_tui.cli.tui import run_tui

            return run_tui(args, config, config_error)
        with warnings.catch_warnings(record=True) as said:
            warnings.simplefilter("always", SetAsideWarning)
            status = int(args.handler(args))
        for warning in said:  # entries of the state file a read skipped: said, one line each
            if issubclass(warning.category, SetAsideWarning):
                print(f"smartpick: warning: {clean_line(str(warning.message))}", file=sys.stderr)
            else:
                warnings.showwarning(
                    warning.message,
                    warning.category,
                    warning.filename,
                    warning.lineno,
                    warning.file,
                    warning.line,
                )
        return status
    except CliError as error:
        return _fail(str(error))
    except CorruptStateError as error:  # the one place a store problem becomes a CLI message
        return _fail(
            f"{error}. Nothing was changed; `smartpick backup list` shows the "
            "backups and `smartpick backup restore N` puts one back"
        )
    except StoreError as error:
        return _fail(str(error))
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # `smartpick ... | head`: the reader left, nothing to report
        sys.stderr.close()
        return 0
    except OSError as error:  # a path the OS refuses outright (name too long, ...): one line
        return _fail(describe(error))


def _fail(message: str) -> int:
    """One line on stderr, exit status 2; paths and values may hold control characters."""
    print(f"smartpick: error: {clean_line(message)}", file=sys.stderr)
    return 2
