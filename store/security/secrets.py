"""Secrets the app needs (the session-cookie signing secret) come from the environment or from a
file created on first run in the user's config folder, never from the repository or the data
folder."""

from __future__ import annotations

import os
import secrets
from pathlib import Path

CONFIG_DIR = Path(os.environ.get("XDG_CONFIG_HOME", Path.home() / ".config")) / "wraparound"


def load_or_create_secret(env_name: str, file_name: str, data_dir: Path | None = None) -> str:
    """`env_name` wins; otherwise a random secret kept in CONFIG_DIR/file_name (0600)."""
    value = os.environ.get(env_name)
    if value:
        return value
    folder = Path(os.environ.get("WRAPAROUND_CONFIG_DIR", CONFIG_DIR))
    path = folder / file_name
    if data_dir is not None and path.resolve().is_relative_to(data_dir.resolve()):
        raise ValueError(f"{path} is inside the data folder; keep secrets apart from the data they protect")
    if path.exists():
        return path.read_text(encoding="utf-8").strip()
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    value = secrets.token_urlsafe(48)
    # O_EXCL: two processes starting at once must not each write a different secret.
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return path.read_text(encoding="utf-8").strip()
    with os.fdopen(fd, "w", encoding="utf-8") as out:
        out.write(value)
        out.flush()
        os.fsync(out.fileno())
    return value
