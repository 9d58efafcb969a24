"""Server log lines cannot be forged or flooded: whatever a message holds, one record is one line
of bounded length."""

import io
import logging
from collections.abc import Iterator

import pytest

from pages.account import log_safety


@pytest.fixture
def server_log() -> Iterator[tuple[logging.Logger, io.StringIO]]:
    before = logging.getLogRecordFactory()
    log_safety.install()
    out = io.StringIO()
    handler = logging.StreamHandler(out)
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(message)s"))
    logger = logging.getLogger("wraparound.test")
    logger.addHandler(handler)
    logger.propagate = False
    yield logger, out
    logger.removeHandler(handler)
    logging.setLogRecordFactory(before)


def test_a_newline_in_a_message_cannot_start_a_forged_line(server_log: tuple[logging.Logger, io.StringIO]) -> None:
    logger, out = server_log
    path = "/nothing\n2026-01-01 12:00:00,000 ERROR admin logged in from 10.0.0.1\r\x1b[2J\x1b[31m"
    logger.warning("%s not found", path)
    lines = out.getvalue().splitlines()
    assert len(lines) == 1
    assert "\\n2026-01-01 12:00:00,000 ERROR admin" in lines[0]
    assert "\x1b" not in lines[0] and "\\x1b[2J" in lines[0] and "\r" not in lines[0]


def test_a_huge_message_is_cut(server_log: tuple[logging.Logger, io.StringIO]) -> None:
    logger, out = server_log
    logger.warning("browser said: %s", "z" * 300_000)
    (line,) = out.getvalue().splitlines()
    assert len(line) < log_safety.MAX_MESSAGE + 100
    assert line.endswith("… (298014 more characters not logged)")


def test_installing_twice_keeps_one_kind_of_record() -> None:
    before = logging.getLogRecordFactory()
    try:
        log_safety.install()
        log_safety.install()
        assert logging.getLogRecordFactory() is log_safety.OneLineRecord
    finally:
        logging.setLogRecordFactory(before)
