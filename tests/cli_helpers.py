"""The command line in-process, as the tests of several folders drive it."""

from __future__ import annotations

import pytest

from smartpick_tui.cli import main


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    """`smartpick ARGV` through the real entry point: exit status, stdout, stderr."""
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err
