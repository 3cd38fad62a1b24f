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
is not atomic (`Staging.atomic` tells). Hidden entries at the top of the site
folder (`.git`, `.nojekyll`) are kept, as MkDocs' own cleaning keeps them: they
move into the new site once it is in place. Nothing here imports MkDocs.
"""

from __future__ import annotations

import atexit
import ctypes
import ctypes.util
import os
import shutil
import stat
import sys
import tempfile
import time
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


def hidden_entries(folder: Path) -> list[str]:
    """The names of `folder`'s hidden entries (`.git`, `.nojekyll`) that a build keeps, d5site's own left out.

    MkDocs' clean_directory keeps every entry at the top of site_dir whose name
    starts with `.` (it never writes such files, so it never deletes them): a
    gh-pages checkout in site/ survives a build. Publishing keeps them the same way.
    """
    try:
        names = os.listdir(folder)
    except OSError:
        return []
    return sorted(name for name in names if name.startswith(".") and not name.startswith(PREFIX))


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


LOCK_NAME = ".d5site-build.lock"
"""Inside a staging folder while its build runs: holds the build's pid and an exclusive flock."""
STALE_AFTER = 60.0
"""Seconds after which a staging or retired folder without a live lock is left over from a killed build."""


def _reason(exc: OSError) -> str:
    return exc.strerror or type(exc).__name__


def _lock(folder: Path) -> int | None:
    """Create and lock `folder`'s lock file (flock, released when the process ends, however it ends)."""
    try:
        fd = os.open(folder / LOCK_NAME, os.O_RDWR | os.O_CREAT | getattr(os, "O_CLOEXEC", 0), 0o600)
    except OSError:
        return None
    try:
        import fcntl

        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except (ImportError, OSError):
        pass  # no flock here: the pid below still tells a live build
    os.write(fd, str(os.getpid()).encode("ascii"))
    return fd


def _in_use(folder: Path) -> bool:
    """Whether another build still works in `folder` (its lock is held, or it is too recent to judge)."""
    lock = folder / LOCK_NAME
    try:
        fd = os.open(lock, os.O_RDWR)
    except FileNotFoundError:
        try:  # no lock (yet, or any more): a fresh folder may be a build starting or publishing
            return time.time() - folder.stat().st_mtime < STALE_AFTER
        except OSError:
            return False
    except OSError:
        return True
    try:
        try:
            import fcntl

            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except ImportError:
            pid = int(os.read(fd, 32) or b"0")
            return _alive(pid)
        except OSError:
            return True  # another process holds the lock: its build is running
        return False
    finally:
        os.close(fd)


def _alive(pid: int) -> bool:
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True
    return True


def clean_stale(parent: Path, name: str) -> list[Path]:
    """Delete staging (`-build-`) and retired (`-old-`) folders of site folder `name` left in `parent` by killed builds.

    A folder whose lock another running build holds is left alone. Returns the folders deleted.
    """
    return _remove_unlocked(parent, (f"{PREFIX}{name}-build-", f"{PREFIX}{name}-old-"))


def _remove_unlocked(parent: Path, prefixes: tuple[str, ...]) -> list[Path]:
    """Delete the folders in `parent` whose names start with one of `prefixes` and whose run is over (no live lock)."""
    removed = []
    try:
        entries = list(os.scandir(parent))
    except OSError:
        return removed
    for entry in entries:
        if not entry.name.startswith(prefixes):
            continue
        folder = Path(entry.path)
        try:
            if entry.is_symlink() or not entry.is_dir() or _in_use(folder):
                continue
            _remove(folder)
            removed.append(folder)
        except OSError:
            continue
    return removed


