"""`cached_catalog`: one merged catalog for every tab, reloaded when the imports file changes."""

from pathlib import Path

from catalog_helpers import synthetic

from smartpick_tui.core.catalog import cached_catalog
from smartpick_tui.core.programs import shipped_catalog
from smartpick_tui.store.imports import write_imports


def test_reused_until_the_imports_file_changes(tmp_path: Path) -> None:
    path = tmp_path / "imports.json"
    first = cached_catalog(path)
    assert cached_catalog(path) is first
    assert len(first) == len(shipped_catalog())

    write_imports(path, synthetic(3))
    second = cached_catalog(path)
    assert second is not first and len(second) == len(shipped_catalog()) + 3
    assert cached_catalog(path) is second

    write_imports(path, synthetic(5))
    assert len(cached_catalog(path)) == len(shipped_catalog()) + 5


def test_each_imports_file_has_its_own_entry(tmp_path: Path) -> None:
    a, b = tmp_path / "a.json", tmp_path / "b.json"
    write_imports(a, synthetic(2))
    assert len(cached_catalog(a)) == len(shipped_catalog()) + 2
    assert len(cached_catalog(b)) == len(shipped_catalog())
    assert len(cached_catalog(None)) == len(shipped_catalog())
