"""How the kiosk looks and the little it does in the browser on its own.

The look: large type, touch targets of at least 48 px, high contrast (WCAG AA), one column that
works at 1280×800 landscape and 800×1280 portrait.

The script is static (no user text ever goes into it; the only values are the idle timings from
settings, written as numbers). It does what must happen even if the server is slow:
- quick exit (the button, or Esc pressed three times within two seconds): cover the screen at once,
  empty every text box, tell the server to drop the answers, and replace this history entry with
  the neutral /welcome page, so Back does not come back to the form;
- idle: after `warnSeconds` without input ask the server to show "Are you still there?"; after
  `wipeSeconds` more without "I need more time", tell the server to drop the answers and start again
  at /kiosk (replacing the history entry too).
"""

from __future__ import annotations

import json

from pages.kiosk.settings import KioskSettings

QUICK_EXIT_EVENT = "kiosk_quick_exit"
IDLE_WARNING_EVENT = "kiosk_idle_warning"
IDLE_WIPE_EVENT = "kiosk_idle_wipe"

DANGER = "#a4141b"  # 7.2:1 against white
INK = "#14191f"

CSS = f"""
body {{ font-size: 22px; line-height: 1.45; color: {INK}; background: #fff; }}
.wa-kiosk-bar {{ background: #1d4f73; color: #fff; }}
.wa-kiosk-bar .wa-kiosk-unit {{ font-size: 1.1rem; font-weight: 700; }}
.wa-kiosk {{ max-width: 1100px; margin: 0 auto; width: 100%; padding: 16px 24px 40px 24px; }}
.wa-kiosk h1 {{ font-size: 2.1rem; line-height: 1.2; font-weight: 700; margin: 0; }}
.wa-kiosk h2 {{ font-size: 1.6rem; line-height: 1.25; font-weight: 700; margin: 0; }}
.wa-kiosk .q-btn {{ min-height: 60px; min-width: 60px; font-size: 1.2rem; padding: 0 28px; border-radius: 10px; }}
.wa-kiosk-bar .q-btn.wa-quick-exit, .q-btn.wa-quick-exit {{
  background: {DANGER} !important; color: #fff !important; font-size: 1.25rem; font-weight: 700;
  min-height: 64px; min-width: 200px; border: 3px solid #fff; border-radius: 10px; }}
.wa-language {{ min-height: 120px !important; min-width: 280px !important; font-size: 2rem !important; }}
.wa-kiosk .q-field__native, .wa-kiosk .q-field__input, .wa-kiosk textarea {{ font-size: 1.35rem; color: {INK}; }}
.wa-kiosk .q-field__control {{ min-height: 64px; height: auto !important; }}
.wa-kiosk .q-field__control-container, .wa-kiosk .q-field__native {{ min-height: 62px; }}
.wa-kiosk label.font-semibold, .wa-kiosk legend {{ font-size: 1.35rem; font-weight: 700; }}
.wa-kiosk .wa-help {{ color: #3c4650; font-size: 1.1rem; }}
.wa-kiosk .q-option-group {{ width: 100%; }}
.wa-kiosk .q-option-group > div, .wa-kiosk .q-checkbox {{ width: 100%; }}
.wa-kiosk .q-radio, .wa-kiosk .q-checkbox {{
  min-height: 64px; width: 100%; font-size: 1.25rem; border: 2px solid #5b6773; border-radius: 10px;
  margin: 6px 0; padding: 4px 12px 4px 4px; background: #fff; }}
.wa-kiosk .q-radio[aria-checked="true"], .wa-kiosk .q-checkbox[aria-checked="true"] {{
  border-color: #1d4f73; border-width: 3px; background: #eef4f9; }}
.wa-kiosk .q-option-group--inline > div {{ width: auto; min-width: 200px; }}
.wa-kiosk fieldset.wa-fieldset {{ border: none; padding: 0; margin: 0; }}
.wa-kiosk fieldset.wa-invalid {{ border-left: 6px solid {DANGER}; padding-left: 12px; }}
.wa-kiosk .wa-error {{ color: {DANGER}; font-weight: 700; font-size: 1.2rem; }}
.wa-kiosk .wa-instructions {{ font-size: 1.25rem; background: #fdf1f1; border-left: 6px solid {DANGER};
  padding: 12px 16px; border-radius: 6px; }}
.wa-emergency {{ border: 5px solid {DANGER}; background: #fdf1f1; color: {INK}; border-radius: 14px;
  padding: 18px 24px; width: 100%; }}
.wa-emergency .wa-emergency-title {{ font-size: 2.4rem; line-height: 1.15; font-weight: 800; color: {DANGER}; }}
.wa-kiosk-summary {{ border: 3px solid {DANGER}; background: #fdf1f1; border-radius: 10px; padding: 12px 16px;
  font-weight: 700; width: 100%; }}
.wa-kiosk-note {{ font-size: 1rem; color: #3c4650; }}
.wa-kiosk-check dt {{ font-weight: 700; margin-top: 10px; }}
.wa-kiosk-check dd {{ margin: 0; white-space: pre-wrap; }}
.wa-kiosk-check section {{ border: 2px solid #c5ced8; border-radius: 12px; padding: 14px 18px; width: 100%; }}
.wa-kiosk-secondary.q-btn {{ color: #1d4f73 !important; border: 2px solid #1d4f73; background: #fff !important; }}
a.wa-link {{ color: #1d4f73; text-decoration: underline; display: inline-flex; align-items: center;
  min-height: 48px; }}
.wa-blank {{ position: fixed; inset: 0; background: #fff; z-index: 2147483647; }}
/* Quasar's request loading bar is an unnamed progressbar (an axe violation) and adds nothing here. */
.q-loading-bar {{ display: none !important; }}
.q-dialog .wa-idle {{ font-size: 1.3rem; padding: 24px; max-width: 640px; color: {INK}; }}
.q-dialog .wa-idle .q-btn {{ min-height: 60px; font-size: 1.2rem; padding: 0 28px; border-radius: 10px; }}
"""

