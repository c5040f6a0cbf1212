"""Where the app's folders are, resolved in one place (the Posting habit): the shipped data and
templates, the XDG data and config folders, the state file. The files kept beside the state
file (lock, imports, saved drafts) are named in `store.paths`, the backups in `store.backups`.

Shipped reference data (`data/`, `templates/`) lives at the top of the source tree and is
copied into the wheel as `smartpick_tui/_shipped/`; both layouts are found here so that an
editable checkout and a non-editable install behave the same. Stdlib only: the core imports it.
"""

from __future__ import annotations

import os
from pathlib import Path

APP_NAME = "smartpick"
DB_ENV = "SMARTPICK_DB"
_PACKAGE_DIR = Path(__file__).resolve().parent


def _shipped(name: str) -> Path:
    installed = _PACKAGE_DIR / "_shipped" / name
    if installed.is_dir():
        return installed
    return _PACKAGE_DIR.parent / name


def data_dir() -> Path:
    """The shipped reference data (specialties, program catalog, signals)."""
    return _shipped("data")


def templates_dir() -> Path:
    """The shipped Jinja2 templates."""
    return _shipped("templates")


def user_data_dir() -> Path:
    """Where the user's state lives (XDG data dir); not created here."""
    from platformdirs import user_data_path

    return Path(user_data_path(APP_NAME, appauthor=False))


def user_config_dir() -> Path:
    """Where user template overrides live (XDG config dir); not created here."""
    from platformdirs import user_config_path

    return Path(user_config_path(APP_NAME, appauthor=False))


def default_db_path(cli_value: str | os.PathLike[str] | None = None) -> Path:
    """The state file: `--db` wins, then `$SMARTPICK_DB`, then the XDG data dir."""
    if cli_value:
        return Path(cli_value).expanduser()
    env = os.environ.get(DB_ENV)
    if env:
        return Path(env).expanduser()
    return user_data_dir() / "state.json"
