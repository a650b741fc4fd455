"""Every exception the archive raises; the CLI turns each into one line and an exit code."""


class ArchiveError(Exception):
    """Base class: a problem the user can act on (bad file, bad date, locked database)."""


class NotAnArchiveError(ArchiveError):
    """The path is missing, a folder, or not an SQLite database."""


class ArchiveLockedError(ArchiveError):
    """Another process holds a write lock on the database longer than the busy timeout."""


class BadDateError(ArchiveError, ValueError):
    """A date given by the user is not a real day written YYYY-MM-DD (the options take days, not times)."""


class SchemaTooNewError(ArchiveError):
    """The archive was written by a newer version of this program."""


# a sick disk or archive never looks like success (docs/reliability.md)
EXIT_CORRUPT = 65  # sysexits EX_DATAERR: the archive file is damaged
EXIT_DISK_FULL = 74  # sysexits EX_IOERR: no space left (or an I/O error) for the archive, its WARC or job folder

RECOVERY_HINT = ("copy out what is readable with `archive snapshot --db {db} OUT.sqlite` "
                 "or `sqlite3 {db} .recover | sqlite3 recovered.sqlite`")


class CrossSiteClaimError(ArchiveError):
    """A page of one site claims the URL of another site's article, and has no URL of its own to be stored under."""


class ArchiveCorruptError(ArchiveError):
    """The archive file is damaged (SQLite: "database disk image is malformed"); see RECOVERY_HINT."""

    exit_code = EXIT_CORRUPT


class DiskFullError(ArchiveError):
    """No space left on the device holding the archive (or its WARC files)."""

    exit_code = EXIT_DISK_FULL


def is_corrupt_error(exc: BaseException) -> bool:
    """SQLite's own words for a damaged file (SQLITE_CORRUPT)."""
    text = str(exc).lower()
    return "malformed" in text or "database corrupt" in text


SQLITE_IOERR = 10
SQLITE_FULL = 13


def is_disk_full_error(exc: BaseException) -> bool:
    """SQLITE_FULL, ENOSPC/EDQUOT from the operating system, or SQLite's "disk I/O error" (SQLITE_IOERR:
    what a full disk gives when the WAL index or journal cannot grow, and what a failing disk gives)."""
    import errno

    if isinstance(exc, OSError) and exc.errno in (errno.ENOSPC, errno.EDQUOT, errno.EIO):
        return True
    code = getattr(exc, "sqlite_errorcode", None)
    if code is not None:  # SQLite says what it is: the primary code, not words a trigger may also say
        return code & 0xFF in (SQLITE_IOERR, SQLITE_FULL)
    text = str(exc).lower()
    return "database or disk is full" in text or "no space left" in text or "disk i/o error" in text
