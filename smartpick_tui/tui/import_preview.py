"""Read and plan a CSV import in a child process.

Parsing tens of thousands of rows is pure Python: in a thread it holds the GIL, and the UI
answered a key only every ~0.7 s while a 50 MB file was read (tests/hardening/
test_import_volume.py). In a child process the UI keeps the interpreter to itself. The child
is `python -m smartpick_tui.tui.import_preview`: it imports no Textual, reads its arguments as
a pickle on stdin and writes the result as a pickle on stdout (our own process both ends). The
reading itself is the CLI's (`services.catalog_import.preview_csv`).
"""

from __future__ import annotations

import pickle
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path

from smartpick_tui.core.csv_import import CsvImportError
from smartpick_tui.services.catalog_import import CsvPreview, preview_csv
from smartpick_tui.store import StoreError

Result = CsvPreview | str


def _read_and_plan(path: Path, known: Mapping[str, str], imports_path: Path) -> Result:
    try:
        return preview_csv(path, imports_path, known)
    except (CsvImportError, StoreError) as error:
        return f"Cannot import: {error}"


def read_and_plan(path: Path, known: Mapping[str, str], imports_path: Path) -> Result:
    """The preview, or the message saying why the file cannot be imported. `known` is
    `catalog_states(imports_path)`, which the app has cached (the child would load it again)."""
    child = subprocess.run(
        [sys.executable, "-m", __name__],
        input=pickle.dumps((path, dict(known), imports_path)),
        capture_output=True,
        check=False,
    )
    if child.returncode != 0:
        last = child.stderr.decode("utf-8", "replace").strip().splitlines()[-1:] or ["no output"]
        return f"Cannot import: the reader stopped ({last[0][:200]})"
    result: Result = pickle.loads(child.stdout)
    return result


if __name__ == "__main__":
    arguments = pickle.loads(sys.stdin.buffer.read())
    sys.stdout.buffer.write(pickle.dumps(_read_and_plan(*arguments)))
