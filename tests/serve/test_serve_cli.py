"""`smartpick serve` stays on localhost unless told otherwise, and says so loudly when told."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from smartpick_tui.cli import main
from smartpick_tui.cli.serve import app_command, is_loopback


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost", "::1", "127.0.0.2", "[::1]"])
def test_loopback_hosts(host: str) -> None:
    assert is_loopback(host)


@pytest.mark.parametrize("host", ["0.0.0.0", "::", "192.168.1.5", "example.org", "my-laptop"])
def test_other_hosts_are_not_loopback(host: str) -> None:
    assert not is_loopback(host)


@pytest.mark.parametrize("host", ["0.0.0.0", "192.168.1.5"])
def test_binding_elsewhere_without_public_is_refused_in_one_line(host: str, tmp_path: Path, capsys) -> None:
    assert main(["--db", str(tmp_path / "s.json"), "serve", "--host", host]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and f"--host {host}" in err and "--public" in err


def test_a_bad_port_is_one_line(tmp_path: Path, capsys) -> None:
    assert main(["--db", str(tmp_path / "s.json"), "serve", "--port", "70000"]) == 2
    assert "--port: 70000 is not a port number" in capsys.readouterr().err


def test_app_command_quotes_the_state_path() -> None:
    command = app_command("/tmp/my plans/it's.json")
    assert command.endswith("--db '/tmp/my plans/it'\"'\"'s.json'")
    assert command.startswith(sys.executable)


def test_public_warns_that_anyone_on_the_network_can_open_the_plan(tmp_path: Path) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = {name: value for name, value in os.environ.items() if not name.startswith("SMARTPICK_")}
    env["XDG_CONFIG_HOME"] = str(tmp_path / "config")
    serve = ["serve", "--host", "0.0.0.0", "--public", "--port", str(port)]
    process = subprocess.Popen(
        [sys.executable, "-m", "smartpick_tui", "--db", str(tmp_path / "s.json"), *serve],
        stderr=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        env=env,
        text=True,
    )
    try:
        assert process.stderr is not None
        line = process.stderr.readline()
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=15)
    assert line.startswith("smartpick: warning: serving on 0.0.0.0: anyone who can reach this machine")
