"""`jurex serve`: the workbench in the browser and the HTTP API (FastAPI, Jinja2, htmx), on the same library and
the same words as the command line. Nothing here is imported by the other commands."""
