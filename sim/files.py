"""Writing output files whole or not at all, where the user asked, with the user's permissions.

:func:`check_output_path` refuses a path that cannot be written before any
work starts: a folder, a missing folder (it is never created silently), a
parent that is a file, a folder that is read-only, or an existing path that is
not a regular file. :func:`write_atomically` writes through a temporary
``.NAME.*.part`` file in the same folder and renames it into place, so a crash
or an interrupt leaves no half-written file; the file gets the permissions the
umask gives any new file (not the 0600 of a temporary file), and ``.part``
files of the same name left by a process killed outright, older than
``STALE_PART_SECONDS``, are removed.
"""

from __future__ import annotations

import glob
import os
import stat
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

STALE_PART_SECONDS = 3600.0
"""Age after which a leftover temporary file of the same output is removed."""


class OutputPathError(Exception):
    """An output path that cannot be written; the message says why."""


def check_output_path(path: str | Path) -> Path:
    """Refuse, before any work, an output path that could not be written.

    Raises:
        OutputPathError: the path is a folder or not a regular file, its
            folder does not exist or is not a folder, or the folder is not
            writable.
    """
    path = Path(path)
    folder = path.parent
    try:
        if path.is_dir():
            raise OutputPathError(f"{path} is a directory; give a file name")
        if path.exists() and not stat.S_ISREG(path.stat().st_mode):
            raise OutputPathError(f"{path} exists and is not a regular file")
        if not folder.exists():
            raise OutputPathError(f"the folder {folder} does not exist (create it first)")
        if not folder.is_dir():
            raise OutputPathError(f"{folder} is not a folder")
    except (OSError, ValueError) as error:
        raise OutputPathError(f"{path} cannot be written ({error})") from None
    try:  # permissions and read-only file systems: only trying tells (root ignores modes)
        handle, probe = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=folder)
    except OSError as error:
        raise OutputPathError(
            f"cannot write in the folder {folder} ({error.strerror or error})"
        ) from None
    os.close(handle)
    os.unlink(probe)
    return path


def write_atomically(path: str | Path, write: Callable[[Path], None]) -> Path:
    """Write a file through a temporary one in the same folder, then rename it into place.

    A crash or Ctrl-C while ``write`` runs leaves no half-written file at
    ``path`` (and no temporary one either). The folder must exist.

    Args:
        path: the file to create or replace.
        write: writes the content to the path it is given.

    Returns:
        The path written.

    Raises:
        OutputPathError: the path cannot be written (see :func:`check_output_path`).
    """
    path = check_output_path(path)
    _remove_stale_parts(path)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
    os.close(handle)
    try:
        write(Path(temporary))
        os.chmod(temporary, 0o666 & ~_umask())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return path


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _remove_stale_parts(path: Path) -> None:
    """Remove temporary files of this output left by a process that was killed outright."""
    now = time.time()
    for part in path.parent.glob(f".{glob.escape(path.name)}.*.part"):
        try:
            if now - part.stat().st_mtime > STALE_PART_SECONDS:
                part.unlink()
        except OSError:
            continue