SCRIPT = """
(function () {
  const kiosk = window.waKiosk;
  let leaving = false;
  let escapes = [];
  const idle = { armed: false, warned: false, timer: null };

  function cover() {
    const blank = document.createElement('div');
    blank.className = 'wa-blank';
    document.body.appendChild(blank);
    // What was typed must not come back with the browser's form restoring on Back.
    document.querySelectorAll('input, textarea').forEach(function (box) { box.value = ''; });
  }
  function leave(event, address) {
    if (leaving) return;
    leaving = true;
    cover();
    clearTimeout(idle.timer);
    try { emitEvent(event); } catch (error) { /* the server drops the answers when the page goes anyway */ }
    location.replace(address);
  }
  kiosk.quickExit = function () { leave('kiosk_quick_exit', '/welcome'); };
  kiosk.setLanguage = function (lang) {
    if (lang === 'en' || lang === 'es') document.documentElement.lang = lang;
  };

  function schedule() {
    clearTimeout(idle.timer);
    if (!idle.armed || leaving) return;
    if (idle.warned) {
      idle.timer = setTimeout(function () { leave('kiosk_idle_wipe', '/kiosk'); }, kiosk.wipeSeconds * 1000);
    } else {
      idle.timer = setTimeout(function () {
        idle.warned = true;
        emitEvent('kiosk_idle_warning');
        schedule();
      }, kiosk.warnSeconds * 1000);
    }
  }
  kiosk.arm = function (on) { idle.armed = on; idle.warned = false; schedule(); };
  kiosk.moreTime = function () { idle.warned = false; schedule(); };

  ['pointerdown', 'pointermove', 'keydown', 'touchstart', 'input', 'wheel'].forEach(function (type) {
    // Once the warning shows, only "I need more time" keeps the answers.
    document.addEventListener(type, function () { if (!idle.warned) schedule(); }, { capture: true, passive: true });
  });
  document.addEventListener('keydown', function (event) {
    if (event.key !== 'Escape') return;
    const now = Date.now();
    escapes = escapes.filter(function (time) { return now - time < 2000; });
    escapes.push(now);
    if (escapes.length >= 3) kiosk.quickExit();
  }, true);
  document.addEventListener('click', function (event) {
    const target = event.target instanceof Element ? event.target : null;
    if (target && target.closest('.wa-quick-exit')) {
      event.preventDefault();
      event.stopPropagation();
      kiosk.quickExit();
    } else if (target && target.closest('.wa-more-time')) {
      kiosk.moreTime();
    }
  }, true);
})();
"""


def head_html(settings: KioskSettings) -> str:
    """The <head> additions of a kiosk page: the timings (numbers only), then the static script."""
    timings = json.dumps({"warnSeconds": settings.idle_warn_seconds, "wipeSeconds": settings.idle_wipe_seconds})
    return f"<script>window.waKiosk = {timings};</script>\n<script>{SCRIPT}</script>"


def set_language_js(lang: str) -> str:
    """The call that makes <html lang> follow the chosen language (only "en" or "es" ever pass)."""
    if lang not in ("en", "es"):
        raise ValueError(f"the kiosk offers en and es, not {lang!r}")
    return f"waKiosk.setLanguage('{lang}')"
