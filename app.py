"""Wraparound: wiring only. Settings from the environment, the store, the workflow catalogue,
page registration, `ui.run`.

Environment:
  WRAPAROUND_DATA_DIR  where client data lives (default ./data)
  WRAPAROUND_PORT      HTTP port (default 8080)
  WRAPAROUND_DEMO      1 to say so on start-up (demo accounts and data come with the casework issue)
"""

from __future__ import annotations

import os
from pathlib import Path

from nicegui import app, background_tasks, run, ui

from forms.renderer import warm_up
from pages import documents, home, runner, services
from store.documents import DocumentStore
from workflows.loader import load_directory


def settings_from_environment() -> services.Settings:
    return services.Settings(
        data_dir=Path(os.environ.get("WRAPAROUND_DATA_DIR", "data")).resolve(),
        port=int(os.environ.get("WRAPAROUND_PORT", "8080")),
        demo=os.environ.get("WRAPAROUND_DEMO") == "1",
    )


def build() -> services.Settings:
    settings = settings_from_environment()
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    # A definition that does not check stops the app here, not in front of a client.
    store = DocumentStore(settings.data_dir)
    services.install(services.Services(settings=settings, catalogue=load_directory(), documents=store))
    # A clean close lets the next start skip crash recovery.
    app.on_shutdown(store.close)
    # A fresh PDF worker spends most of a second loading WeasyPrint and fonts; do it at start-up,
    # not while a social worker waits for the first download.
    app.on_startup(lambda: background_tasks.create(run.cpu_bound(warm_up), name="warm up PDF worker"))
    home.register()
    runner.register()
    documents.register()
    return settings


if __name__ == "__main__":
    SETTINGS = build()
    print(f"Wraparound is starting on http://localhost:{SETTINGS.port} (data in {SETTINGS.data_dir})",
          flush=True)
    ui.run(
        title="Wraparound",
        port=SETTINGS.port,
        language=SETTINGS.language,  # type: ignore[arg-type]
        reload=False,
        show=False,
        favicon="🧭",
    )
