"""`smartpick`: the TUI by default, plus scriptable subcommands over the same core.

Each subcommand lives in its own module exposing `register(subparsers)`; a command's handler
returns an exit code and raises `CliError` for a user mistake, which becomes one line on
stderr and exit status 2 — never a traceback.

Start-up cost: only the module of the command being run is imported (`COMMANDS` maps each
command to its module), so `smartpick --version` and the TUI import no command module at all;
`--help`, an unknown command or a mistyped one register every module so argparse lists them all.
"""

from __future__ import annotations

import gc
import os
import sys
import warnings
from typing import TYPE_CHECKING, NoReturn

from smartpick_tui import __version__

if TYPE_CHECKING:
    import argparse
    from collections.abc import Sequence
    from types import ModuleType

# command -> the module under smartpick_tui.cli that registers it (a module may register several).
# tests/cli/test_lazy_cli.py checks this against what the modules really register.
COMMANDS: dict[str, str] = {
    "advise": "advise",
    "draft": "draft",
    "pick": "pick",
    "programs": "programs",
    "figures": "figures",
    "interviews": "season",
    "invite": "invite",
    "rank": "season",
    "calendar": "calendar_cmd",
    "share": "share",
    "soap": "soap",
    "couples": "couples",
    "peers": "peers",
    "profile": "store_cmds",
    "export": "store_cmds",
    "import": "store_cmds",
    "backup": "store_cmds",
    "locate": "store_cmds",
    "serve": "serve",
    "completion": "completion",
}
# The order `smartpick --help` lists them in.
MODULE_ORDER = (
    "advise",
    "draft",
    "pick",
    "programs",
    "figures",
    "season",
    "invite",
    "calendar_cmd",
    "share",
    "soap",
    "couples",
    "peers",
    "store_cmds",
    "serve",
    "completion",
)
_HELP = frozenset({"-h", "--help"})


def _command_word(argv: Sequence[str]) -> str | None:
    """The first word of `argv` that is not an option (or `--db`'s value): the command, if any."""
    skip = False
    for word in argv:
        if skip:
            skip = False
        elif word == "--db":
            skip = True
        elif word == "--":
            return None
        elif not word.startswith("-"):
            return word
    return None


def _modules_for(argv: Sequence[str] | None) -> tuple[str, ...]:
    """The command modules `argv` needs registered: one for a known command, none for the TUI or
    `--version`, every one for `--help`, an unknown command, or when the caller wants the whole tree."""
    if argv is None:
        return MODULE_ORDER
    command = _command_word(argv)
    if command in COMMANDS:
        return (COMMANDS[command],)
    if command is None and not _HELP & set(argv):
        return ()
    return MODULE_ORDER


def _module(name: str) -> ModuleType:
    import importlib

    return importlib.import_module(f"smartpick_tui.cli.{name}")


def build_parser(argv: Sequence[str] | None = None) -> argparse.ArgumentParser:
    """The argument parser; with `argv`, only the command modules that `argv` needs are imported."""
    import argparse

    class _Parser(argparse.ArgumentParser):
        def error(self, message: str) -> NoReturn:
            """One line, exit 2, like CliError; argparse quotes what was typed ("unrecognized
            arguments: …" raw), so an ESC / OSC 52 sequence in argv would reach the terminal."""
            from smartpick_tui.core.sanitize import clean_line

            self.exit(2, f"{self.prog}: error: {clean_line(message)}\n")

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
    for name in _modules_for(argv):
        _module(name).register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    words = list(sys.argv[1:] if argv is None else argv)
    if words == ["--version"]:  # what argparse would print, without importing it (issue 26)
        print(f"smartpick {__version__}")
        return 0
    parser = build_parser(words)
    args = parser.parse_args(words)
    if args.command is None:  # the terminal app: no collection until its first screen (cli/tui.py)
        gc.disable()
    # Imported after parsing, so `--version` and `--help` never load the store or the config.
    from smartpick_tui.cli.common import CliError
    from smartpick_tui.config import DEFAULTS, ConfigError, load_config
    from smartpick_tui.core.sanitize import clean_line
    from smartpick_tui.locations import DB_ENV
    from smartpick_tui.store.errors import CorruptStateError, SetAsideWarning, StoreError
    from smartpick_tui.store.paths import describe

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
    from smartpick_tui.core.sanitize import clean_line

    print(f"smartpick: error: {clean_line(message)}", file=sys.stderr)
    return 2
