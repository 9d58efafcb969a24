"""Wraparound: wiring. Settings from the environment, the stores, the workflow catalogue, the
authentication middleware, page registration, `ui.run`; and two process-wide memory settings that
keep the garbage collector's pauses short under load (below).

Environment:
  WRAPAROUND_DATA_DIR            where client data lives (default ./data)
  WRAPAROUND_PORT                HTTP port (default 8080)
  WRAPAROUND_DEMO                1: create clearly-marked demo accounts and print how to log in
  WRAPAROUND_IDLE_LOCK_MINUTES   lock a staff session after this many idle minutes (default 15, at most 30)
  WRAPAROUND_KIOSK_SUBMISSIONS   intakes one enrolled kiosk tablet may send per window (default 6)
  WRAPAROUND_KIOSK_WINDOW_SECONDS  that sliding window in seconds (default 600)
  WRAPAROUND_KIOSK_IDLE_WARN_SECONDS  kiosk: seconds without input before "Are you still there?" (default 60)
  WRAPAROUND_KIOSK_IDLE_WIPE_SECONDS  kiosk: seconds after that warning before the answers are wiped (default 90)
  WRAPAROUND_KIOSK_THANKS_SECONDS     kiosk: seconds the thank-you screen shows before it resets (default 20)
  WRAPAROUND_HTTPS               1: cookies (session, kiosk tablet) are sent over HTTPS only
  WRAPAROUND_STORAGE_SECRET      session-cookie secret (default: a file made on first run in ~/.config/wraparound)
"""

from __future__ import annotations

import functools
import gc
import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from nicegui import Client, app, background_tasks, helpers, run, ui
from nicegui.element import Element

import pages.account
import pages.admin
import pages.casework
import pages.intake
import pages.kiosk
import pages.training
import pages.workflow
import store
from forms.renderer import warm_up
from pages import services
from pages.account import log_safety, sessions, socket_guard
from pages.admin import demo
from pages.kiosk.settings import kiosk_settings_from_environment
from pages.middleware import AuthMiddleware
from pages.training import demo as training_demo
from workflows.loader import load_directory
from workflows.scenarios import load_scenarios


def settings_from_environment() -> services.Settings:
    return services.Settings(
        data_dir=Path(os.environ.get("WRAPAROUND_DATA_DIR", "data")).resolve(),
        port=int(os.environ.get("WRAPAROUND_PORT", "8080")),
        demo=os.environ.get("WRAPAROUND_DEMO") == "1",
    )


def build() -> services.Settings:
    settings = settings_from_environment()
    # Everything under the data folder, encrypted with the data key (kept outside the folder); a
    # damaged file never stops the app: it is set aside or repaired and reported (server log, and the
    # data problems page for administrators and supervisors). Live and training data live in
    # separate folders: nothing in training mode can reach live data. Each user practises in a
    # sandbox of their own; what practice leaves behind (scores, comments, reviews) is kept apart.
    workspace = store.open_workspace(settings.data_dir, security=store.security_settings_from_environment(),
                                     kiosk=store.kiosk_device_settings_from_environment())
    # A definition or a scenario that does not check stops the app here, not in front of a client.
    catalogue = load_directory()
    workspace.check_definitions(catalogue.sources.values())
    services.install(services.Services(
        settings=settings, catalogue=catalogue, cases=workspace.live, sandboxes=workspace.sandboxes,
        training=workspace.training, scenarios=load_scenarios(catalogue=catalogue), accounts=workspace.accounts,
        security=workspace.security, kiosk_devices=workspace.kiosk_devices, damage=workspace.damage,
        changes=workspace.changes,
    ))
    # A clean close lets the next start skip crash recovery.
    app.on_shutdown(workspace.close)
    # A fresh PDF worker spends most of a second loading WeasyPrint and fonts; do it at start-up,
    # not while a social worker waits for the first download.
    app.on_startup(lambda: background_tasks.create(run.cpu_bound(warm_up), name="warm up PDF worker"))
    # The audit chains are walked in the background: a long log must not delay the start.
    app.on_startup(lambda: background_tasks.create(run.io_bound(workspace.check_audit_chains),
                                                   name="check the audit chains"))
    # Elements a redraw removes are freed at once, not in the garbage collector's long pauses.
    free_removed_elements_at_once()
    # Log lines stay one line of bounded length, whatever a visitor puts in a path or a message.
    log_safety.install()
    app.add_middleware(AuthMiddleware)
    # Every event from an open page is checked against its session; ended sessions' pages close.
    socket_guard.install()
    app.on_startup(sessions.start_sweeping)
    # The order is the navigation's order: New client, Search, Audit, Users, Kiosk tablets, Training.
    pages.account.register()
    pages.workflow.register()
    pages.casework.register()
    pages.admin.register()
    pages.intake.register()
    pages.kiosk.register(kiosk_settings_from_environment())
    pages.training.register()
    if settings.demo and not workspace.accounts.unavailable():  # never a new accounts file for a damaged one
        demo.seed_accounts(workspace.accounts)
        demo.seed_casework(workspace.live)
        demo.seed_kiosk_intake(workspace.live, catalogue)
        training_demo.seed_practice(services.get())
    return settings


