"""Writing an output file so that nothing is ever half-written: a full disk, a
crash or an unwritable folder must not leave a broken export, or break the one already there.

The target is checked before any work is done, the content goes to a temporary file in
the target's own directory (so the final rename stays on one file system and is atomic),
and only a complete file is renamed into place. On any failure the temporary file goes.
"""

from __future__ import annotations

import glob
import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from tcpquiz.errors import OutputError


def check_output(path: Path, *, force: bool) -> Path:
    """The target path, once it is known that a file can be written there.

    Raises OutputError, with one sentence saying why, for a directory that does not
    exist or cannot be written, and for an existing file unless `force`.
    """
    target = path.expanduser()
    if target.is_dir():
        raise OutputError(f"{path} is a directory; give the name of a file to write.")
    folder = target.parent
    if not folder.exists():
        raise OutputError(f"The directory {folder} does not exist; create it first or choose another place.")
    if not folder.is_dir():
        raise OutputError(f"{folder} is not a directory, so {target.name} cannot be written inside it.")
    if not os.access(folder, os.W_OK | os.X_OK):
        raise OutputError(f"The directory {folder} is not writable; check its permissions or choose another place.")
    if target.exists() and not force:
        raise OutputError(f"{path} already exists; pass --force to overwrite it.")
    return target


@contextmanager
def atomic_output(path: Path, *, force: bool) -> Iterator[Path]:
    """Yield a temporary path to write; on success it replaces `path` in one rename."""
    target = check_output(path, force=force)
    remove_abandoned_temporaries(target)
    try:
        handle, name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.{os.getpid()}.", suffix=".tmp")
    except OSError as exc:
        raise OutputError(f"Cannot write in {target.parent}: {exc.strerror}.") from exc
    os.close(handle)
    temp = Path(name)
    try:
        yield temp
        _make_durable(temp)
        os.replace(temp, target)
    except OSError as exc:
        temp.unlink(missing_ok=True)
        raise OutputError(f"Cannot write {target}: {exc.strerror or exc}.") from exc
    except BaseException:
        temp.unlink(missing_ok=True)
        raise


def remove_abandoned_temporaries(target: Path) -> list[Path]:
    """Delete the temporary files that writes of `target` left behind when their process
    was killed (kill -9 cannot be handled). Each temporary name carries its writer's
    process id; one whose process is gone is removed. Returns what was removed."""
    removed = []
    for temp in target.parent.glob(f".{glob.escape(target.name)}.*.tmp"):
        pid = temp.name[len(target.name) + 2:].split(".", 1)[0]
        if pid.isdigit() and not _running(int(pid)):
            try:
                temp.unlink()
            except OSError:
                continue
            removed.append(temp)
    return removed


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # someone else's process
    return True


def _make_durable(path: Path) -> None:
    # mkstemp creates the file readable by its owner only; give it the permissions an
    # ordinary new file would have, then flush it to disk before the rename publishes it.
    mask = os.umask(0)
    os.umask(mask)
    os.chmod(path, 0o666 & ~mask)
    with path.open("rb+") as fh:
        os.fsync(fh.fileno())
