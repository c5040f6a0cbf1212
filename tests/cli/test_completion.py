"""`smartpick completion bash|zsh`: both scripts generate, know every subcommand, and offer the
specialty ids and draft kinds; the bash one is run in a real bash."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from smartpick_tui.cli import build_parser, main
from smartpick_tui.core.draft_checks import DraftKind
from smartpick_tui.core.specialties import all_specialties


def subcommands() -> list[str]:
    parser = build_parser()
    return sorted(parser._subparsers._group_actions[0].choices)  # type: ignore[union-attr]


@pytest.mark.parametrize("shell", ["bash", "zsh"])
def test_script_names_every_subcommand_specialty_and_kind(shell: str, capsys) -> None:
    assert main(["completion", shell]) == 0
    script = capsys.readouterr().out
    assert {"serve", "completion", "advise", "draft", "locate"} <= set(subcommands())
    for name in subcommands():
        assert name in script, name
    for specialty in all_specialties():
        assert specialty.id in script, specialty.id
    for kind in DraftKind:
        assert kind.value in script, kind


def test_an_unknown_shell_is_one_line(capsys) -> None:
    with pytest.raises(SystemExit) as raised:
        main(["completion", "fish"])
    assert raised.value.code == 2
    assert "invalid choice: 'fish'" in capsys.readouterr().err


@pytest.mark.skipif(shutil.which("bash") is None, reason="no bash here")
@pytest.mark.parametrize(
    ("words", "expected"),
    [
        ("smartpick advise --specialty inter", "internal-medicine"),
        ("smartpick pick --backup fam", "family-medicine"),
        ("smartpick draft thank", "thank-you"),
        ("smartpick draft che", "check"),
        ("smartpick ser", "serve"),
        ("smartpick completion z", "zsh"),
    ],
)
def test_bash_completes_for_real(words: str, expected: str, capsys) -> None:
    main(["completion", "bash"])
    script = capsys.readouterr().out
    cword = len(words.split()) - 1
    probe = (
        f"{script}\nCOMP_WORDS=({words}); COMP_CWORD={cword}; _shtab_smartpick\n"
        + 'printf "%s\\n" "${COMPREPLY[@]}"\n'
    )
    result = subprocess.run(["bash", "-c", probe], capture_output=True, text=True, timeout=30)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [expected]
