"""Reading files named by users: only inside allowed folders, only regular files, never too much.

Every file dealsim reads on a user's behalf goes through :func:`read_bounded`:
scenario files, the bases of variants, evidence sources and forecast CSVs. It
opens the path without blocking (a FIFO cannot hang it), checks on the open
file that it is a regular file (not a FIFO, device or folder) and that its size
is within the limit, then reads at most ``limit + 1`` bytes (a file that grows,
or a ``/proc`` file that reports size 0, cannot make it read more).

Paths that a *file* names (a variant's ``base:``, a scenario's ``sources:``)
are also confined by :func:`confine`: resolved (``..``, absolute paths and
symbolic links all followed) and refused unless they lie inside an allowed
root. A refusal says only that the path is outside the allowed folders: never
what the file holds, nor whether it exists.

The default roots (:func:`default_roots`) are the folder tree of the scenario
being loaded, plus the current working directory's tree when the scenario lies
inside it (so ``scenarios/baseline.yaml`` may cite ``../seeds/...`` when
dealsim runs from the project), unless the working directory is the file
system's root or the home directory.

Every refusal is a :class:`FileRefused` whose ``reason`` is a short sentence
that callers put after the file and line where the path was written.
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Iterable, Sequence
from pathlib import Path

MAX_SOURCE_BYTES = 10_000_000
"""Largest evidence source a scenario may cite (an article, a transcript)."""

_READ_BLOCK = 1 << 20


class FileRefused(Exception):
    """A file that is not read; ``reason`` says why, without anything the file holds."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


Roots = Sequence[str | os.PathLike[str]]
"""Folders whose trees may be read (each is resolved before use)."""


def real_path(path: str | os.PathLike[str]) -> Path:
    """The path with ``..``, symbolic links and relative parts resolved (no need to exist).

    Raises:
        FileRefused: the path has a NUL character or cannot be resolved.
    """
    try:
        return Path(os.path.realpath(os.fspath(path)))
    except ValueError:  # embedded NUL
        raise FileRefused("the path contains a NUL character") from None
    except OSError as error:
        raise FileRefused(_reason(error)) from None


def default_roots(folder: str | os.PathLike[str]) -> list[Path]:
    """The folders a scenario loaded from ``folder`` may read from when none are given.

    ``folder`` itself (with everything below it), and the current working
    directory when ``folder`` lies inside it, unless the working directory is
    the file system's root or the home directory (too wide to open by default).
    """
    here = real_path(folder)
    roots = [here]
    try:
        working = Path(os.path.realpath(os.getcwd()))
    except OSError:  # the working directory was removed
        return roots
    if working not in _too_wide() and here.is_relative_to(working):
        roots.append(working)
    return roots


def _too_wide() -> set[Path]:
    """Working directories too wide to open by default: the file system's root and home."""
    wide = {Path("/")}
    try:
        wide.add(Path(os.path.realpath(Path.home())))
    except (RuntimeError, OSError):  # no home directory
        pass
    return wide


def resolved_roots(roots: Iterable[str | os.PathLike[str]]) -> list[Path]:
    """Allowed roots in resolved form (a root that cannot be resolved is dropped)."""
    resolved = []
    for root in roots:
        try:
            resolved.append(real_path(root))
        except FileRefused:
            continue
    return resolved


def roots_for(folder: str | os.PathLike[str] | None, allow: Roots | None) -> list[Path]:
    """The resolved allowed roots: ``allow`` if given, else the defaults for ``folder``.

    No folder and no ``allow`` (text without a file) allows nothing.
    """
    try:
        if allow is not None:
            return resolved_roots(allow)
        return default_roots(folder) if folder is not None else []
    except FileRefused:  # a NUL in the folder: nothing may be read
        return []


def confine(path: str | os.PathLike[str], roots: Roots) -> Path:
    """The resolved path, if it lies inside one of the roots.

    Raises:
        FileRefused: the path is outside every root (the same reason whether or
            not it exists), or has a NUL character.
    """
    resolved = real_path(path)
    for root in resolved_roots(roots):
        if resolved.is_relative_to(root):
            return resolved
    raise FileRefused("the path is outside the allowed folders (see --allow-path)")


def read_bounded(path: str | os.PathLike[str], limit: int, roots: Roots | None = None) -> bytes:
    """The bytes of a regular file of at most ``limit`` bytes.

    Args:
        path: the file.
        limit: the most bytes accepted.
        roots: when given, the path must resolve inside one of these folders.

    Raises:
        FileRefused: outside the roots, not found, not a regular file, too
            large, a symbolic link loop, a NUL in the path, a name too long,
            or any other reason the file cannot be read.
    """
    target: str | os.PathLike[str] = path if roots is None else confine(path, roots)
    try:
        descriptor = os.open(target, os.O_RDONLY | os.O_NONBLOCK | os.O_NOCTTY | os.O_CLOEXEC)
    except ValueError:
        raise FileRefused("the path contains a NUL character") from None
    except OSError as error:
        raise FileRefused(_reason(error)) from None
    try:
        info = os.fstat(descriptor)
        if not stat.S_ISREG(info.st_mode):
            raise FileRefused(f"is {_kind(info.st_mode)}, not a regular file")
        if info.st_size > limit:
            raise FileRefused(f"the file is larger than {_size(limit)}")
        os.set_blocking(descriptor, True)
        chunks = []
        remaining = limit + 1
        while remaining > 0:
            chunk = os.read(descriptor, min(_READ_BLOCK, remaining))
            if not chunk:
                break
            chunks.append(chunk)
            remaining -= len(chunk)
        if remaining <= 0:
            raise FileRefused(f"the file is larger than {_size(limit)}")
        return b"".join(chunks)
    except OSError as error:
        raise FileRefused(_reason(error)) from None
    finally:
        os.close(descriptor)


def _reason(error: OSError) -> str:
    reasons = {
        errno.ENOENT: "no such file",
        errno.ELOOP: "too many levels of symbolic links (a symlink loop?)",
        errno.ENAMETOOLONG: "the file name is too long",
        errno.EACCES: "permission denied",
        errno.EPERM: "permission denied",
        errno.ENOTDIR: "a part of the path is not a directory",
        errno.EISDIR: "is a directory, not a regular file",
    }
    return reasons.get(error.errno or 0, f"cannot be read ({error.strerror or error})")


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a directory"
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "a special file"


def _size(limit: int) -> str:
    if limit >= 1_000_000 and limit % 1_000_000 == 0:
        return f"{limit // 1_000_000} MB"
    return f"{limit:,} bytes"
