"""Strict UTF-8 text out of a stock file's bytes, and a guess at the encoding when it is not UTF-8.

INSEE publishes its stock files in UTF-8; a file in another encoding (re-saved by a spreadsheet
as Windows-1252, say) must not become `SOCI�T�` in the store. Decoding with errors="replace"
did exactly that, silently. Here each block of lines is decoded strictly in one C call; only a
block that fails (or that holds U+FFFD, the mark of an earlier lossy conversion) is decoded line
by line, and its faulty lines are reported in `damaged` as they are handed out, so the reader
of the rows can tell which record they belong to. What to do with a damaged line (refuse the
file, or count a bad row) is the pipeline's rule; `encoding_error` words the refusal.
"""

from __future__ import annotations

import io
import shlex
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import chain
from pathlib import Path
from typing import IO

from store.sirene.errors import SireneFileError

BLOCK_BYTES = 1 << 18  # as fast as larger blocks, measured; a failing one is re-read by line
BOM = b"\xef\xbb\xbf"
REPLACEMENT = "\ufffd"
# How a person knows the encodings `guess_encoding` names for iconv.
ENCODING_NAMES = {"WINDOWS-1252": "Latin-1/Windows-1252", "UTF-16": "UTF-16"}


@dataclass(frozen=True, slots=True)
class DamagedLine:
    """A line that is not valid UTF-8 or holds U+FFFD.

    `after_utf8`: whether valid non-ASCII UTF-8 came before it in the file, i.e. whether the file
    has shown it is UTF-8 (then this line is damaged) or not (then the file is in another
    encoding).
    """

    raw: bytes
    after_utf8: bool


class Utf8Lines:
    """The text lines (ends kept, universal newlines as `newline=""`) of a binary stream.

    Iterate it once. `damaged` gets a `DamagedLine` when such a line is handed out (with its
    U+FFFD-replaced text, so that the CSV structure still parses); whoever consumes the lines
    clears it.
    """

    def __init__(self, binary: IO[bytes], *, block_bytes: int = BLOCK_BYTES) -> None:
        self.binary = binary
        self.block_bytes = block_bytes
        self.damaged: list[DamagedLine] = []
        self.seen_utf8 = False  # valid non-ASCII text decoded so far

    def __iter__(self) -> Iterator[str]:
        # chain.from_iterable hands out lines at C speed; Python runs once per block.
        return chain.from_iterable(self._blocks())

    def _blocks(self) -> Iterator[Iterable[str]]:
        read, size = self.binary.read, self.block_bytes
        pending = read(size)
        if pending.startswith(BOM):
            pending = pending[len(BOM) :]
        while True:
            data = read(size)
            if not data:
                if pending:
                    yield self._decode(pending)
                return
            data = pending + data
            # Cut after a line end: "\n" never occurs inside a multi-byte UTF-8 character. A
            # file with bare "\r" line ends is cut at a "\r" that cannot be half of a "\r\n".
            cut = data.rfind(b"\n") + 1 or data.rfind(b"\r", 0, len(data) - 1) + 1
            if not cut:
                pending = data  # one line longer than a block: read on
                continue
            pending = data[cut:]
            yield self._decode(data[:cut])

    def _decode(self, block: bytes) -> Iterable[str]:
        try:
            text = block.decode("utf-8")
        except UnicodeDecodeError:
            return self._line_by_line(block)
        if REPLACEMENT in text:
            return self._line_by_line(block)
        if len(text) != len(block):
            self.seen_utf8 = True
        return io.StringIO(text, newline="")

    def _line_by_line(self, block: bytes) -> Iterator[str]:
        for raw in io.BytesIO(block):
            try:
                text = raw.decode("utf-8")
            except UnicodeDecodeError:
                text = raw.decode("utf-8", errors="replace")
            if REPLACEMENT not in text:
                if len(text) != len(raw):
                    self.seen_utf8 = True
                yield from io.StringIO(text, newline="")
                continue
            after_utf8 = self.seen_utf8
            for line in io.StringIO(text, newline=""):  # more than one with bare "\r" ends
                if REPLACEMENT in line:
                    self.damaged.append(DamagedLine(raw, after_utf8=after_utf8))
                yield line


