"""Reading files from outside: the one reader for every file the project reads (scenario
files, manifests, ``experiment.json``, run markers, result tables, panels).

Every read here:

- opens the path without following it into a FIFO, a device or a socket: the file is
  opened with ``O_NONBLOCK`` (so a FIFO never blocks) and must be a *regular* file by
  ``fstat`` of the opened descriptor (what is read is what was checked);
- refuses a symbolic link that leads out of the folder it must stay in (``within``,
  by default the folder holding the link);
- reads at most a declared number of bytes (:data:`TEXT_LIMIT` for scenario files and
  JSON documents, :data:`TABLE_LIMIT` for result tables), so ``/dev/zero`` or a runaway
  file cannot exhaust memory;
- decodes text as UTF-8 (a byte-order mark is accepted) and parses JSON and TOML with
  integers bounded to :data:`MAX_DIGITS` digits (Python refuses to convert more than
  4,300 digits with a traceback);
- reports every problem as :class:`FileError`, one line naming the file.

Standard library only: ``experiments`` and ``analysis`` both use it.
"""

from __future__ import annotations

import errno
import json
import os
import re
import shutil
import stat
import tempfile
import tomllib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

# No parameter, seed or count the project reads needs more than 20 digits (a 64-bit
# seed); 100 leaves room and keeps every accepted integer convertible to a float.
MAX_DIGITS = 100
# Scenario files are a few kilobytes; a manifest holds every resolved scenario of a batch
# or sweep (about 20 kB each): 64 MB holds thousands of them.
TEXT_LIMIT = 64 * 2**20
# The largest result table a batch can write (MAX_REPLICATIONS runs of the longest run
# with a monthly panel of the largest population) stays well below this; tables are read
# into memory whole, so anything larger is not one of ours.
TABLE_LIMIT = 16 * 2**30

_DIGIT_RUN = re.compile(r"[0-9][0-9_]*")


class FileError(Exception):
    """A file that cannot be used: missing, not a regular file, too large, not UTF-8,
    malformed, a number too long (message: one line naming the file)."""

    def __init__(self, message: str):
        super().__init__(" ".join(str(message).split()))


def shown(path: str | Path) -> str:
    """A file name as it may appear in a one-line message (a NUL or a line break in the
    name is shown escaped)."""
    text = str(path)
    if any(c in text for c in "\0\n\r\t") or len(text) > 300:
        text = repr(text)[1:-1]
        return text if len(text) <= 300 else text[:297] + "..."
    return text


def inside(path: Path, folder: Path) -> bool:
    try:
        path.relative_to(folder)
    except ValueError:
        return False
    return True


def read_bytes(
    path: str | Path, *, limit: int = TEXT_LIMIT, within: str | Path | None = None
) -> bytes:
    """The bytes of a regular file of at most ``limit`` bytes (see the module).

    ``within``: a folder the file (after following symbolic links) must lie in; by
    default a symbolic link must lead to a file inside the folder holding it.
    """
    name = shown(path)
    try:
        path = Path(path)
        if "\0" in str(path):
            raise ValueError("embedded null byte")
        if within is not None:
            if not inside(path.resolve(), Path(within).resolve()):
                raise FileError(f"{name}: leads out of {shown(within)} (refused)")
        elif path.is_symlink() and not inside(path.resolve(), path.parent.resolve()):
            raise FileError(f"{name}: a symbolic link that leads out of its folder (refused)")
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_BINARY", 0))
    except FileError:
        raise
    except ValueError:
        raise FileError(f"{name}: not a usable file name (it holds a NUL byte)") from None
    except FileNotFoundError:
        raise FileError(f"{name}: file not found") from None
    except IsADirectoryError:
        raise FileError(f"{name}: is a directory, not a file") from None
    except OSError as exc:
        if exc.errno == errno.ENXIO:  # a socket or a FIFO without writer on some systems
            raise FileError(f"{name}: not a regular file (refused)") from None
        raise FileError(f"{name}: cannot read ({exc.strerror or exc})") from None
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise FileError(f"{name}: is a directory, not a file")
        if not stat.S_ISREG(info.st_mode):
            raise FileError(f"{name}: not a regular file (a FIFO, device or socket; refused)")
        if info.st_size > limit:
            raise FileError(f"{name}: {info.st_size} bytes, more than the {limit} bytes allowed")
        chunks, size = [], 0
        while block := os.read(fd, 1 << 20):
            size += len(block)
            if size > limit:
                raise FileError(f"{name}: more than the {limit} bytes allowed")
            chunks.append(block)
        return b"".join(chunks)
    except OSError as exc:
        raise FileError(f"{name}: cannot read ({exc.strerror or exc})") from None
    finally:
        os.close(fd)


