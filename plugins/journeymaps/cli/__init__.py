"""The `journeymaps` command: check, scaffold and compare journeys without building the site.

    journeymaps validate     the build's loading and checks, as text, CI annotations or JSON
    journeymaps schema       JSON Schemas of the YAML files, for editors
    journeymaps new          a starting journey or persona that validates
    journeymaps diff         what a change does to the journeys, as Markdown for a pull request
    journeymaps mermaid      a journey as a Mermaid `journey` diagram, for places the site is not
    journeymaps codeowners   CODEOWNERS lines from the owners in the YAML
    journeymaps generate     the generated pages as Markdown in docs/, for Zensical (generate.py)

One module per command, each with `add_parser` and `run`: validate.py, schema.py (with
json_schema.py, the schemas), new.py, diff.py (with git.py and diff_markdown.py, the comment),
mermaid.py (the text comes from render/mermaid.py, which the diff comment uses too),
codeowners.py (with codeowners_file.py, the lines), generate.py (a wrapper of journeymaps/generate.py).
Shared: parser.py (the parser and main), site.py (mkdocs.yml and the pipeline), output.py (problems
as text, JSON, annotations), common.py (UsageError, --root, paths as shown).

`validate`, `diff` and `mermaid` run pipeline.analyse with the options of the journeymaps plugin
in mkdocs.yml, exactly as the build does, so they never disagree with it. mkdocs.yml is read
with a plain YAML loader (its `!!python/name:` and `!ENV` tags are ignored): the command line
never imports MkDocs.

Exit codes: 0 fine; 1 problems in the sources (errors, or a file that would be overwritten);
2 a usage error (unknown revision, a folder that is not a site), or warnings under --strict.
"""

from .parser import build_parser, main

__all__ = ["build_parser", "main"]
