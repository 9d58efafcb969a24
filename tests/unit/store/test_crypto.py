"""Encryption at rest: the AES-GCM codec, the data key, and what actually lands on the disk."""

import base64
import json
import os
import stat
from datetime import date
from pathlib import Path

import pytest
from support.casework import every_file, fill, install_clock
from support.store_testing import SAFETY_PLAN_V3

from store import AesGcmCodec, CaseStore, CorruptFile, DataKeyError, DocumentStore, WrongDataKey, load_data_key
from store.files.journal import read_journal
from store.security.crypto import NotAuthentic, open_codec

NAME = "Zyxwvutsrqp Qwertyuiopa"
ALIAS = "Zyxwvutsrqp Qwértyuiopa"  # an accent, so the escaped forms differ from the plain ones


def key() -> bytes:
    return os.urandom(32)


@pytest.fixture
def root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    install_clock(monkeypatch)
    return tmp_path / "data"


# -- the codec ------------------------------------------------------------------------------


def test_the_codec_round_trips_with_a_fresh_nonce_each_time() -> None:
    codec = AesGcmCodec(key())
    first, second = codec.encode(b"secret"), codec.encode(b"secret")
    assert first != second  # a new nonce per write: equal texts do not look equal
    assert first[:1] == b"\x01" and len(first) == 1 + 12 + len(b"secret") + 16
    assert codec.decode(first) == codec.decode(second) == b"secret"
    line = codec.encode_line(b'{"a":"\\n"}')
    assert b"\n" not in line
    assert codec.decode_line(line) == b'{"a":"\\n"}'


@pytest.mark.parametrize("where", [0, 1, 13, -1])
def test_any_changed_byte_is_refused(where: int) -> None:
    codec = AesGcmCodec(key())
    sealed = bytearray(codec.encode(b"the case file"))
    sealed[where] ^= 0x01
    with pytest.raises(NotAuthentic):
        codec.decode(bytes(sealed))