def decode(data: bytes, source: str | Path) -> str:
    """UTF-8 text (a byte-order mark is dropped); a one-line error naming ``source``."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise FileError(f"{shown(source)}: not a UTF-8 text file") from None


def read_text(
    path: str | Path, *, limit: int = TEXT_LIMIT, within: str | Path | None = None
) -> str:
    """A UTF-8 text file (see :func:`read_bytes`)."""
    return decode(read_bytes(path, limit=limit, within=within), path)


def check_digits(text: str, source: str, key: str = "") -> None:
    """Refuse a run of more than :data:`MAX_DIGITS` digits (``_`` separators included,
    as TOML allows) anywhere in ``text``."""
    for match in _DIGIT_RUN.finditer(text):
        digits = len(match.group()) - match.group().count("_")
        if digits > MAX_DIGITS:
            where = f"{source}: {key}" if key else source
            raise FileError(
                f"{shown(where)}: a number of {digits} digits (at most {MAX_DIGITS} allowed)"
            )


def _bounded_int(text: str) -> int:
    if len(text.lstrip("-")) > MAX_DIGITS:
        raise _TooLong(len(text.lstrip("-")))
    return int(text)


class _TooLong(ValueError):
    def __init__(self, digits: int):
        super().__init__(digits)
        self.digits = digits


def check_ints(value: Any, source: str) -> Any:
    """Refuse integers beyond :data:`MAX_DIGITS` decimal digits anywhere in a parsed
    document (TOML's hexadecimal, octal and binary integers are not digit runs)."""
    stack = [value]
    limit = 10**MAX_DIGITS
    while stack:
        v = stack.pop()
        if isinstance(v, dict):
            stack.extend(v.values())
        elif isinstance(v, list):
            stack.extend(v)
        elif isinstance(v, int) and not isinstance(v, bool) and abs(v) >= limit:
            raise FileError(f"{shown(source)}: an integer of more than {MAX_DIGITS} digits")
    return value


def loads_json(text: str, source: str | Path) -> Any:
    """Parse JSON with integers bounded; a one-line error naming ``source``."""
    try:
        return json.loads(text, parse_int=_bounded_int)
    except _TooLong as exc:
        raise FileError(
            f"{shown(source)}: a number of {exc.digits} digits (at most {MAX_DIGITS} allowed)"
        ) from None
    except json.JSONDecodeError as exc:
        raise FileError(
            f"{shown(source)}: not valid JSON ({exc.msg}, line {exc.lineno} column {exc.colno})"
        ) from None
    except (RecursionError, ValueError):
        raise FileError(f"{shown(source)}: not valid JSON (nested too deeply)") from None


def read_json(
    path: str | Path, *, limit: int = TEXT_LIMIT, within: str | Path | None = None
) -> Any:
    """A JSON file (regular, bounded, UTF-8, integers bounded)."""
    return loads_json(read_text(path, limit=limit, within=within), path)


def loads_toml(text: str, source: str | Path) -> dict[str, Any]:
    """Parse TOML with digit runs bounded (checked before parsing) and integers bounded
    (after); syntax errors name the file, line and column."""
    check_digits(text, str(source))
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise FileError(f"{shown(source)}: not valid TOML: {exc}") from None
    except RecursionError:
        raise FileError(f"{shown(source)}: not valid TOML: nested too deeply") from None
    except ValueError as exc:  # an integer Python will not convert
        raise FileError(f"{shown(source)}: not valid TOML: {exc}") from None
    return check_ints(data, str(source))


def safe_name(name: Any) -> bool:
    """A file name a manifest may list: relative, inside its folder (no ``..``, no
    absolute path, no drive, no NUL, no backslash)."""
    if not isinstance(name, str) or not name or "\0" in name or "\\" in name:
        return False
    if name.startswith("/") or re.match(r"[A-Za-z]:", name):
        return False
    parts = name.split("/")
    return all(p not in ("", ".", "..") for p in parts)


def refuse_write(path: Path, exc: OSError) -> FileError:
    """A failed write as a one-line error naming the file."""
    return FileError(f"{shown(path)}: cannot write ({exc.strerror or exc})")


@contextmanager
def replaced_folder(target: str | Path, replaceable) -> Iterator[Path]:
    """Write a folder in one step: yield a new temporary folder beside ``target``; when
    the block succeeds, move it into place (``os.replace``), replacing a previous
    ``target`` (only when ``replaceable(target)`` says it holds a previous output, so a
    folder of other files is never discarded). When the block fails nothing of the new
    output stays and ``target`` is unchanged.
    """
    target = Path(target)
    if target.exists() and not target.is_dir():
        raise FileError(f"{shown(target)}: is a file, not a folder")
    if target.is_dir() and any(target.iterdir()) and not replaceable(target):
        raise FileError(
            f"{shown(target)}: exists and holds other files; choose another --out or empty it first"
        )
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent))
    except OSError as exc:
        raise FileError(f"{shown(target)}: cannot create ({exc.strerror or exc})") from None
    old = None
    try:
        yield tmp
        if target.exists():
            old = Path(
                tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".old", dir=target.parent)
            )
            os.replace(target, old / "previous")
        try:
            os.replace(tmp, target)
        except OSError:
            if old is not None:
                os.replace(old / "previous", target)
            raise
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
    except OSError as exc:
        _discard(tmp, old)
        where = str(exc.filename or target).replace(str(tmp), str(target))
        raise FileError(f"{shown(where)}: cannot write ({exc.strerror or exc})") from None
    except BaseException:
        _discard(tmp, old)
        raise


def _discard(tmp: Path, old: Path | None) -> None:
    shutil.rmtree(tmp, ignore_errors=True)
    if old is not None and not (old / "previous").exists():
        shutil.rmtree(old, ignore_errors=True)
