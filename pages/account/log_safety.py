"""Server log lines nobody can forge or flood.

A request path, a browser's console message or an exception text can carry newlines, ANSI escape
sequences or megabytes. Every log record the app writes (NiceGUI's "… not found", uvicorn's, ours)
is made through `OneLineRecord`, whose message has control characters written out as escapes
(`\\n`, `\\x1b`) and is cut after `MAX_MESSAGE` characters, so one record is one line of bounded
length whatever was put in it. (Tracebacks that a formatter appends after the message keep their
lines: they come from the code, not from a visitor.)
"""

from __future__ import annotations

import logging
import re

MAX_MESSAGE = 2000
_CONTROL = re.compile(r"[\x00-\x08\x0a-\x1f\x7f-\x9f\u2028\u2029]")


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    return {"\n": "\\n", "\r": "\\r"}.get(char, f"\\x{ord(char):02x}" if ord(char) < 0x100 else f"\\u{ord(char):04x}")


def one_line(text: str, limit: int = MAX_MESSAGE) -> str:
    """`text` with control characters escaped and cut after `limit` characters."""
    shown = _CONTROL.sub(_escape, text[:limit])
    if len(text) > limit:
        shown += f"… ({len(text) - limit} more characters not logged)"
    return shown


class OneLineRecord(logging.LogRecord):
    def getMessage(self) -> str:
        return one_line(super().getMessage())


def install() -> None:
    """Make every log record a OneLineRecord (idempotent; app.py calls it at start)."""
    if logging.getLogRecordFactory() is not OneLineRecord:
        logging.setLogRecordFactory(OneLineRecord)
