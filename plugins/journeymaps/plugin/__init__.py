"""The thin MkDocs adapter: the only package of journeymaps that imports mkdocs."""
