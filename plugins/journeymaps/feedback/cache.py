"""Files already read, by content: `mkdocs serve` re-reads a CSV only when its bytes changed.

The key is the content hash plus everything else that shapes the result (the source's
settings, the journey's touchpoint and persona ids, the path shown in messages). Editing
journey.yml text therefore costs nothing; adding a touchpoint re-reads, because labels may
now resolve. Hashing a 600 MB export takes about a third of a second, so a hash is reused while the
file's (mtime, size, inode) is unchanged and the file is older than two seconds; a younger
file is always hashed, because a second write within the clock's resolution keeps its mtime
(git calls this "racily clean").
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from .aggregate import FileTally
from .raw import digest_of

RACY_SECONDS = 2.0


@dataclass
class FeedbackCache:
    """Kept across rebuilds by the plugin; one per site."""

    entries: dict[str, tuple[tuple[str, str], FileTally]] = field(default_factory=dict)
    digests: dict[str, tuple[tuple[int, int, int], str]] = field(default_factory=dict)
    files_read: int = 0
    """How many files were actually parsed (cache misses), for tests and logs."""

    def digest(self, path: Path) -> str:
        stat = path.stat()
        signature = (stat.st_mtime_ns, stat.st_size, stat.st_ino)
        known = self.digests.get(str(path))
        if known and known[0] == signature and time.time() - stat.st_mtime > RACY_SECONDS:
            return known[1]
        digest = digest_of(path)
        self.digests[str(path)] = (signature, digest)
        return digest

    def tally(self, path: Path, display: str, context_key: str, read: Callable[[], FileTally]) -> FileTally:
        """The file's tally from the cache, or read now."""
        key = (self.digest(path), context_key)
        hit = self.entries.get(display)
        if hit is not None and hit[0] == key:
            return hit[1]
        self.files_read += 1
        result = read()
        self.entries[display] = (key, result)
        return result
