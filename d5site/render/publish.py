"""Atomic publishing: a build writes into a fresh staging folder that replaces the site folder whole.

    staging = Staging(Path("site"))   # .d5site-site-build-XXXX, beside site/
    ... write the whole site into staging.path ...
    staging.publish()                 # site/ is now the new site; the old one is gone
    # or, if anything failed:
    staging.discard()                 # site/ is exactly as it was

The staging folder is a sibling of the site folder (of its real path, when
the site folder is a symbolic link), so that it is on the same file system and
the replacement is a rename. On Linux the two folders are exchanged in one
atomic step (renameat2 RENAME_EXCHANGE), so the site folder never stops
existing; elsewhere the old folder is renamed away and the new one renamed in,
leaving it missing for an instant but never partial. When the site folder
cannot be renamed at all (a mount point), its content is replaced instead, which
is not atomic (`Staging.atomic` tells). Nothing here imports MkDocs.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import shutil
import stat
import sys
import tempfile
from pathlib import Path

PREFIX = ".d5site-"
"""Staging and retired folders are named `.d5site-<site folder>-build-*` / `-old-*`."""

_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


class PublishError(Exception):
    """The site folder could not be replaced."""


def _renameat2():
    if not sys.platform.startswith("linux"):
        return None
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        function = libc.renameat2
    except (OSError, AttributeError):
        return None
    function.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    function.restype = ctypes.c_int
    return function


_RENAMEAT2 = _renameat2()


def exchange(a: Path, b: Path) -> bool:
    """Swap two paths atomically (Linux renameat2 RENAME_EXCHANGE); False where that fails or is not supported."""
    if _RENAMEAT2 is None:
        return False
    return _RENAMEAT2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _remove(path: Path) -> None:
    def retry_writable(function, name, _exc):  # read-only files and folders
        os.chmod(name, stat.S_IWRITE | stat.S_IREAD | stat.S_IEXEC)
        function(name)

    if path.is_symlink() or path.is_file():
        path.unlink()
    elif path.exists():
        if sys.version_info >= (3, 12):
            shutil.rmtree(path, onexc=retry_writable)
        else:
            shutil.rmtree(path, onerror=retry_writable)


class Staging:
    """A fresh folder beside `target` that becomes `target` when published."""

    def __init__(self, target: str | os.PathLike[str], *, seed: bool = False):
        self.target = Path(os.path.realpath(target))
        if self.target.exists() and not self.target.is_dir():
            raise PublishError(f"{self.target} is not a folder")
        parent = self.target.parent
        parent.mkdir(parents=True, exist_ok=True)
        self.path = Path(tempfile.mkdtemp(prefix=f"{PREFIX}{self.target.name}-build-", dir=parent))
        self.atomic = True
        self.done = False
        self.left_behind: Path | None = None
        """The previous site, if it could not be deleted after the new one replaced it."""
        mode = stat.S_IMODE(self.target.stat().st_mode) if self.target.is_dir() else 0o777 & ~_umask()
        os.chmod(self.path, mode)
        if seed and self.target.is_dir():
            shutil.copytree(self.target, self.path, symlinks=True, dirs_exist_ok=True)

    def publish(self) -> None:
        """Make the staging folder the site folder, whole; delete the previous site."""
        if self.done:
            return
        target, new = self.target, self.path
        retired = new.with_name(new.name.replace("-build-", "-old-", 1))
        if not target.exists():
            os.rename(new, target)
        elif exchange(new, target):
            self._retire(new)  # now the previous site
        else:
            try:
                os.rename(target, retired)
            except OSError:
                self._replace_content()
            else:
                try:
                    os.rename(new, target)
                except BaseException:
                    os.rename(retired, target)
                    raise
                self._retire(retired)
        self.done = True

    def _retire(self, previous: Path) -> None:
        """Delete the previous site; the new one is in place, so a failure only leaves it behind."""
        try:
            _remove(previous)
        except OSError:
            self.left_behind = previous

    def _replace_content(self) -> None:
        """Fallback for a site folder that cannot be renamed (a mount point): replace what is inside it."""
        self.atomic = False
        for child in sorted(self.target.iterdir()):
            _remove(child)
        for child in sorted(self.path.iterdir()):
            shutil.move(str(child), str(self.target / child.name))
        _remove(self.path)

    def discard(self) -> None:
        """Delete the staging folder; the site folder stays as it was."""
        if self.done:
            return
        _remove(self.path)
        self.done = True
