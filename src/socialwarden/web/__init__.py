"""The web app and HTTP API (FastAPI, Jinja2 templates, htmx)."""
