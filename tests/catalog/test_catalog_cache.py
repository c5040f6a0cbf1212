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


def test_kept_by_content_not_by_path(tmp_path: Path) -> None:
    """Every app without imports shares one catalog, and so do files with the same bytes: a test
    process opening hundreds of temporary paths keeps a handful of catalogs, not one each."""
    from smartpick_tui.core import catalog as module

    assert cached_catalog(tmp_path / "none-here.json") is cached_catalog(None)
    a, b = tmp_path / "a.json", tmp_path / "b.json"
    write_imports(a, synthetic(2))
    b.write_bytes(a.read_bytes())
    assert cached_catalog(a) is cached_catalog(b)
    for i in range(module.CACHE_CATALOGS + 3):
        path = tmp_path / f"many{i}.json"
        write_imports(path, synthetic(i + 1))
        cached_catalog(path)
    assert len(module._cache) <= module.CACHE_CATALOGS
    assert len(module._keys) <= module.CACHE_PATHS


def test_a_broken_file_is_warned_about_by_its_own_path(tmp_path: Path) -> None:
    a, b = tmp_path / "a.json", tmp_path / "b.json"
    a.write_bytes(b"{not json")
    b.write_bytes(b"{not json")
    assert any(str(a) in warning for warning in cached_catalog(a).warnings)
    assert any(str(b) in warning for warning in cached_catalog(b).warnings)
