"""Compiled templates kept between builds: Jinja's bytecode cache, as Python keeps __pycache__.

Every build (and every `mkdocs serve` rebuild, every worker of render/parallel.py) made a new
Jinja environment and compiled the 21 page templates again: 0.18 s on this machine, before the
first page could be drawn. Loaded from the cache they take 4 ms. Jinja checks each template's
source against the checksum kept with its code, so an edited override (or an upgraded package)
is compiled again, never served stale.

The cache lives where Jinja puts it by default: a folder of the user's own in the temporary
directory (`_jinja2-cache-<uid>`, mode 0700; Jinja refuses a folder another user owns). A cache
that cannot be made, read or written is no cache: the templates are compiled as before.
"""

from __future__ import annotations

from typing import Optional

from jinja2 import FileSystemBytecodeCache
from jinja2.bccache import Bucket, BytecodeCache


class _Lenient(FileSystemBytecodeCache):
    """Jinja's file cache, except that a disk that cannot be read or written (full, read-only,
    the folder removed meanwhile) costs a compile instead of the build."""

    def load_bytecode(self, bucket: Bucket) -> None:
        try:
            super().load_bytecode(bucket)
        except OSError:
            bucket.reset()

    def dump_bytecode(self, bucket: Bucket) -> None:
        try:
            super().dump_bytecode(bucket)
        except OSError:
            pass


def template_cache() -> Optional[BytecodeCache]:
    """The bytecode cache for the page templates, or None (compile every time) when no safe
    folder for it can be had."""
    try:
        return _Lenient()
    except (OSError, RuntimeError):  # RuntimeError: Jinja found the folder unsafe (another owner, open mode)
        return None
