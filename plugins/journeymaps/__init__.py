"""journeymaps: customer journey maps kept as YAML in git, published as a MkDocs site.

The pipeline, one package per step, each importing only the steps before it:
load (YAML -> model) -> feedback (CSV -> aggregates) -> analysis (states, checks), run in this order
by pipeline.analyse -> history (the journeys at earlier commits, from git) -> render (pages, charts)
-> the adapters: plugin (MkDocs), generate (Zensical) and cli. Only `plugin` imports mkdocs.
"""

__version__ = "0.1.0"
