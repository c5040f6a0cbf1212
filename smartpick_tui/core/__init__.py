"""The domain core: the article's rules and everything computed from them.

Pure Python. Importing this package must not pull in Textual, TinyDB or Jinja2; a test
checks that in a fresh interpreter.
"""
