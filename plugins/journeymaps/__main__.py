"""`python -m journeymaps`: the same as the `journeymaps` command."""

from .cli import main

raise SystemExit(main())
