"""Stored renders: the PDFs of a submitted document, rendered once and kept (encrypted like every
other file) in `root/renders/<doc_id>/<document_id>.pdf`, so that a download is a file read.

A submitted document never changes (a change is a new revision, with its own id), so a render
never goes stale and is never rewritten. A render that cannot be read is not an error to anyone:
it is dropped and the caller renders again.
"""

from __future__ import annotations

import logging
import threading
from pathlib import Path

from store.files.durable import atomic_write_bytes, fsync_dir
from store.files.layout import check_name
from store.files.storage import Codec, IdentityCodec

log = logging.getLogger(__name__)

RENDER_SUFFIX = ".pdf"
PDF_MAGIC = b"%PDF-"


class StoredRenders:
    def __init__(self, folder: Path, codec: Codec | None = None) -> None:
        self._folder = folder
        self._codec: Codec = codec if codec is not None else IdentityCodec()
        self._lock = threading.Lock()

    def _path(self, doc_id: str, document_id: str) -> Path:
        # Both become path parts: the safe alphabet keeps them inside the folder.
        return self._folder / check_name("document id", doc_id) / (check_name("form id", document_id) + RENDER_SUFFIX)

    def get(self, doc_id: str, document_id: str) -> bytes | None:
        """Blocking. The stored PDF, or None when there is none (not rendered yet, or unreadable)."""
        path = self._path(doc_id, document_id)
        try:
            stored = path.read_bytes()
        except FileNotFoundError:
            return None
        try:
            pdf = self._codec.decode(stored)
        except ValueError:
            pdf = b""
        if not pdf.startswith(PDF_MAGIC):
            # A render is a copy of what the document's answers make: drop it and render again.
            log.warning("stored render %s/%s could not be read; it will be rendered again", doc_id, document_id)
            path.unlink(missing_ok=True)
            return None
        return pdf

    def put(self, doc_id: str, document_id: str, pdf: bytes) -> None:
        """Blocking. Keep a render; a second render of the same form (two downloads racing the
        first) replaces it with identical content."""
        if not pdf.startswith(PDF_MAGIC):
            raise ValueError("a stored render must be a PDF")
        path = self._path(doc_id, document_id)
        with self._lock:
            if not path.parent.is_dir():
                path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
                fsync_dir(path.parent.parent)
        atomic_write_bytes(path, self._codec.encode(pdf))
