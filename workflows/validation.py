"""Checking one answer against its field: type, required, limits, pattern. Messages are plain
language ("Please enter a date as year-month-day…"), never a type name or a regular expression."""

from __future__ import annotations

import datetime as dt
import math
import re
from typing import Any

from workflows.messages import message
from workflows.model import FieldSpec, FieldType, local

ISO_DAY = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
PHONE_CHARS = re.compile(r"^[0-9+().\-\s]+$")
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
TEXT_TYPES = {FieldType.text, FieldType.long_text, FieldType.phone, FieldType.email}
DEFAULT_MAX_LENGTH = {FieldType.text: 500, FieldType.long_text: 20_000, FieldType.phone: 40, FieldType.email: 254}


def is_empty(value: Any) -> bool:
    return value is None or value == "" or value == [] or (isinstance(value, str) and not value.strip())


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _date_limit(limit: float | str | None) -> dt.date | None:
    if limit is None:
        return None
    if limit == "today":
        return dt.date.today()
    try:
        return dt.date.fromisoformat(str(limit))
    except ValueError:
        return None


def _limit_text(limit: float | str | None, lang: str) -> str:
    return message("today", lang) if limit == "today" else str(limit)


def required_message(field: FieldSpec, lang: str) -> str:
    if field.type == FieldType.yesno:
        return message("required_yesno", lang)
    if field.type in (FieldType.choice, FieldType.multi_choice):
        return message("required_choice", lang)
    if field.type == FieldType.group:
        if field.min_items and field.min_items > 1:
            return message("items_min", lang, min=field.min_items)
        return message("required_items", lang)
    return message("required", lang)


def _finite(value: float) -> bool:
    """An integer too large for a float (JSON answers can carry any number of digits) is no more
    a number a person entered than Infinity is; math.isfinite raises on it instead of saying so."""
    try:
        return math.isfinite(value)
    except OverflowError:
        return False


def check_value(field: FieldSpec, value: Any, required: bool, lang: str = "en") -> str | None:
    """The message for a wrong answer, or None when it is acceptable. Group items are checked by
    the engine, which knows their conditions; this only checks the list itself."""
    if is_empty(value):
        return required_message(field, lang) if required else None
    t = field.type
    if t in TEXT_TYPES:
        if not isinstance(value, str):
            return message("text", lang)
        limit = field.max_length or DEFAULT_MAX_LENGTH[t]
        if len(value) > limit:
            return message("too_long", lang, max=limit)
        if t == FieldType.phone:
            digits = re.sub(r"\D", "", value)
            if not PHONE_CHARS.match(value) or not 7 <= len(digits) <= 15:
                return message("phone", lang)
        if t == FieldType.email and not EMAIL.match(value.strip()):
            return message("email", lang)
        if field.pattern and not re.fullmatch(field.pattern, value.strip()):
            return local(field.pattern_message, lang) if field.pattern_message else message("pattern", lang)
        return None
    if t == FieldType.number:
        # NaN and Infinity (which JSON answers can carry) are not numbers a person entered; NaN
        # would also pass min/max, since every comparison with it is false.
        if not _is_number(value) or not _finite(value):
            return message("number", lang)
        if _is_number(field.min) and value < field.min:
            return message("min", lang, min=field.min)
        if _is_number(field.max) and value > field.max:
            return message("max", lang, max=field.max)
        return None
    if t == FieldType.date:
        try:
            # Python 3.11's fromisoformat also takes week dates ("2026-W11-6", also 10 long), which
            # compare wrongly as text in expressions; accept year-month-day only.
            day = dt.date.fromisoformat(value) if isinstance(value, str) and ISO_DAY.match(value) else None
        except ValueError:
            day = None
        if day is None:
            return message("date", lang)
        low, high = _date_limit(field.min), _date_limit(field.max)
        if low and day < low:
            return message("date_min", lang, min=_limit_text(field.min, lang))
        if high and day > high:
            return message("date_max", lang, max=_limit_text(field.max, lang))
        return None
    if t == FieldType.yesno:
        return None if isinstance(value, bool) else message("yesno", lang)
    if t == FieldType.choice:
        values = {c.value for c in field.choices or []}
        return None if isinstance(value, str) and value in values else message("choice", lang)
    if t == FieldType.multi_choice:
        values = {c.value for c in field.choices or []}
        if not isinstance(value, list) or not all(isinstance(v, str) and v in values for v in value):
            return message("choice", lang)
        if _is_number(field.min) and len(value) < field.min:  # type: ignore[operator]
            return message("multi_min", lang, min=field.min)
        if _is_number(field.max) and len(value) > field.max:  # type: ignore[operator]
            return message("multi_max", lang, max=field.max)
        return None
    if t == FieldType.group:
        if not isinstance(value, list) or not all(isinstance(item, dict) for item in value):
            return message("items", lang)
        if field.min_items is not None and len(value) < field.min_items:
            return message("items_min", lang, min=field.min_items)
        if field.max_items is not None and len(value) > field.max_items:
            return message("items_max", lang, max=field.max_items)
        return None
    return None
