"""POST/redirect/GET: what a page says once after a form succeeded, and secrets shown
exactly once.

A form that succeeds answers 303 to a page, with a *flash* in the signed session
cookie (a few names and values: which message, which contract...); that page takes it
out of the session as it renders, so reloading it resubmits nothing and says nothing
again. A secret (a new token) never travels in the cookie, which is signed, not
encrypted: it stays in the service's memory under a random reference
(``OneTimeSecrets``) that the flash carries, and the first page asking for the
reference takes the secret out. A reference that is no longer known (a restart, a
second service process, ten minutes gone, or asked before) gives nothing: the page then
says that the secret can no longer be shown.
"""

from __future__ import annotations

import secrets
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from typing import Generic, TypeVar

T = TypeVar("T")

#: a secret not taken within this many seconds is forgotten
SECRET_SECONDS = 600.0
#: at most this many secrets wait at once (the oldest is forgotten first)
MAX_SECRETS = 256


class OneTimeSecrets(Generic[T]):
    """Values kept in memory under a random reference, each given out once."""

    def __init__(
        self,
        *,
        seconds: float = SECRET_SECONDS,
        limit: int = MAX_SECRETS,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.seconds, self.limit, self.clock = seconds, limit, clock
        self._kept: OrderedDict[str, tuple[float, T]] = OrderedDict()
        self._lock = threading.Lock()  # the pages run in a thread pool

    def put(self, value: T) -> str:
        """Keep ``value``; the reference to give ``take``."""
        reference = secrets.token_urlsafe(24)
        with self._lock:
            self._forget_old()
            self._kept[reference] = (self.clock() + self.seconds, value)
            while len(self._kept) > self.limit:
                self._kept.popitem(last=False)
        return reference

    def take(self, reference: str) -> T | None:
        """The value kept under ``reference``, forgotten at once; None when unknown."""
        with self._lock:
            self._forget_old()
            found = self._kept.pop(reference, None)
        return None if found is None else found[1]

    def _forget_old(self) -> None:
        now = self.clock()
        for reference in [r for r, (until, _) in self._kept.items() if until <= now]:
            del self._kept[reference]
