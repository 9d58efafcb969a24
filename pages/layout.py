"""The frame every staff page shares: header, skip link, a main landmark, the theme.

Colours are chosen for WCAG AA contrast (NiceGUI's default primary is too light for white text).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from nicegui import ui

from pages.authz import may, may_open
from pages.services import Actor, current_actor

PRIMARY = "#1d4f73"  # 8.3:1 against white
TRAINING_ACCENT = "#7a3e00"

CSS = """
body { font-size: 17px; line-height: 1.5; color: #1f2933; background: #f5f7f9; }
.wa-header { background: #1d4f73; color: #fff; }
.wa-main { max-width: 920px; margin: 0 auto; width: 100%; padding: 16px; }
.wa-card { background: #fff; border: 1px solid #d5dde5; border-radius: 8px; padding: 20px 24px; width: 100%; }
.wa-muted { color: #4a5561; }
.wa-help { color: #4a5561; font-size: 0.95rem; margin: 2px 0 6px 0; }
.wa-error { color: #a4141b; font-weight: 600; }
.wa-instructions { background: #eef4f9; border-left: 4px solid #1d4f73; padding: 10px 14px; border-radius: 4px; }
fieldset.wa-fieldset { border: 1px solid #d5dde5; border-radius: 6px; padding: 10px 14px 12px 14px; margin: 0; }
fieldset.wa-fieldset legend { font-weight: 600; padding: 0 4px; }
fieldset.wa-invalid { border-color: #a4141b; border-width: 2px; }
.wa-steps { list-style: none; padding: 0; margin: 0; display: flex; flex-wrap: wrap; gap: 2px 14px;
            font-size: 0.92rem; }
.wa-steps li { padding: 2px 0; }
.wa-steps .q-btn { font-size: 0.92rem; padding: 0 2px; min-height: 0; }
.wa-steps li[aria-current="step"] { font-weight: 700; }
.wa-step-done { color: #1f6f43; }
.wa-summary { border: 2px solid #a4141b; background: #fdf1f1; border-radius: 6px; padding: 10px 14px; }
.wa-review dt { font-weight: 600; margin-top: 8px; }
.wa-review dd { margin: 0 0 0 0; white-space: pre-wrap; }
.q-field__label, .q-field__bottom { color: #3c4650 !important; }
.q-field--error .q-field__bottom { color: #a4141b !important; }
a.wa-link { color: #1d4f73; text-decoration: underline; }
/* Quasar's request loading bar is an unnamed progressbar (an axe violation) and adds nothing here. */
.q-loading-bar { display: none !important; }
.wa-queue td, .wa-queue th { padding: 6px 8px; border-bottom: 1px solid #d5dde5; vertical-align: top; }
tr.wa-urgent { background: #fdf1f1; }
tr.wa-urgent td:first-child { border-left: 4px solid #a4141b; }
.wa-tag { display: inline-block; border-radius: 4px; padding: 0 8px; font-size: 0.9rem; font-weight: 600; }
.wa-tag-danger { background: #a4141b; color: #fff; }
.wa-tag-restricted { background: #4a2a6b; color: #fff; }
.wa-tag-plain { background: #e3e8ee; color: #1f2933; }
.wa-header.wa-training { background: #7a3e00; }
.wa-training-banner { background: #fff3e0; color: #5c2e00; border-bottom: 3px solid #7a3e00; padding: 8px 16px;
                      font-weight: 700; text-align: center; }
"""

FOCUS_SCRIPT = """
window.waFocus = function (id) {
  // A Quasar field given a `for` id passes it to its native input, so look for that too.
  const root = document.getElementById(id) || document.getElementById(id + '-input');
  if (!root) return;
  // A text box first, then a radio or checkbox, then anything else that takes focus; Quasar's
  // internal focus helpers (tabindex=-1) are never the target.
  const selectors = ['input:not([type=hidden]), textarea, select', '[role=radio], [role=checkbox]',
                     'button, a[href], [tabindex]:not([tabindex="-1"])'];
  for (const selector of selectors) {
    const target = root.matches(selector) ? root : root.querySelector(selector);
    if (target) { target.focus(); return; }
  }
  root.setAttribute('tabindex', '-1');
  root.focus();
};
"""


NAV: list[tuple[str, str]] = []
"""(label, path) of the main menu, in order; filled by `register_nav` as pages register."""


def register_nav(label: str, path: str) -> None:
    if (label, path) not in NAV:
        NAV.append((label, path))


# What the feature packages add to every staff page, each at its register(): the layout names no
# feature, so no feature's page module imports the layout back through it.
HEADER_PARTS: list[Callable[[Actor], None]] = []
"""Drawn in the header after the menu (the urgent walk-in alert)."""
PAGE_PARTS: list[Callable[[], None]] = []
"""Installed on the page once (the idle lock and its warning)."""
MAIN_PARTS: list[Callable[[Actor], None]] = []
"""Drawn at the top of the main column (damaged files, for the staff who can act on them)."""
MODE_SWITCH: list[Callable[[str], None]] = []
"""Switching between live work and training mode, when the role may."""


def on_every_staff_page(*, header: Callable[[Actor], None] | None = None, page: Callable[[], None] | None = None,
                        main: Callable[[Actor], None] | None = None) -> None:
    """Add a part to every staff page; adding the same part again (a second app build) does nothing."""
    for parts, part in ((HEADER_PARTS, header), (PAGE_PARTS, page), (MAIN_PARTS, main)):
        if part is not None and part not in parts:
            parts.append(part)  # type: ignore[arg-type]


def set_mode_switch(switch: Callable[[str], None]) -> None:
    MODE_SWITCH[:] = [switch]


def _theme(title: str) -> None:
    ui.page_title(f"{title} — Wraparound")
    ui.colors(primary=PRIMARY)
    ui.button.default_props("no-caps")  # sentence case reads better than Quasar's capitals
    ui.add_css(CSS)
    ui.add_head_html(f"<script>{FOCUS_SCRIPT}</script>")


@contextmanager
def bare_frame(title: str) -> Iterator[None]:
    """A page for people who are not logged in (log in, session locked)."""
    _theme(title)
    with ui.header().classes("wa-header items-center px-4 py-2"):
        ui.label("Wraparound").classes("text-white text-lg font-bold")
    # Quasar's q-page is already the page's <main> landmark; this is its content column.
    with ui.element("div").classes("wa-main column gap-4") as main:
        ui.skip_link(target=main)
        yield


@contextmanager
def frame(title: str) -> Iterator[None]:
    """A staff page: header with the menu the role may use, the mode, log out; a main landmark."""
    actor = current_actor()
    _theme(title)
    training = actor.mode == "training"
    with ui.header().classes("wa-header items-center justify-between wrap px-4 py-2 gap-2") as header:
        if training:
            header.classes(add="wa-training")
        nav = ui.element("nav").classes("row items-center gap-4")
        nav.props["aria-label"] = "Main"
        with nav:
            ui.link("Wraparound", "/").classes("text-white text-lg font-bold no-underline")
            for label, path in NAV:
                if may_open(actor, path):
                    ui.link(label, path).classes("text-white")
        with ui.row().classes("items-center gap-3"):
            if MODE_SWITCH and may(actor, "training.switch"):
                target, switch_mode = ("live" if training else "training"), MODE_SWITCH[0]
                switch = ui.button("Back to live work" if training else "Practise in training mode",
                                   icon="work" if training else "school", on_click=lambda: switch_mode(target))
                switch.props("outline color=white dense").mark("mode:switch")
            ui.label(f"{actor.display_name} · {actor.role_name}")
            ui.link("Log out", "/logout").classes("text-white")
        for draw in HEADER_PARTS:
            draw(actor)
    if training:
        banner = ui.element("div").classes("wa-training-banner w-full")
        banner.props["role"] = "status"
        with banner:
            ui.label("TRAINING MODE — practice only. Nothing here is a real record, and no real client "
                     "data can be seen or changed.")
    for install in PAGE_PARTS:
        install()
    # Quasar's q-page is already the page's <main> landmark; this is its content column.
    with ui.element("div").classes("wa-main column gap-4") as main:
        ui.skip_link(target=main)
        for draw in MAIN_PARTS:
            draw(actor)
        yield




