"""Draft emails and personal-statement snippets: Jinja2 templates, rendering, sandbox.

Kept free of imports: `drafts.worker` runs in a child process and should start fast."""
