"""Running `python -m workflows` as a supervisor would, and a definition that checks."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

FIXTURES = ROOT / "tests" / "fixtures"

SOUND = """\
id: sound
version: 3
title: {en: Sound}
steps:
  - id: about
    title: {en: About}
    fields:
      - {id: partner, type: yesno, label: {en: "Partner?"}, required: true}
      - {id: note, type: instructions, text: {en: Thank you.}}
  - id: escape
    title: {en: Escape}
    show_if: "about.partner == true"
    fields:
      - {id: route, type: text, label: {en: Route}, required: true}
"""

def run(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "workflows", *map(str, args)],
        cwd=ROOT, capture_output=True, text=True, timeout=120, check=False,
    )
