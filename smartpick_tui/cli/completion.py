"""`smartpick completion bash|zsh`: a shell completion script, generated from the real parser.

shtab reads the argparse tree, so every subcommand and flag completes without a list to keep in
step; on top of it, the values with a fixed vocabulary complete too: specialty ids for
`--specialty` / `--backup`, draft kinds for `smartpick draft KIND` and `--kind`. Those stay
free text for argparse (aliases like "IM" are still accepted), only the completion offers them.
"""

from __future__ import annotations

import argparse
from collections.abc import Iterator

SHELLS = ("bash", "zsh")
SPECIALTY_FLAGS = frozenset({"--specialty", "--backup"})


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "completion",
        help="print a shell completion script (bash or zsh)",
        description="Print the completion script for your shell. Enable it with, for bash: "
        'eval "$(smartpick completion bash)" in ~/.bashrc; for zsh: '
        "smartpick completion zsh > ~/.zfunc/_smartpick (with ~/.zfunc in $fpath).",
    )
    parser.add_argument("shell", choices=SHELLS, help="the shell to complete in")
    parser.set_defaults(handler=run_completion)


def _actions(parser: argparse.ArgumentParser) -> Iterator[argparse.Action]:
    for action in parser._actions:
        yield action
        if isinstance(action, argparse._SubParsersAction):
            for sub in dict.fromkeys(action.choices.values()):  # aliases share a parser
                yield from _actions(sub)


def _words_function(name: str, words: list[str]) -> str:
    return f'{name}() {{\n  compgen -W {" ".join(words)!r} -- "$1"\n}}\n'


def completion_script(shell: str) -> str:
    """The script for `shell`, with specialty ids and draft kinds offered where they go."""
    import shtab

    from smartpick_tui.cli import build_parser
    from smartpick_tui.cli.draft import CHECK
    from smartpick_tui.core.draft_checks import DraftKind
    from smartpick_tui.core.specialties import all_specialties

    specialties = [specialty.id for specialty in all_specialties()]
    kinds = [kind.value for kind in DraftKind]
    words = {"specialty": specialties, "kind": [*kinds, CHECK], "check_kind": kinds}
    parser = build_parser()
    for action in _actions(parser):
        key = "specialty" if SPECIALTY_FLAGS & set(action.option_strings) else action.dest
        if key in words:
            action.complete = {"bash": f"_smartpick_{key}", "zsh": f"({' '.join(words[key])})"}  # type: ignore[attr-defined]
    functions = "".join(_words_function(f"_smartpick_{key}", values) for key, values in words.items())
    return shtab.complete(parser, shell=shell, preamble=functions if shell == "bash" else "")


def run_completion(args: argparse.Namespace) -> int:
    print(completion_script(args.shell), end="")
    return 0
