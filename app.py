"""Wraparound: wiring only. Settings from the environment, the stores, the workflow catalogue,
the authentication middleware, page registration, `ui.run`.

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

import os
from pathlib import Path

from nicegui import app, background_tasks, run, ui

import pages.account
import pages.admin
import pages.casework
import pages.intake
import pages.kiosk
import pages.training
import pages.workflow
from forms.renderer import warm_up
from pages import services
from pages.account import log_safety, sessions, socket_guard
from pages.admin import demo
from pages.kiosk.settings import kiosk_settings_from_environment
from pages.middleware import AuthMiddleware
from pages.training import demo as training_demo
from store.files.accounts import AccountStore
from store.files.auditcheck import check_at_start
from store.files.casework import CaseStore
from store.files.change_feed import LocalChangeFeed
from store.files.damage import DamageReports, report_earlier
from store.files.kiosk_devices import KioskDevices, kiosk_device_settings_from_environment
from store.files.sandboxes import Sandboxes
from store.files.storage import line_codec
from store.files.training import TrainingRecords
from store.security.crypto import open_codec
from store.security.policy import settings_from_environment as security_from_environment
from store.security.secrets import load_or_create_secret
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
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    security = security_from_environment()
    # Everything under the data folder is encrypted with the data key (kept outside the folder).
    codec = open_codec(settings.data_dir)
    # A damaged file never stops the app: it is set aside or repaired, and reported here (server log,
    # and the data problems page for administrators and supervisors). The live folder opens first:
    # its key check refuses a wrong key before any other file could be taken for damaged.
    damage = DamageReports()
    # Live and training data live in separate folders: nothing in training mode can reach live data.
    # Each user practises in a sandbox of their own (data_dir/training/user-<name>); what practice
    # leaves behind (scores, comments, reviews) is kept apart in data_dir/training_records.
    # One feed of changes for the live walk-ins and the tablets' limits: every open staff page hears
    # of an urgent walk-in at once (store.files.change_feed; in-process, one app process).
    changes = LocalChangeFeed()
    live = CaseStore(settings.data_dir / "live", codec, reports=damage, changes=changes)
    sandboxes = Sandboxes(settings.data_dir / "training", codec, damage)
    training_records = TrainingRecords(settings.data_dir / "training_records", codec, damage)
    accounts = AccountStore(settings.data_dir / "accounts", codec, settings=security, reports=damage)
    # Enrolled lobby tablets (token hashes only) and their submission limit, apart from client data.
    kiosk_devices = KioskDevices(settings.data_dir / "kiosk", codec, kiosk_device_settings_from_environment(),
                                 reports=damage, changes=changes)
    # A definition or a scenario that does not check stops the app here, not in front of a client.
    catalogue = load_directory()
    live.documents.check_definitions(catalogue.sources.values(),
                                     [folder / "definitions" for folder in sandboxes.folders()])
    report_earlier(settings.data_dir, damage)
    services.install(services.Services(
        settings=settings, catalogue=catalogue, cases=live, sandboxes=sandboxes, training=training_records,
        scenarios=load_scenarios(catalogue=catalogue), accounts=accounts, security=security,
        kiosk_devices=kiosk_devices, damage=damage, changes=changes,
    ))
    # A clean close lets the next start skip crash recovery.
    for close in (live.close, sandboxes.close, training_records.close, accounts.close):
        app.on_shutdown(close)
    # A fresh PDF worker spends most of a second loading WeasyPrint and fonts; do it at start-up,
    # not while a social worker waits for the first download.
    app.on_startup(lambda: background_tasks.create(run.cpu_bound(warm_up), name="warm up PDF worker"))
    # The audit chains are walked in the background: a long log must not delay the start.
    heads = {settings.data_dir / "live" / "audit": live.audit.head()[0],
             settings.data_dir / "training_records" / "audit": training_records.audit.head()[0]}
    app.on_startup(lambda: background_tasks.create(
        run.io_bound(check_at_start, settings.data_dir, line_codec(codec), heads, damage),
        name="check the audit chains"))
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
    if settings.demo and not accounts.unavailable():  # never a new accounts file in place of a damaged one
        demo.seed_accounts(accounts)
        demo.seed_casework(live)
        demo.seed_kiosk_intake(live, catalogue)
        training_demo.seed_practice(services.get())
    return settings


if __name__ == "__main__":
    # PDF workers start fresh rather than as forks of a threaded server (NiceGUI 4's default).
    run.process_pool_start_method = "spawn"
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
        storage_secret=load_or_create_secret("WRAPAROUND_STORAGE_SECRET", "storage_secret", SETTINGS.data_dir),
        # HttpOnly is Starlette's default; SameSite=strict keeps the cookie off cross-site requests.
        session_middleware_kwargs={"same_site": "strict", "https_only": os.environ.get("WRAPAROUND_HTTPS") == "1"},
    )
