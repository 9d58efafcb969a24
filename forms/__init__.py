"""PDF forms: Jinja2 templates under `forms/templates/`, shared CSS and fonts under `forms/assets/`,
rendered by WeasyPrint with a URL fetcher that serves only those assets.

The package works from a plain context dict (see `workflows.presentation.document_context`) and
imports neither nicegui, tinydb nor workflows, so it can run in a worker process on its own.
WeasyPrint itself is imported only when `forms.renderer` is.
"""
