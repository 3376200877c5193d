"""Print which installed packages differ from the versions pinned in a lock file.

    python scripts/lock_diff.py requirements.txt

Run by `make test-latest` before the suite, so a red run starts with the list of releases that
are newer than the lock. Prints one line per package (name, locked version, installed version);
exits 0 whatever it finds.
"""

from __future__ import annotations

import re
import sys
from importlib import metadata
from pathlib import Path

PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;\\]+)")


def canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def locked_versions(lock: Path) -> dict[str, set[str]]:
    """Package name -> the versions the lock pins for it (one per environment marker)."""
    pins: dict[str, set[str]] = {}
    for line in lock.read_text(encoding="utf-8").splitlines():
        match = PIN.match(line)
        if match:
            pins.setdefault(canonical(match.group(1)), set()).add(match.group(2))
    return pins


def main(argv: list[str]) -> int:
    lock = Path(argv[1] if len(argv) > 1 else "requirements.txt")
    pins = locked_versions(lock)
    installed = {canonical(d.metadata["Name"]): d.version for d in metadata.distributions()}
    changed = [
        (name, " or ".join(sorted(versions)), installed[name])
        for name, versions in sorted(pins.items())
        if name in installed and installed[name] not in versions
    ]
    if not changed:
        print(f"every package is at the version {lock} pins")
    for name, locked, now in changed:
        print(f"{name}: {locked} in {lock}, {now} installed")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