def test_another_key_a_short_input_and_a_torn_line_are_refused() -> None:
    codec = AesGcmCodec(key())
    with pytest.raises(NotAuthentic, match="another key"):
        AesGcmCodec(key()).decode(codec.encode(b"x"))
    with pytest.raises(NotAuthentic):
        codec.decode(b"\x01short")
    line = codec.encode_line(b"a journal line")
    with pytest.raises(NotAuthentic):
        codec.decode_line(line[: len(line) // 2])
    with pytest.raises(DataKeyError):
        AesGcmCodec(b"too short")


# -- nothing readable on the disk -----------------------------------------------------------


def forms(text: str) -> set[bytes]:
    """Ways a name could appear in a file: plain, lowercase, UTF-8, JSON-escaped, base64."""
    found = set()
    for variant in (text, text.lower(), text.upper(), *text.split()):
        found |= {variant.encode(), variant.encode("utf-16-le"), json.dumps(variant).encode(),
                  json.dumps(variant).encode()[1:-1]}
        for shift in range(3):  # base64 of the text at each alignment, without the ragged ends
            encoded = base64.b64encode(b"x" * shift + variant.encode())
            found.add(encoded[4:-4])
    return {form for form in found if len(form) >= 6}


def test_no_file_in_the_data_folder_shows_the_clients_name(root: Path) -> None:
    codec = AesGcmCodec(key())
    with CaseStore(root, codec) as cases:
        made = fill(cases, first_name=NAME.split()[0], last_name=NAME.split()[1], aliases=[ALIAS])
        cases.add_note(made.case.id, author="ana", text=f"{NAME} called from a friend's phone.")
        cases.update_person(made.client.id, safe_contact={"notes": f"ask for {NAME}"})
        cases.documents.submit(made.doc_id, {"about_you": {"name": NAME}}, {"high_danger": True})
        cases.audit.record("ana", "social_worker", "download", "document", made.doc_id, case_id=made.case.id,
                           detail="pdf")
        assert [h.person.id for h in cases.search("zyxw qwer")] == [made.client.id]
    with CaseStore(root, codec):  # reopening writes markers and may compact: check after that too
        pass
    files = every_file(root)
    kinds = {path.relative_to(root).parts[0] for path in files}
    assert kinds >= {"cases", "people", "index", "definitions", "audit", "resources.json", "keycheck"}
    needles = forms(NAME) | forms(ALIAS) | forms("Center for Prevention of Abuse") | forms(SAFETY_PLAN_V3)
    for path in files:
        data = path.read_bytes()
        assert NAME.split()[0].lower() not in str(path).lower()
        leaked = [needle for needle in needles if needle in data]
        assert not leaked, f"{path.relative_to(root)} shows {leaked[:3]}"
        if path.suffix == ".jsonl":
            assert all(line.startswith(b"A") for line in data.splitlines())  # base64 of version byte 1


def test_the_walk_finds_the_name_when_nothing_is_encrypted(root: Path) -> None:
    """The control for the test above: the same walk does see the name in plain files."""
    with CaseStore(root) as cases:
        fill(cases, first_name=NAME.split()[0], last_name=NAME.split()[1], aliases=[ALIAS])
    needles = forms(NAME) | forms(ALIAS)
    leaking = {path.relative_to(root).parts[0] for path in every_file(root)
               if any(needle in path.read_bytes() for needle in needles)}
    assert leaking == {"cases", "people", "index"}


def test_a_tampered_file_is_refused_not_read(root: Path) -> None:
    codec = AesGcmCodec(key())
    with CaseStore(root, codec) as cases:
        made = fill(cases)
    case_file = root / "cases" / f"{made.case.id}.json"
    sealed = bytearray(case_file.read_bytes())
    sealed[len(sealed) // 2] ^= 0x40
    case_file.write_bytes(bytes(sealed))
    with CaseStore(root, codec) as reopened:
        with pytest.raises(CorruptFile, match="authentication failed"):
            reopened.get_case(made.case.id)
        with pytest.raises(CorruptFile):
            reopened.documents.get(made.doc_id)
        assert reopened.get_person(made.client.id) == made.client  # other files are fine


def test_a_tampered_journal_line_is_treated_as_damage_and_rebuilt(root: Path) -> None:
    codec = AesGcmCodec(key())
    with CaseStore(root, codec) as cases:
        made = fill(cases)
        before = cases.queue(today=date(2026, 11, 27))
        assert before[0].case_id == made.case.id
    journal = root / "index" / "casework.jsonl"
    lines = journal.read_bytes().splitlines(keepends=True)
    lines[2] = lines[2][:10] + (b"B" if lines[2][10:11] != b"B" else b"C") + lines[2][11:]
    journal.write_bytes(b"".join(lines))
    contents = read_journal(journal, codec)
    assert contents is not None and contents.damaged_lines == 1
    with CaseStore(root, codec) as reopened:
        assert reopened.queue(today=date(2026, 11, 27)) == before


def test_the_wrong_key_is_refused_with_a_clear_error(root: Path) -> None:
    right = key()
    with CaseStore(root, AesGcmCodec(right)) as cases:
        made = fill(cases)
    with pytest.raises(WrongDataKey, match="encrypted with a different key"):
        CaseStore(root, AesGcmCodec(key()))
    with pytest.raises(WrongDataKey):
        DocumentStore(root, codec=AesGcmCodec(key()))
    with pytest.raises(DataKeyError, match="open it with its data key"):
        CaseStore(root)
    with CaseStore(root, AesGcmCodec(right)) as reopened:  # refused opens leave the folder unlocked
        assert reopened.get_case(made.case.id) == made.case


def test_plain_data_is_not_opened_with_a_key(root: Path) -> None:
    with DocumentStore(root) as documents:
        documents.create_draft("safety_plan", 3, SAFETY_PLAN_V3, "ana", case_id="C-1")
    with pytest.raises(DataKeyError, match="without encryption"):
        DocumentStore(root, codec=AesGcmCodec(key()))
    with DocumentStore(root) as documents:  # and it still opens as it was
        assert len(documents.drafts()) == 1


def test_a_document_store_alone_seals_its_journal_and_snapshots(root: Path) -> None:
    codec = AesGcmCodec(key())
    with DocumentStore(root, codec=codec) as documents:
        doc = documents.create_draft("safety_plan", 3, SAFETY_PLAN_V3, "ana", case_id="C-1")
        documents.save_draft(doc.id, {"home": {"address": "1 Elm Street"}}, "home")
    assert b"safety_plan" not in (root / "index" / "documents.jsonl").read_bytes()
    snapshot = next((root / "definitions").iterdir())
    assert b"safety_plan" not in snapshot.read_bytes()
    with DocumentStore(root, codec=codec) as reopened:
        assert reopened.get(doc.id).answers == {"home": {"address": "1 Elm Street"}}
        assert reopened.definition_source(doc.definition_key) == SAFETY_PLAN_V3


# -- the data key ---------------------------------------------------------------------------


def test_the_key_comes_from_the_environment_first() -> None:
    raw = key()
    assert load_data_key(environ={"WRAPAROUND_DATA_KEY": base64.b64encode(raw).decode()}) == raw
    for bad in ("not base64!", base64.b64encode(b"short").decode()):
        with pytest.raises(DataKeyError, match="WRAPAROUND_DATA_KEY"):
            load_data_key(environ={"WRAPAROUND_DATA_KEY": bad})


def test_a_key_file_is_made_on_first_run_owner_only_and_reused(tmp_path: Path) -> None:
    key_file = tmp_path / "config" / "wraparound" / "data.key"
    env = {"WRAPAROUND_KEY_FILE": str(key_file)}
    made = load_data_key(tmp_path / "data", environ=env)
    assert len(made) == 32
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert stat.S_IMODE(key_file.parent.stat().st_mode) == 0o700
    assert load_data_key(tmp_path / "data", environ=env) == made
    assert load_data_key(environ={"XDG_CONFIG_HOME": str(tmp_path / "config")}) == made  # the default place


def test_a_key_file_inside_the_data_folder_or_readable_by_others_is_refused(tmp_path: Path) -> None:
    data = tmp_path / "data"
    with pytest.raises(DataKeyError, match="inside the data folder"):
        load_data_key(data, environ={"WRAPAROUND_KEY_FILE": str(data / "live" / "data.key")})
    assert not data.exists()
    key_file = tmp_path / "data.key"
    load_data_key(data, environ={"WRAPAROUND_KEY_FILE": str(key_file)})
    key_file.chmod(0o644)
    with pytest.raises(DataKeyError, match="chmod 600"):
        load_data_key(data, environ={"WRAPAROUND_KEY_FILE": str(key_file)})


def test_no_new_key_is_made_for_data_encrypted_with_a_lost_one(tmp_path: Path) -> None:
    data = tmp_path / "data"
    env = {"WRAPAROUND_KEY_FILE": str(tmp_path / "data.key")}
    DocumentStore(data / "live", codec=AesGcmCodec(load_data_key(data, environ=env))).close()
    (tmp_path / "data.key").unlink()
    with pytest.raises(DataKeyError, match="restore the key file"):
        load_data_key(data, environ=env)
    assert not (tmp_path / "data.key").exists()


def test_open_codec_uses_the_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WRAPAROUND_KEY_FILE", str(tmp_path / "k" / "data.key"))
    monkeypatch.delenv("WRAPAROUND_DATA_KEY", raising=False)
    codec = open_codec(tmp_path / "data")
    assert open_codec(tmp_path / "data").decode(codec.encode(b"same key")) == b"same key"
