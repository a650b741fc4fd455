"""A reliable queue in Redis: what a consumer takes stays in Redis until it says it is done.

``push`` adds payloads (bytes) at the head; ``take`` moves the oldest one, atomically (``BLMOVE``),
into the consumer's own "taken" list and returns it; ``done`` removes it from there.  A consumer
killed between ``take`` and ``done`` leaves the payload in its taken list; ``give_back`` (called by the
next consumer of that name when it starts) moves it back to the tail, to be taken first.  So a payload
is lost only if Redis itself loses it, and may be handled twice: consumers must be idempotent (the
archive is: storing the same text again changes nothing).
"""

from __future__ import annotations

from typing import Any


class ReliableQueue:
    def __init__(self, redis: Any, key: str, taken_key: str) -> None:
        self.redis = redis
        self.key = key
        self.taken_key = taken_key

    def push(self, *payloads: bytes, pipe: Any = None) -> None:
        if payloads:
            (pipe if pipe is not None else self.redis).lpush(self.key, *payloads)

    def take(self, timeout: float = 1.0) -> bytes | None:
        """The oldest payload, or None after ``timeout`` seconds (0: do not wait)."""
        if timeout <= 0:
            return self.redis.lmove(self.key, self.taken_key, "RIGHT", "LEFT")
        return self.redis.blmove(self.key, self.taken_key, timeout, "RIGHT", "LEFT")

    def take_many(self, limit: int, timeout: float = 1.0) -> list[bytes]:
        """Up to ``limit`` payloads: waits for the first, takes the others only if already there."""
        first = self.take(timeout)
        if first is None:
            return []
        out = [first]
        while len(out) < limit:
            more = self.take(0)
            if more is None:
                break
            out.append(more)
        return out

    def done(self, *payloads: bytes) -> None:
        def queue(pipe: Any) -> None:
            for payload in payloads:
                pipe.lrem(self.taken_key, -1, payload)

        self.redis.transaction(queue)

    def give_back(self) -> int:
        """Move what a killed consumer had taken back to be taken first; returns how many."""
        moved = 0
        while self.redis.lmove(self.taken_key, self.key, "LEFT", "RIGHT") is not None:
            moved += 1
        return moved

    def __len__(self) -> int:
        return int(self.redis.llen(self.key))

    def taken(self) -> int:
        return int(self.redis.llen(self.taken_key))
