"""Files already read, by content: `mkdocs serve` re-reads a CSV only when its bytes changed.

The key is the content hash of every file of a batch read together plus everything else that shapes the result (the source's
settings, the journey's touchpoint and persona ids, the path shown in messages). Editing
journey.yml text therefore costs nothing; adding a touchpoint re-reads, because labels may
now resolve. Hashing a 600 MB export takes about a third of a second, so a hash is reused while the
file's (mtime, size, inode) is unchanged and the file is older than two seconds; a younger
file is always hashed, because a second write within the clock's resolution keeps its mtime
(git calls this "racily clean").

A file no entry holds (every file, on the first build) is read whatever its hash, so it is
hashed in a thread while it is read: SHA-256 releases the GIL, and DuckDB's pass 2 keeps one
of two cores busy. That took the hash (0.1 s of 82 MB) off the wall time of a first build.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from .aggregate import BatchTally
from .raw import digest_of
from .themes import CommentStore, JourneyThemes

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
    comments: CommentStore = field(default_factory=CommentStore)
    """Each batch's comments, for the themes (themes.py), as long as the batch is held."""
    themes: dict[tuple[tuple[str, ...], str, tuple[str, ...]], JourneyThemes] = field(default_factory=dict)
    """Themes found, under (comment files, language, extra stop words): what they come from."""

    def forget_comments(self) -> None:
        """Delete the comment files of batches no longer held, and the themes found on them."""
        held = {tally.comments for tally in self.entries.values() if tally.comments}
        self.comments.forget(held)
        self.themes = {key: found for key, found in self.themes.items() if set(key[0]) <= held}

    def digest(self, path: Path) -> str:
        """The file's SHA-256 (hex). Hashed again when its mtime, size or inode changed, or when it
        was modified less than RACY_SECONDS ago (a second write within one mtime tick looks alike)."""
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
        # A file no entry holds is read whatever its hash: it is hashed while it is read (SHA-256
        # releases the GIL, and pass 2 of a batch keeps one core of DuckDB's two busy).
        held = {display for _, members in self.entries for display, _ in members}
        current = {display: self.digest(path) for path, display in files if display in held}
        hashing = _Hashing(self, [(path, display) for path, display in files if display not in held])
        hits: dict[tuple[str, tuple[tuple[str, str], ...]], BatchTally] = {}
        covered: set[str] = set()
        for key, tally in self.entries.items():
            context, members = key
            names = {display for display, _ in members}
            if context == context_key and all(current.get(d) == h for d, h in members) and not names & covered:
                hits[key] = tally
                covered |= names
        missing = [(path, display) for path, display in files if display not in covered]
        try:
            fresh = read(missing) if missing else []
        finally:
            current.update(hashing.result())
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


class _Hashing:
    """Digests of files, taken in a thread; result() waits for them and re-raises what failed."""

    def __init__(self, cache: FeedbackCache, files: list[tuple[Path, str]]):
        self._files, self._cache = files, cache
        self._digests: dict[str, str] = {}
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, name="feedback-digests", daemon=True) if files else None
        if self._thread is not None:
            self._thread.start()

    def _run(self) -> None:
        try:
            for path, display in self._files:
                self._digests[display] = self._cache.digest(path)
        except BaseException as exc:  # handed to the caller by result()
            self._error = exc

    def result(self) -> dict[str, str]:
        if self._thread is not None:
            self._thread.join()
        if self._error is not None:
            raise self._error
        return self._digests
