"""The Textual app. Nothing below this package imports it."""
