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
