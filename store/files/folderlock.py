"""One open store per data folder: an exclusive advisory lock on `root/.lock`.

Two stores on one folder would each keep their own index and their own case locks, and their
read-modify-writes would overwrite each other's saves. The operating system drops the lock when
the holder dies, so a crash never leaves the folder locked.

`held` is the same lock for a moment instead of a lifetime: around one read-modify-write of a
small file that two processes change (the accounts file: the app and `python -m store users`).
"""

import fcntl
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from store.models.errors import StoreBusy


class FolderLock:
    def __init__(self, lock_file: Path) -> None:
        fd = os.open(lock_file, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            raise StoreBusy(lock_file.parent) from None
        self._fd: int | None = fd

    def release(self) -> None:
        if self._fd is not None:
            os.close(self._fd)  # closing the descriptor drops the flock
            self._fd = None


@contextmanager
def held(lock_file: Path) -> Iterator[None]:
    """Hold `lock_file` exclusively for the block, waiting for another process that holds it."""
    fd = os.open(lock_file, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # closing the descriptor drops the flock
