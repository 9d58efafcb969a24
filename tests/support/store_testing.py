"""Helpers shared by the store tests (not a test module): codecs, definitions, reading files."""

import json
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]

SAFETY_PLAN_V3 = "id: safety_plan\nversion: 3\ntitle: {en: Personal safety plan, es: Plan de seguridad}\n"
SAFETY_PLAN_V3_EDITED = SAFETY_PLAN_V3 + "# supervisor fixed a label — ñ\n"
INTAKE_V1 = "id: intake\nversion: 1\r\ntitle: {en: Walk-in intake}\n"


class XorCodec:
    """A stand-in cipher: proves the codec seam is used on every read and write."""

    def encode(self, data: bytes) -> bytes:
        return b"XOR1" + bytes(byte ^ 0x5A for byte in data)

    def decode(self, data: bytes) -> bytes:
        if not data.startswith(b"XOR1"):
            raise ValueError("not written by XorCodec")
        return bytes(byte ^ 0x5A for byte in data[4:])


def decode_file(path: Path, codec: Any | None) -> Any:
    raw = path.read_bytes()
    return json.loads(codec.decode(raw) if codec is not None else raw)


def journal_lines(root: Path) -> list[bytes]:
    return (root / "index" / "documents.jsonl").read_bytes().splitlines(keepends=True)
