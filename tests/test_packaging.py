"""A non-editable install ships `data/` and `templates/` inside the wheel and runs from anywhere.

A step of `.ci/run` (`pytest -m packaging tests/test_packaging.py`), not of the default run: pip
building the wheel and installing it with its dependencies into a fresh venv takes a minute."""

import json
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

import pytest

from smartpick_tui import __version__

ROOT = Path(__file__).resolve().parents[1]

pytestmark = pytest.mark.packaging


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", str(ROOT), "--no-deps", "-q", "-w", str(out)],
        check=True,
        capture_output=True,
        timeout=300,
    )
    return next(out.glob("smartpick_tui-*.whl"))


# What stays in the repository only (data/PROGRAMS.md): raw source extracts, fit-only data
# (AAMC-origin, never shipped), build scripts, and the crowdsourced IM tier list, an opinion list
# from a repository with no licence that is kept as a check.
REPO_ONLY_DIRS = {"sources", "fit"}
REPO_ONLY_FILES = {"im_tierlist_img.csv"}


def _shipped_data_files() -> list[Path]:
    data = ROOT / "data"
    return [
        path
        for path in data.rglob("*")
        if path.is_file()
        and not REPO_ONLY_DIRS & set(path.relative_to(data).parts)
        and path.name not in REPO_ONLY_FILES
        and path.suffix not in {".py", ".pyc"}  # build scripts, and their bytecode if Python wrote it
    ]


def test_wheel_contains_shipped_data_and_templates(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    shipped = [name for name in names if "/_shipped/data/" in name]
    assert not any("/_shipped/data/sources/" in name or "/_shipped/data/fit/" in name for name in shipped)
    assert not any(name.endswith((".py", "im_tierlist_img.csv")) for name in shipped), shipped
    for path in _shipped_data_files():
        assert f"smartpick_tui/_shipped/data/{path.relative_to(ROOT / 'data')}" in names
    assert "smartpick_tui/_shipped/data/program_facts.csv" in names
    for path in ROOT.joinpath("templates").rglob("*"):
        if path.is_file():
            assert f"smartpick_tui/_shipped/templates/{path.relative_to(ROOT / 'templates')}" in names
    assert "smartpick_tui/tui/app.tcss" in names
    assert any(name.endswith("entry_points.txt") for name in names)


def test_sdist_ships_facts_but_no_source_extract_fit_data_or_opinion_list(tmp_path):
    """The sdist is built by the project's own backend (hatchling, installed beside the test)."""
    backend = tmp_path / "backend"
    installed = subprocess.run(
        [sys.executable, "-m", "pip", "install", "-q", "--target", str(backend), "hatchling"],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert installed.returncode == 0, installed.stderr[-2000:]
    out = tmp_path / "dist"
    built = subprocess.run(
        [sys.executable, "-m", "hatchling", "build", "-t", "sdist", "-d", str(out)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=300,
        env={"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "PYTHONPATH": str(backend)},
    )
    assert built.returncode == 0, built.stderr[-2000:]
    sdist = next(out.glob("smartpick_tui-*.tar.gz"))
    with tarfile.open(sdist) as archive:
        names = {name.split("/", 1)[1] for name in archive.getnames() if "/" in name}
    data = {name for name in names if name.startswith("data/")}
    assert not any(name.startswith(("data/sources/", "data/fit/")) for name in data), sorted(data)
    assert "data/im_tierlist_img.csv" not in data
    for path in _shipped_data_files():
        assert str(path.relative_to(ROOT)) in names
    assert "data/program_facts.csv" in names and "smartpick_tui/core/program_facts.py" in names


def test_unpacked_wheel_runs_advise_from_another_directory(wheel, tmp_path):
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    code = (
        f"import sys; sys.path.insert(0, {str(site)!r}); "
        "from smartpick_tui.locations import data_dir; "
        "from smartpick_tui.cli import main; print(data_dir()); sys.exit(main(sys.argv[1:]))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code, "advise", "--step2", "258", "--specialty", "IM", "--json"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=60,
        env={"PATH": "/usr/bin:/bin", "HOME": str(tmp_path)},
    )
    assert result.returncode == 0, result.stderr
    first, rest = result.stdout.split("\n", 1)
    assert first.startswith(str(site / "smartpick_tui" / "_shipped"))
    assert json.loads(rest)["leverage"] == 8


def test_wheel_installs_into_a_fresh_venv_and_runs_from_another_directory(wheel, tmp_path):
    """What `pip install .` / `pipx install .` / `uv tool install .` do: the wheel and its
    dependencies in a venv of their own; then the entry point runs from an unrelated folder."""
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=120)
    python = venv / "bin" / "python"
    installed = subprocess.run(
        [str(python), "-m", "pip", "install", "-q", str(wheel)], capture_output=True, text=True, timeout=600
    )
    assert installed.returncode == 0, installed.stderr[-2000:]
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {"PATH": f"{venv / 'bin'}:/usr/bin:/bin", "HOME": str(tmp_path)}
    version = subprocess.run(
        [str(venv / "bin" / "smartpick"), "--version"], capture_output=True, text=True, cwd=elsewhere, env=env
    )
    assert version.returncode == 0, version.stderr
    assert version.stdout.strip() == f"smartpick {__version__}"
    script = subprocess.run(
        [str(venv / "bin" / "smartpick"), "completion", "bash"],
        capture_output=True,
        text=True,
        cwd=elsewhere,
        env=env,
    )
    assert script.returncode == 0 and "_shtab_smartpick" in script.stdout, script.stderr
