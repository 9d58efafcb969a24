"""Encryption at rest: the AES-256-GCM codec for every file the store writes, and the data key.

What lands on the disk is `version byte ‖ 96-bit random nonce ‖ ciphertext ‖ 128-bit tag`, the
version byte also bound in as associated data. GCM authenticates as well as hides: a changed,
truncated or swapped-in byte fails the tag, so tampering is refused rather than read as data. A
fresh random nonce per write is safe for far more writes than a unit will ever make with one key
(NIST's limit for random nonces is 2^32 messages). Journal and audit lines are the same bytes in
base64, so one line stays one line and a torn last line fails its tag.

The data key is 32 random bytes, from `WRAPAROUND_DATA_KEY` (base64) or from a key file outside
the data folder, made on first run with mode 0600. A small `keycheck` file in the data folder,
encrypted like the rest, tells "wrong key" apart from "damaged file" when a store opens; and the
folder's other files tell a damaged key check apart from a different key.

Known limit: a file is not bound to its path, so someone who can write the data folder could
swap two whole encrypted files of the same kind; they cannot read or forge either.
"""

import base64
import binascii
import itertools
import os
import stat
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from store.files.damage import DamageReport, DamageReports, set_aside
from store.files.durable import atomic_write_bytes
from store.files.layout import KEY_CHECK_NAME
from store.files.storage import Codec, LineCodec
from store.models.errors import DataKeyError, WrongDataKey

KEY_BYTES = 32
NONCE_BYTES = 12
TAG_BYTES = 16
VERSION = b"\x01"
KEY_ENV = "WRAPAROUND_DATA_KEY"
KEY_FILE_ENV = "WRAPAROUND_KEY_FILE"
KEY_FILE_NAME = "data.key"
KEY_CHECK_TEXT = b"wraparound data key check v1"


class NotAuthentic(ValueError):
    """Bytes this codec did not write, or wrote and someone changed since (or another key)."""


class AesGcmCodec:
    """Authenticated encryption for files (`encode`/`decode`) and single lines (`*_line`)."""

    def __init__(self, key: bytes) -> None:
        if len(key) != KEY_BYTES:
            raise DataKeyError(f"the data key must be {KEY_BYTES} bytes, not {len(key)}")
        self._aead = AESGCM(key)

    def encode(self, data: bytes) -> bytes:
        nonce = os.urandom(NONCE_BYTES)
        return VERSION + nonce + self._aead.encrypt(nonce, data, VERSION)

    def decode(self, data: bytes) -> bytes:
        if len(data) < 1 + NONCE_BYTES + TAG_BYTES or data[:1] != VERSION:
            raise NotAuthentic("not encrypted by this app (unknown format)")
        try:
            return self._aead.decrypt(data[1 : 1 + NONCE_BYTES], data[1 + NONCE_BYTES :], VERSION)
        except InvalidTag:
            raise NotAuthentic("authentication failed: changed since it was written, or another key") from None

    def encode_line(self, data: bytes) -> bytes:
        return base64.b64encode(self.encode(data))

    def decode_line(self, data: bytes) -> bytes:
        try:
            raw = base64.b64decode(data, validate=True)
        except binascii.Error:
            raise NotAuthentic("not a sealed line") from None
        return self.decode(raw)


# -- the data key ---------------------------------------------------------------------------


def parse_key(text: str, where: str) -> bytes:
    try:
        key = base64.b64decode(text.strip(), validate=True)
    except binascii.Error:
        key = b""
    if len(key) != KEY_BYTES:
        raise DataKeyError(f"{where} must hold {KEY_BYTES} random bytes in base64 (44 characters)")
    return key


def key_file_path(environ: Mapping[str, str]) -> Path:
    """WRAPAROUND_KEY_FILE, else data.key in the app's config folder (as for the other secrets)."""
    if environ.get(KEY_FILE_ENV):
        return Path(environ[KEY_FILE_ENV]).expanduser()
    if environ.get("WRAPAROUND_CONFIG_DIR"):
        return Path(environ["WRAPAROUND_CONFIG_DIR"]) / KEY_FILE_NAME
    config = Path(environ.get("XDG_CONFIG_HOME") or Path.home() / ".config")
    return config / "wraparound" / KEY_FILE_NAME


def _read_key_file(path: Path) -> bytes:
    mode = path.stat().st_mode
    if mode & (stat.S_IRWXG | stat.S_IRWXO):
        # Like ssh with a private key: a key others can read protects nothing.
        raise DataKeyError(f"{path} can be read by other users; run: chmod 600 {path}")
    return parse_key(path.read_text(encoding="ascii"), str(path))


def _create_key_file(path: Path) -> bytes:
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    key = os.urandom(KEY_BYTES)
    try:
        # O_EXCL: two processes starting at once must not each make a different key.
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return _read_key_file(path)
    with os.fdopen(fd, "wb") as out:
        out.write(base64.b64encode(key) + b"\n")
        out.flush()
        os.fsync(out.fileno())
    return key


def _encrypted_folders(data_dir: Path) -> list[Path]:
    """Data folders under `data_dir` (itself, or one level down: live/, training/) with a key check."""
    candidates = [data_dir, *(p for p in data_dir.iterdir() if p.is_dir())] if data_dir.is_dir() else []
    return [folder for folder in candidates if (folder / KEY_CHECK_NAME).exists()]


