"""The domain core must import without the UI or storage libraries (STYLE: Harlequin's rule)."""

import subprocess
import sys
import textwrap


def test_core_imports_without_textual_tinydb_or_jinja2():
    code = textwrap.dedent("""
        import importlib, pkgutil, sys

        class Block:
            def find_spec(self, name, path=None, target=None):
                if name.split(".")[0] in ("textual", "tinydb", "jinja2"):
                    raise ImportError("blocked: " + name)
                return None

        sys.meta_path.insert(0, Block())
        import smartpick_tui.core as core
        for module in pkgutil.walk_packages(core.__path__, "smartpick_tui.core."):
            importlib.import_module(module.name)
        leaked = sorted(m for m in sys.modules if m.split(".")[0] in ("textual", "tinydb", "jinja2"))
        assert not leaked, leaked
        print("ok")
    """)
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "ok"


def test_services_import_without_textual():
    """The service layer serves the CLI too (layers: core <- store <- drafts <- services <- tui):
    `smartpick programs` and the import child process load it without the UI library."""
    code = textwrap.dedent("""
        import importlib, pkgutil, sys

        class Block:
            def find_spec(self, name, path=None, target=None):
                if name.split(".")[0] == "textual":
                    raise ImportError("blocked: " + name)
                return None

        sys.meta_path.insert(0, Block())
        import smartpick_tui.services as services
        for module in pkgutil.walk_packages(services.__path__, "smartpick_tui.services."):
            importlib.import_module(module.name)
        importlib.import_module("smartpick_tui.tui.import_preview")  # the child: no Textual either
        print("ok")
    """)
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "ok"


def _defined_in_textual(names: set[str]) -> set[str]:
    """Which of `names` Textual defines (a function, class, attribute or annotated name): a plain
    text search of its sources, for the few candidates only (parsing all of Textual is slow)."""
    import re
    from pathlib import Path

    import textual

    source = "\n".join(
        path.read_text(encoding="utf-8") for path in Path(textual.__file__).parent.rglob("*.py")
    )
    return {
        name
        for name in names
        if re.search(rf"(?:def|class) {name}\b|\.{name}\s*(?::[^=\n]*)?=[^=]|^\s*{name}\s*[:=]", source, re.M)
    }


def test_no_private_textual_name_outside_textual_fixes():
    """Private Textual names (modules, tables, methods, attributes) are reached only through
    `tui/textual_fixes.py`, which checks each against the pin at start-up: a Textual upgrade
    must not break the app in a module nobody thinks of as Textual-dependent."""
    import ast
    from pathlib import Path

    import smartpick_tui

    package = Path(smartpick_tui.__file__).parent
    modules = [path for path in package.rglob("*.py") if path.name != "textual_fixes.py"]
    trees = {path: ast.parse(path.read_text(encoding="utf-8")) for path in modules}
    ours: set[str] = set()  # names the app defines itself (its own `self._x`)
    for tree in trees.values():
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
                ours.add(node.name)
            elif isinstance(node, ast.Attribute) and isinstance(node.ctx, ast.Store):
                ours.add(node.attr)
            elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
                ours.add(node.target.id)
    used = {
        node.attr
        for tree in trees.values()
        for node in ast.walk(tree)
        if isinstance(node, ast.Attribute) and node.attr.startswith("_") and not node.attr.startswith("__")
    }
    private = _defined_in_textual(used - ours)
    found = []
    for path, tree in trees.items():
        where = path.relative_to(package.parent)
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] == "textual":
                parts = [*(node.module or "").split("."), *(alias.name for alias in node.names)]
                found += [f"{where}:{node.lineno} {part}" for part in parts if part.startswith("_")]
            elif isinstance(node, ast.Import):
                for alias in node.names:
                    if alias.name.startswith("textual.") and "._" in alias.name:
                        found.append(f"{where}:{node.lineno} {alias.name}")
            elif isinstance(node, ast.Attribute) and node.attr in private:
                found.append(f"{where}:{node.lineno} .{node.attr}")
    assert not found, found


def test_no_class_overrides_a_private_textual_method_except_through_textual_fixes():
    """An app class defining a name that a Textual base class keeps private replaces Textual's
    internals (on purpose or by a clash of names): only `textual_fixes` may install one."""
    import importlib
    import inspect
    import pkgutil

    import smartpick_tui.tui as tui

    found = []
    for info in pkgutil.walk_packages(tui.__path__, "smartpick_tui.tui."):
        module = importlib.import_module(info.name)
        for _, cls in inspect.getmembers(module, inspect.isclass):
            if cls.__module__ != module.__name__:
                continue
            for name, value in vars(cls).items():
                if not name.startswith("_") or name.startswith("__") or not inspect.isfunction(value):
                    continue  # Textual's metaclass sets private class data on every subclass
                textual_bases = [b for b in cls.__mro__[1:] if b.__module__.split(".")[0] == "textual"]
                installed = getattr(value, "__module__", "") == "smartpick_tui.tui.textual_fixes"
                if any(name in vars(base) for base in textual_bases) and not installed:
                    found.append(f"{cls.__module__}.{cls.__qualname__}.{name}")
    assert not found, found
