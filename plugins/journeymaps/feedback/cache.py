"""Files already read, by content: `mkdocs serve` re-reads a CSV only when its bytes changed.

The key is the content hash of every file of a batch read together plus everything else that shapes the result (the source's
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

from .aggregate import BatchTally
from .raw import digest_of

RACY_SECONDS = 2.0


@dataclass
class FeedbackCache:
    """Kept across rebuilds by the plugin; one per site.

    An entry is a batch of files read together (see read.py), under the digests of all of them:
    when one file of a batch changes, the batch is read again (a batch holds at most
    read.BATCH_BYTES of text, a fraction of a second)."""

    entries: dict[tuple[str, tuple[tuple[str, str], ...]], BatchTally] = field(default_factory=dict)
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

    def tallies(self, files: list[tuple[Path, str]], context_key: str,
                read: Callable[[list[tuple[Path, str]]], list[BatchTally]]) -> list[BatchTally]:
        """Tallies covering every file, (path, path shown) in `files`: the cached batches whose
        files are all unchanged, and what `read` makes of the rest; in the order of the files."""
        current = {display: self.digest(path) for path, display in files}
        hits: dict[tuple, BatchTally] = {}
        covered: set[str] = set()
        for key, tally in self.entries.items():
            context, members = key
            names = {display for display, _ in members}
            if context == context_key and all(current.get(d) == h for d, h in members) and not names & covered:
                hits[key] = tally
                covered |= names
        missing = [(path, display) for path, display in files if display not in covered]
        fresh = read(missing) if missing else []
        self.files_read += len(missing)
        shown = set(current)
        self.entries = {  # forget the batches of these files that no longer match
            key: tally for key, tally in self.entries.items()
            if key in hits or not {display for display, _ in key[1]} & shown
        }
        for tally in fresh:
            self.entries[(context_key, tuple((display, current[display]) for display in tally.files))] = tally
        position = {display: i for i, (_, display) in enumerate(files)}
        return sorted([*hits.values(), *fresh], key=lambda tally: min(position[d] for d in tally.files))
