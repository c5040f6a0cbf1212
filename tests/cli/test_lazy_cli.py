"""The command line imports only what the command run needs (issue 26: `--version` was 17× `python -c pass`).

`COMMANDS` is the one map from a command to the module that registers it; these tests hold it to
what the modules really register, and check in a fresh interpreter what `--version` and a command
import.
"""

import argparse
import subprocess
import sys

import pytest

from smartpick_tui.cli import COMMANDS, MODULE_ORDER, _command_word, _module, build_parser


def _registered(module_name: str) -> set[str]:
    parser = argparse.ArgumentParser()
    subparsers = parser.add_subparsers()
    _module(module_name).register(subparsers)
    return set(subparsers.choices)


def test_the_map_names_every_command_each_module_registers():
    for name in MODULE_ORDER:
        assert _registered(name) == {command for command, module in COMMANDS.items() if module == name}
    assert set(COMMANDS.values()) == set(MODULE_ORDER)


@pytest.mark.parametrize(
    ("argv", "word"),
    [
        ([], None),
        (["--version"], None),
        (["--db", "pick", "advise"], "advise"),
        (["--db=x.json", "rank", "export"], "rank"),
        (["-h"], None),
        (["--", "pick"], None),
    ],
)
def test_the_command_word_skips_options_and_the_db_value(argv, word):
    assert _command_word(argv) == word


def _modules(text: str) -> set[str]:
    return {word for word in text.split() if word.startswith("smartpick_tui")}


def _run_and_list(*argv: str) -> set[str]:
    code = (
        "import sys\nfrom smartpick_tui.cli import main\n"
        f"try:\n    main({list(argv)!r})\nexcept SystemExit:\n    pass\n"
        "print('MODULES', *sorted(m for m in sys.modules if m.startswith('smartpick_tui')))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    line = next(line for line in result.stdout.splitlines() if line.startswith("MODULES"))
    return _modules(line)


def test_version_imports_no_command_module_nor_the_store():
    loaded = _run_and_list("--version")
    assert loaded == {"smartpick_tui", "smartpick_tui.cli"}


def test_a_command_imports_its_own_module_only(tmp_path):
    loaded = _run_and_list("--db", str(tmp_path / "s.json"), "locate")
    assert "smartpick_tui.cli.store_cmds" in loaded
    assert not {f"smartpick_tui.cli.{name}" for name in MODULE_ORDER if name != "store_cmds"} & loaded


def test_help_lists_every_command(capsys):
    with pytest.raises(SystemExit):
        build_parser(["--help"]).parse_args(["--help"])
    out = capsys.readouterr().out
    for command in COMMANDS:
        assert command in out


def test_an_unknown_command_is_told_the_real_ones(capsys):
    with pytest.raises(SystemExit):
        build_parser(["pik"]).parse_args(["pik"])
    err = capsys.readouterr().err
    assert "invalid choice: 'pik'" in err and "'pick'" in err
