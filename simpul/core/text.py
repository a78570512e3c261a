"""Control characters: refused in what people send, dropped from what is stored before that rule.

A control character (C0 except tab, line feed and carriage return; DEL; C1) is invisible, means nothing in a
name, a memo or a reason, and breaks what reads the text later: PostgreSQL refuses NUL, openpyxl refuses most of
C0 (IllegalCharacterError), so one stored in the immutable journal made its Excel export a 500 for good.
"""

import re
from typing import Any

CONTROL_CHARACTERS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def has_control_characters(text: str) -> bool:
    return CONTROL_CHARACTERS.search(text) is not None


def strip_control_characters(text: str) -> str:
    return CONTROL_CHARACTERS.sub("", text)


def control_character_path(data: Any, path: str = "") -> str | None:
    """The place (`lines.0.memo`) of the first text holding a control character in decoded JSON, keys included;
    None if there is none."""
    if isinstance(data, str):
        return path if has_control_characters(data) else None
    if isinstance(data, dict):
        for key, value in data.items():
            where = f"{path}.{key}" if path else str(key)
            if has_control_characters(str(key)):
                return where
            found = control_character_path(value, where)
            if found is not None:
                return found
    if isinstance(data, list):
        for index, value in enumerate(data):
            found = control_character_path(value, f"{path}.{index}" if path else str(index))
            if found is not None:
                return found
    return None
