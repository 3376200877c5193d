"""Compiled templates kept between builds: Jinja's bytecode cache, as Python keeps __pycache__.

Every build (and every `mkdocs serve` rebuild, every worker of render/parallel.py) made a new
Jinja environment and compiled the 21 page templates again: 0.18 s on this machine, before the
first page could be drawn. Loaded from the cache they take 4 ms. Jinja checks each template's
source against the checksum kept with its code, so an edited override is compiled again, never
served stale; the cache's file names carry the Jinja and journeymaps versions and the
environment's settings, which Jinja writes into the code too (`compile_settings`).

The cache lives where Jinja puts it by default: a folder of the user's own in the temporary
directory (`_jinja2-cache-<uid>`, mode 0700; Jinja refuses a folder another user owns), so only
the user running the build (who can change the installed package anyway) can write to it. A
cache that cannot be made, read or written is no cache: the templates are compiled as before.
"""

from __future__ import annotations

import hashlib
from typing import Optional

import jinja2
from jinja2 import Environment, FileSystemBytecodeCache
from jinja2.bccache import Bucket, BytecodeCache

from .. import __version__


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


def template_cache(env: Environment) -> Optional[BytecodeCache]:
    """The bytecode cache for the templates of `env`, or None (compile every time) when no safe
    folder for it can be had. Its file names carry a hash of what Jinja writes into the compiled
    code besides the template (`compile_settings`), so an environment set up otherwise, or
    another Jinja or journeymaps version, never loads this one's code."""
    digest = hashlib.sha256(repr(compile_settings(env)).encode()).hexdigest()[:16]
    try:
        return _Lenient(pattern=f"__journeymaps_{digest}_%s.cache")
    except (OSError, RuntimeError):  # RuntimeError: Jinja found the folder unsafe (another owner, open mode)
        return None


def compile_settings(env: Environment) -> list[object]:
    """What Jinja bakes into a template's compiled code besides its source: the syntax, the
    whitespace rules, the extensions, autoescaping (as it answers for an .html, a .txt and a
    string template), with the versions of Jinja and journeymaps."""
    autoescape = [env.autoescape(name) if callable(env.autoescape) else env.autoescape
                  for name in ("page.html", "page.txt", None)]
    return [jinja2.__version__, __version__, env.block_start_string, env.block_end_string,
            env.variable_start_string, env.variable_end_string, env.comment_start_string,
            env.comment_end_string, env.line_statement_prefix, env.line_comment_prefix, env.trim_blocks,
            env.lstrip_blocks, env.newline_sequence, env.keep_trailing_newline, sorted(env.extensions),
            env.optimized, env.finalize is not None, env.is_async, autoescape]
