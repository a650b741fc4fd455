"""Running crawls unattended: the in-process runner, its guard (lock, resume), progress, logs, nightly schedule."""