def load_data_key(data_dir: Path | None = None, environ: Mapping[str, str] | None = None) -> bytes:
    """The data key: from WRAPAROUND_DATA_KEY, else the key file, made on first run.

    With `data_dir`, refuses a key file inside it (a key stored with the data protects nothing),
    and refuses to make a new key when data there is already encrypted with a lost one.
    """
    env = os.environ if environ is None else environ
    if env.get(KEY_ENV):
        return parse_key(env[KEY_ENV], KEY_ENV)
    path = key_file_path(env)
    if data_dir is not None and path.resolve().is_relative_to(Path(data_dir).resolve()):
        raise DataKeyError(f"the key file {path} is inside the data folder {data_dir}; keep it apart from the data")
    if path.exists():
        return _read_key_file(path)
    if data_dir is not None and (locked := _encrypted_folders(Path(data_dir))):
        raise DataKeyError(
            f"{locked[0]} is encrypted but there is no key file at {path}: restore the key file "
            f"or set {KEY_ENV}; a new key could not read the data"
        )
    return _create_key_file(path)


def open_codec(data_dir: Path | None = None) -> AesGcmCodec:
    """The codec for a data folder, with its key loaded (or made on first run)."""
    return AesGcmCodec(load_data_key(data_dir))


# -- the key check --------------------------------------------------------------------------


def check_folder_key(path: Path, codec: Codec | None, holds_data: Callable[[], bool],
                     reports: DamageReports | None = None) -> None:
    """Refuse to open a data folder with the wrong key, or an encrypted one without a key.

    Called with the folder locked. `path` is the folder's `keycheck`: the first open with a codec
    writes a known text through it, and every later open must read that text back through its own
    codec (the identity when there is none). A plain folder never gets one. `holds_data()` says
    whether the folder already has records, which would be plain and unreadable with a key.

    A key check that does not open is not taken as "a different key" on its word alone: if the key
    opens the folder's other files, the key check itself is damaged, so it is set aside, written
    again and reported. Only when the other files do not open either is it the wrong key.
    """
    root = path.parent
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        if codec is None:
            return
        if holds_data():
            raise DataKeyError(f"{root} holds data written without encryption; a key cannot open it") from None
        atomic_write_bytes(path, codec.encode(KEY_CHECK_TEXT))
        return
    if _opens(raw, codec):
        return
    if codec is None:
        raise DataKeyError(f"{root} is encrypted: open it with its data key")
    others = key_opens_other_files(root, codec)
    if others is False:
        raise WrongDataKey(root)
    if others is None and len(raw) == KEY_CHECK_SIZE and raw[:1] == VERSION:
        # Shaped like a key check made with some key, and nothing else here to say which.
        raise DataKeyError(
            f"{path} cannot be read with this data key, and {root} holds nothing else to tell a damaged key "
            f"check from a different key; if the key is surely the right one, move {path.name} out of the folder")
    moved = set_aside(path)
    atomic_write_bytes(path, codec.encode(KEY_CHECK_TEXT))
    (reports if reports is not None else DamageReports()).report(DamageReport(
        file=path, what="the data key check", set_aside_to=moved,
        problem="it cannot be read with the data key, although the key opens the folder's other files",
        done="The key is the right one: the damaged key check was set aside and written again.",
        todo="Nothing else is needed; if it happens again, have the disk checked."))


KEY_CHECK_SIZE = 1 + NONCE_BYTES + len(KEY_CHECK_TEXT) + TAG_BYTES
SAMPLE_FILES = 20  # per folder: enough to find one file the key opens, few enough to stay quick


def _opens(raw: bytes, codec: Codec | None) -> bool:
    try:
        return (raw if codec is None else codec.decode(raw)) == KEY_CHECK_TEXT
    except ValueError:
        return False


def key_opens_other_files(root: Path, codec: Codec) -> bool | None:
    """Whether `codec` opens the folder's files other than its key check: True as soon as one
    opens, False if there are some and none opens, None if there is nothing else to try."""
    tried = False
    for path in _sample(root):
        try:
            data = path.read_bytes()
        except OSError:
            continue
        if not data:
            continue
        if path.suffix == ".jsonl":
            if not isinstance(codec, LineCodec):
                continue  # plain lines say nothing about the key
            chunks = data.split(b"\n")[:3]
            decode = codec.decode_line
        else:
            chunks = [data]
            decode = codec.decode
        for chunk in (c for c in chunks if c):
            tried = True
            try:
                decode(chunk)
            except ValueError:
                continue
            return True
    return False if tried else None


def _sample(root: Path) -> Iterator[Path]:
    yield root / "resources.json"
    yield from sorted((root / "index").glob("*.jsonl"))
    yield from sorted((root / "audit").glob("*.jsonl"))[:1]
    for folder, pattern in (("cases", "*.json"), ("people", "*.json"), ("intakes", "*.json"),
                            ("definitions", "*.yaml")):
        yield from itertools.islice((p for p in (root / folder).glob(pattern) if not p.name.startswith(".")),
                                    SAMPLE_FILES)


def check_data_key(data_dir: Path, codec: Codec) -> None:
    """Before a command-line tool touches anything: refuse a key that does not open the data
    folder's live data, so a wrong key never makes good files look damaged. Read-only."""
    live = Path(data_dir) / "live"
    try:
        raw = (live / KEY_CHECK_NAME).read_bytes()
    except FileNotFoundError:
        return  # nothing encrypted there yet (a fresh data folder)
    if not _opens(raw, codec) and key_opens_other_files(live, codec) is not True:
        raise WrongDataKey(live)