class Staging:
    """A fresh folder beside `target` that becomes `target` when published.

    Where the folder holding `target` is not writable, the staging folder is made
    inside `target` instead (and published by replacing `target`'s content, not
    atomically); where neither is writable, PublishError says why. A failed
    build never changes `target`. Staging folders left by killed builds of the
    same site folder are deleted first.
    """

    def __init__(self, target: str | os.PathLike[str], *, seed: bool = False):
        self.target = Path(os.path.realpath(target))
        if self.target.exists() and not self.target.is_dir():
            raise PublishError(f"{self.target} is not a folder")
        parent = self.target.parent
        try:
            parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise PublishError(f"cannot create {parent} for the site: {_reason(exc)}") from None
        self.stale_removed = clean_stale(parent, self.target.name)
        """Folders of killed builds deleted on the way."""
        self.inside = False
        """Whether the staging folder is inside the site folder (its parent is not writable)."""
        prefix = f"{PREFIX}{self.target.name}-build-"
        try:
            self.path = Path(tempfile.mkdtemp(prefix=prefix, dir=parent))
        except OSError as beside:
            if not self.target.is_dir():
                raise PublishError(
                    f"cannot build {self.target}: its folder {parent} is not writable ({_reason(beside)}), "
                    "so the new site cannot be prepared without touching the published one; "
                    "make it writable or choose another site_dir"
                ) from None
            self.stale_removed += clean_stale(self.target, self.target.name)
            try:
                self.path = Path(tempfile.mkdtemp(prefix=prefix, dir=self.target))
            except OSError as inside:
                raise PublishError(
                    f"cannot build: neither {parent} ({_reason(beside)}) nor {self.target} ({_reason(inside)}) "
                    "is writable, so the new site cannot be prepared without touching the published one; "
                    "make one of them writable or choose another site_dir"
                ) from None
            self.inside = True
        self._lock = _lock(self.path)
        self.atomic = not self.inside
        self.done = False
        self.left_behind: Path | None = None
        """The previous site, if it could not be deleted after the new one replaced it."""
        mode = stat.S_IMODE(self.target.stat().st_mode) if self.target.is_dir() else 0o777 & ~_umask()
        os.chmod(self.path, mode)
        if seed and self.target.is_dir():

            def own(
                folder: str, names: list[str]
            ) -> list[str]:  # the staging folder, when it is inside; hidden entries, kept on publishing
                return [n for n in names if n.startswith(".")] if Path(folder) == self.target else []

            shutil.copytree(self.target, self.path, symlinks=True, dirs_exist_ok=True, ignore=own)

    def _unlock(self) -> None:
        """Take the lock file out of the staging folder (the lock itself holds until the process ends)."""
        try:
            (self.path / LOCK_NAME).unlink()
        except OSError:
            pass
        if self._lock is not None:
            os.close(self._lock)
            self._lock = None

    def publish(self) -> None:
        """Make the staging folder the site folder, whole; delete the previous site."""
        if self.done:
            return
        self._unlock()
        target, new = self.target, self.path
        retired = new.with_name(new.name.replace("-build-", "-old-", 1))
        if self.inside:
            self._replace_content()
        elif not target.exists():
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
        """Move the previous site's hidden entries into the new one, then delete the previous site.

        The new site is in place, so a failure only leaves the previous one
        behind (never deleting a hidden entry that could not be moved).
        """
        kept = True
        for name in hidden_entries(previous):
            if os.path.lexists(self.target / name):
                continue  # the build wrote it: the build's file wins, as MkDocs overwrites it
            try:
                os.rename(previous / name, self.target / name)
            except OSError:
                kept = False
        try:
            if not kept:
                raise OSError("a hidden entry of the previous site could not be moved")
            _remove(previous)
        except OSError:
            self.left_behind = previous

    def _replace_content(self) -> None:
        """Fallback for a site folder that cannot be renamed (a mount point, a parent not writable): replace what is inside it."""
        self.atomic = False
        built = {child.name for child in self.path.iterdir()}
        for child in sorted(self.target.iterdir()):
            if child == self.path or (child.name.startswith(".") and child.name not in built):
                continue  # hidden entries stay, as MkDocs keeps them (see hidden_entries)
            _remove(child)
        for child in sorted(self.path.iterdir()):
            shutil.move(str(child), str(self.target / child.name))
        _remove(self.path)

    def discard(self) -> None:
        """Delete the staging folder; the site folder stays as it was."""
        if self.done:
            return
        self._unlock()
        _remove(self.path)
        self.done = True


SCRATCH_PREFIX = "d5site-scratch-"


class Scratch:
    """A temporary folder for one run's generated files that MkDocs then copies into the site (feeds, open data).

    Locked while its run lives (like a staging folder), deleted by `discard` in
    the process that made it (a forked process of `d5site build` shares it and
    leaves it alone), at the latest when that process exits; a folder left by a
    killed run is deleted by the next run that makes one.
    """

    def __init__(self, parent: str | os.PathLike[str] | None = None):
        self.parent = Path(parent) if parent is not None else Path(tempfile.gettempdir())
        self.stale_removed = _remove_unlocked(self.parent, (SCRATCH_PREFIX,))
        self.path = Path(tempfile.mkdtemp(prefix=SCRATCH_PREFIX, dir=self.parent))
        self.pid = os.getpid()
        self._fd = _lock(self.path)
        atexit.register(self.discard)

    def discard(self) -> None:
        """Delete the folder (only in the process that made it; safe to repeat)."""
        if os.getpid() != self.pid:
            return
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None
        if self.path.is_dir():
            _remove(self.path)