def guess_encoding(raw: bytes) -> str | None:
    """The likely encoding of a line that is not UTF-8, by its iconv name; None when unclear.

    French text in Windows-1252 (a superset of Latin-1's letters) puts its accented letters in
    0xC0-0xFF and uses 0x80-0x9F only for rare signs (œ, ’, €); DOS and Mac encodings put their
    accents in 0x80-0x9F, so a line mostly in that range is not Windows-1252.
    """
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")) or looks_utf16(raw):
        return "UTF-16"
    high = [byte for byte in raw if byte >= 0x80]
    if not high:
        return None
    try:
        raw.decode("cp1252")
    except UnicodeDecodeError:
        return None
    letters = sum(1 for byte in high if byte >= 0xA0)
    return "WINDOWS-1252" if letters * 2 >= len(high) else None


def looks_utf16(head: bytes) -> bool:
    """Whether bytes look like UTF-16 text: a byte-order mark, or ASCII with every other byte 0."""
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return True
    sample = head[:200]
    if len(sample) < 8:
        return False
    even, odd = sample[0::2], sample[1::2]
    return (odd.count(0) >= len(odd) * 0.9 and not even.count(0)) or (
        even.count(0) >= len(even) * 0.9 and not odd.count(0)
    )


def has_replacements(raw: bytes) -> bool:
    """Whether a line is valid UTF-8 holding U+FFFD: text already damaged by a conversion."""
    try:
        return REPLACEMENT in raw.decode("utf-8")
    except UnicodeDecodeError:
        return False


def encoding_error(
    path: Path,
    raw: bytes,
    *,
    line: int,
    member: str | None = None,
    parquet: bool = False,
    stopped: bool = False,
) -> SireneFileError:
    """The refusal of a file that is not UTF-8, naming its likely encoding and how to convert it.

    `raw`: the first offending line; `stopped`: the import stopped there, after writing batches
    of this file (they are kept; a re-run on the converted file converges).
    """
    then = "; the import stopped there, the rows before it are kept" if stopped else ""
    encoding = None if parquet else guess_encoding(raw)
    if has_replacements(raw):
        return SireneFileError(
            f"{path} holds U+FFFD replacement characters (line {line}): a conversion already "
            f"lost its accents; download the original INSEE file again{then}",
            code="replacement_characters",
            path=path,
            line=line,
            stopped=stopped,
        )
    if encoding is None:
        return SireneFileError(
            f"{path} is not UTF-8 text (line {line}) and its encoding is unclear; "
            f"download the original INSEE file again{then}",
            code="not_utf8_unknown",
            path=path,
            line=line,
            stopped=stopped,
        )
    command = iconv_command(path, encoding, member)
    name = ENCODING_NAMES.get(encoding, encoding)
    return SireneFileError(
        f"{path} is not UTF-8 but looks like {name} (line {line}); convert it with "
        f"`{command}` and import the converted file{then}",
        code="not_utf8",
        path=path,
        line=line,
        encoding=name,
        command=command,
        stopped=stopped,
    )


def iconv_command(path: Path, encoding: str, member: str | None = None) -> str:
    """A shell command writing a UTF-8 copy of the CSV (of the ZIP's member) next to it."""
    if member is None:
        target = path.with_name(f"{path.stem}.utf8.csv")
        return f"iconv -f {encoding} -t UTF-8 {shlex.quote(str(path))} > {shlex.quote(str(target))}"
    target = path.with_name(f"{Path(member).stem}.utf8.csv")
    return (
        f"unzip -p {shlex.quote(str(path))} {shlex.quote(member)} | "
        f"iconv -f {encoding} -t UTF-8 > {shlex.quote(str(target))}"
    )
