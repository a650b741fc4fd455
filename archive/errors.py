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
