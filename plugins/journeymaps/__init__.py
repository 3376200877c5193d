"""journeymaps: customer journey maps kept as YAML in git, published as a MkDocs site.

The pipeline, one package per step, each importing only the steps before it:
load (YAML -> model) -> feedback (CSV -> aggregates) -> analysis (states, checks)
-> render (pages, charts) -> plugin (the thin MkDocs adapter). Only `plugin` imports mkdocs.
"""

__version__ = "0.1.0"