# -- memory: what the cyclic garbage collector would otherwise pause for --------------------------
#
# Every NiceGUI (3.x) element holds its props, classes and style in observable collections, and each
# of those keeps its own `_update` method among its change handlers: three small reference cycles per
# element. So every element a redraw removes (a step's fields on Back / Next, a refreshed list) stayed
# in memory until a full collection, which by then had tens of thousands of them to free while it
# held the GIL, every page and every save waiting, for a few hundred milliseconds: under 25 busy
# staff that was most of a step's p95. After NiceGUI has removed elements from their page (they are
# never drawn or updated again) their handlers are dropped, which ends the cycles. Only NiceGUI's
# own removal is wrapped; if a NiceGUI version keeps these handlers elsewhere, nothing is dropped
# and elements are collected as before.

_COLLECTIONS = ("_props", "_classes", "_style")
_INSTALLED = "_wraparound_breaks_cycles"


def break_cycles(elements: Iterable[Element]) -> None:
    """Drop the change handlers of removed elements' props, classes and style."""
    for element in elements:
        for name in _COLLECTIONS:
            handlers = getattr(getattr(element, name, None), "_change_handlers", None)
            if isinstance(handlers, list):
                handlers.clear()


def free_removed_elements_at_once() -> None:
    """Break the cycles of every element NiceGUI removes from a page from now on (once per process)."""
    if getattr(Client.remove_elements, _INSTALLED, False):
        return
    remove_elements = Client.remove_elements

    @functools.wraps(remove_elements)
    def removing(self: Client, elements: Iterable[Element], *args: Any, **kwargs: Any) -> None:
        removed = list(elements)  # NiceGUI iterates more than once too; a generator would be spent
        remove_elements(self, removed, *args, **kwargs)
        break_cycles(element for element in removed if element.is_deleted)

    setattr(removing, _INSTALLED, True)
    Client.remove_elements = removing  # type: ignore[method-assign]


def freeze_startup_heap() -> None:
    """Keep what start-up built (the stores' in-memory indexes, the definitions, NiceGUI itself:
    about 560,000 tracked objects on the 20,000-case benchmark store) out of the cyclic garbage
    collector's full collections. A full collection walks every tracked object while it holds the
    GIL, so every page and every save waits for it; under load (pages redrawn, their old elements
    left in reference cycles) one ran every few seconds. Frozen objects are still freed by
    reference counting; everything made after this is collected as before. Not under pytest: the
    user simulation starts the app once per test in one process, and what one test froze would
    never be collected."""
    if helpers.is_pytest():
        return
    gc.collect()
    gc.freeze()


if __name__ == "__main__":
    # PDF workers start fresh rather than as forks of a threaded server (NiceGUI 4's default).
    run.process_pool_start_method = "spawn"
    SETTINGS = build()
    app.on_startup(freeze_startup_heap)
    print(f"Wraparound is starting on http://localhost:{SETTINGS.port} (data in {SETTINGS.data_dir})",
          flush=True)
    ui.run(
        title="Wraparound",
        port=SETTINGS.port,
        language=SETTINGS.language,  # type: ignore[arg-type]
        reload=False,
        show=False,
        favicon="🧭",
        storage_secret=store.load_or_create_secret("WRAPAROUND_STORAGE_SECRET", "storage_secret", SETTINGS.data_dir),
        # HttpOnly is Starlette's default; SameSite=strict keeps the cookie off cross-site requests.
        session_middleware_kwargs={"same_site": "strict", "https_only": os.environ.get("WRAPAROUND_HTTPS") == "1"},
    )
