"""The `journeymaps` command: check, scaffold and compare journeys without building the site.

    journeymaps validate     the build's loading and checks, as text, CI annotations or JSON
    journeymaps schema       JSON Schemas of the YAML files, for editors
    journeymaps new          a starting journey or persona that validates
    journeymaps diff         what a change does to the journeys, as Markdown for a pull request
    journeymaps codeowners   CODEOWNERS lines from the owners in the YAML
    journeymaps generate     the generated pages as Markdown in docs/, for Zensical (generate.py)

`validate` and `diff` run analysis.pipeline.analyse with the options of the journeymaps plugin
in mkdocs.yml, exactly as the build does, so they never disagree with it. mkdocs.yml is read
with a plain YAML loader (its `!!python/name:` and `!ENV` tags are ignored): the command line
never imports MkDocs.

Exit codes: 0 fine; 1 problems in the sources (errors, or a file that would be overwritten);
2 a usage error (unknown revision, a folder that is not a site), or warnings under --strict.
"""

from __future__ import annotations

import argparse
import hashlib
import io
import json
import os
import re
import subprocess
import sys
import tarfile
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Optional, Sequence

import yaml
from yaml_env_tag import construct_env_tag

from . import __version__
from .model import SLUG_PATTERN
from .options import PluginOptions, parse_options
from .problems import Location, Problem, Severity, SourceError

CONFIG_NAMES = ("mkdocs.yml", "mkdocs.yaml")


class UsageError(Exception):
    """Something the user asked that cannot be done: printed as one line, exit code 2."""


# -- mkdocs.yml ---------------------------------------------------------------------------------


class _ConfigLoader(yaml.SafeLoader):
    """Safe loading as MkDocs loads mkdocs.yml: `!ENV` reads the environment (with the same
    package MkDocs uses); every other tag it does not know (!!python/name:, !relative) is None."""


def _timestamp(loader: yaml.SafeLoader, node: yaml.Node) -> Any:
    """An unquoted date such as 2026-02-30 makes PyYAML raise a bare ValueError: say where instead."""
    try:
        return yaml.SafeLoader.construct_yaml_timestamp(loader, node)
    except ValueError as exc:
        raise yaml.constructor.ConstructorError(None, None, f"{node.value!r} is not a date: {exc}", node.start_mark) from None


_ConfigLoader.add_constructor("!ENV", construct_env_tag)
_ConfigLoader.add_constructor("tag:yaml.org,2002:timestamp", _timestamp)
_ConfigLoader.add_multi_constructor("", lambda loader, suffix, node: None)


@dataclass
class SiteOptions:
    """The journeymaps plugin's options in a site's mkdocs.yml, validated as the build validates them."""

    config_file: str
    plugin: PluginOptions
    warnings: list[Problem] = field(default_factory=list)  # unknown option names
    docs_dir: str = "docs"  # mkdocs.yml's docs_dir, where a hand-written page could take a generated one's path

    @property
    def journeys_dir(self) -> str:
        return self.plugin.journeys_dir


def find_config(root: Path) -> Optional[Path]:
    return next((root / name for name in CONFIG_NAMES if (root / name).is_file()), None)


def read_options(root: Path) -> SiteOptions:
    """The plugin options of the site at `root`; raise UsageError when it is not a site, SourceError
    when the options are wrong (the build would stop on them too)."""
    config = find_config(root)
    if config is None:
        raise UsageError(f"{_shown_dir(root)} is not a site: there is no mkdocs.yml (use --root to point at the site)")
    name = config.name
    try:
        data = yaml.load(config.read_text(encoding="utf-8-sig"), Loader=_ConfigLoader)
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        mark = getattr(exc, "problem_mark", None)
        location = Location(name, mark.line + 1, mark.column + 1) if mark else Location(name)
        raise SourceError([Problem(location, f"invalid YAML: {getattr(exc, 'problem', None) or exc}")]) from None
    plugins = data.get("plugins") if isinstance(data, dict) else None
    entries: list[Any] = list(plugins.items()) if isinstance(plugins, dict) else list(plugins or [])
    raw: Any = None
    found = False
    for entry in entries:
        if isinstance(entry, tuple) and entry[0] == "journeymaps":
            raw, found = entry[1], True
        elif entry == "journeymaps":
            raw, found = {}, True
        elif isinstance(entry, dict) and "journeymaps" in entry:
            raw, found = entry["journeymaps"], True
    if not found:
        raise UsageError(f"{_shown_dir(root)}/{name} does not enable the journeymaps plugin (add it under plugins:)")
    plugin, warnings = parse_options(raw, name)
    docs_dir = data.get("docs_dir") if isinstance(data.get("docs_dir"), str) else "docs"
    return SiteOptions(name, plugin, warnings, docs_dir)


def run_pipeline(root: Path, options: SiteOptions) -> Any:
    """analysis.pipeline.analyse with the settings the build uses, then the page list the build
    would publish (two pages at one address stop the build, so they stop validate too); raises
    SourceError."""
    from .analysis import analyse
    from .i18n import labels
    from .render import build_pages

    settings = options.plugin.analysis_settings(config_file=options.config_file)
    analysis = analyse(root, options.journeys_dir, settings, options.plugin.check_levels())
    pages = build_pages(analysis, labels(options.plugin.language or "en"))
    from .generate import is_generated_text

    taken = [p.src_uri for p in pages if (root / options.docs_dir / p.src_uri).is_file()
             and not is_generated_text((root / options.docs_dir / p.src_uri).read_text(encoding="utf-8", errors="replace"))]
    if taken:
        raise SourceError([
            Problem(Location(f"{options.docs_dir}/{uri}"), "has the same path as a page journeymaps generates",
                    "rename or remove it (write intro text in docs/index.md or another page)")
            for uri in taken
        ])
    return analysis


# -- validate -----------------------------------------------------------------------------------


def cmd_validate(args: argparse.Namespace) -> int:
    root = _root(args.root)
    problems: list[Problem]
    analysis = None
    try:
        options = read_options(root)
        analysis = run_pipeline(root, options)
        problems = options.warnings + list(analysis.warnings)
    except SourceError as exc:
        problems = list(exc.problems)
    errors = [p for p in problems if p.is_error]
    warnings = [p for p in problems if p.severity is Severity.WARNING]
    display = _display_paths(root)
    if args.format == "json":
        print(json.dumps([_as_json(p, display) for p in problems], indent=2, ensure_ascii=False))
    elif args.format == "gitlab":
        print(json.dumps([_as_code_quality(p, display) for p in problems], indent=2, ensure_ascii=False))
    elif args.format == "github":
        for problem in problems:
            print(_as_github(problem, display))
    else:
        for problem in problems:
            print(_as_human(problem, display))
        print(_summary(errors, warnings, problems, analysis, args.strict))
    if errors:
        return 1
    if warnings and args.strict:
        return 2
    return 0


def _summary(errors: list[Problem], warnings: list[Problem], problems: list[Problem], analysis: Any,
             strict: bool) -> str:
    if errors:
        return f"{_count(len(errors), 'error')} in the journeys; the site cannot be built."
    journeys = analysis.site.journeys
    touchpoints = sum(len(j.touchpoints) for j in journeys)
    checked = f"{_count(len(journeys), 'journey')} and {_count(touchpoints, 'touchpoint')} checked"
    notes = len(problems) - len(warnings)
    if not warnings and not notes:
        return f"{checked}: no problems."
    parts = ([_count(len(warnings), "warning")] if warnings else []) + ([_count(notes, "note")] if notes else [])
    tail = " (--strict fails on warnings)" if warnings and strict else ""
    return f"{checked}: {', '.join(parts)}{tail}."


def _count(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def _display_paths(root: Path):
    """Paths in output are relative to the current folder, so editors and CI can open them."""
    here = Path.cwd().resolve()
    resolved = root.resolve()

    def display(file: str) -> str:
        if resolved == here:
            return file
        return Path(os.path.relpath(resolved / file, here)).as_posix()

    return display


def _as_human(p: Problem, display) -> str:
    loc = p.location
    where = ":".join([display(loc.file)] + [str(n) for n in (loc.line, loc.column) if n is not None])
    text = f"{where}: {p.severity.value}: {p.message}"
    return text + (f" ({p.hint})" if p.hint else "")


def _as_json(p: Problem, display) -> dict[str, Any]:
    return {
        "file": display(p.location.file), "line": p.location.line, "column": p.location.column,
        "severity": p.severity.value, "code": p.code, "message": p.message, "hint": p.hint,
    }


def _as_github(p: Problem, display) -> str:
    """A workflow command: GitHub shows it as an annotation on the line of the pull request."""
    command = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}[p.severity]
    props = [f"file={_gh_property(display(p.location.file))}"]
    if p.location.line is not None:
        props.append(f"line={p.location.line}")
        if p.location.column is not None:
            props.append(f"col={p.location.column}")
    message = p.message + (f" ({p.hint})" if p.hint else "")
    return f"::{command} {','.join(props)}::{_gh_data(message)}"


def _gh_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _gh_property(text: str) -> str:
    return _gh_data(text).replace(":", "%3A").replace(",", "%2C")


def _as_code_quality(p: Problem, display) -> dict[str, Any]:
    """GitLab's Code Quality report format: shown in the merge request widget and the diff."""
    file = display(p.location.file)
    fingerprint = hashlib.sha1(f"{file}\0{p.code}\0{p.message}".encode("utf-8")).hexdigest()
    severity = {Severity.ERROR: "major", Severity.WARNING: "minor", Severity.INFO: "info"}[p.severity]
    return {
        "description": p.message + (f" ({p.hint})" if p.hint else ""),
        "check_name": p.code,
        "fingerprint": fingerprint,
        "severity": severity,
        "location": {"path": file, "lines": {"begin": p.location.line or 1}},
    }


# -- schema -------------------------------------------------------------------------------------


def cmd_schema(args: argparse.Namespace) -> int:
    from .schema import schemas

    out = Path(args.out)
    generated = schemas()
    if args.check:
        stale = [name for name, text in generated.items()
                 if not (out / name).is_file() or (out / name).read_text(encoding="utf-8") != text]
        for name in stale:
            print(f"{(out / name).as_posix()}: out of date with the models (run `journeymaps schema --out {args.out}`)")
        return 1 if stale else 0
    out.mkdir(parents=True, exist_ok=True)
    for name, text in generated.items():
        path = out / name
        if not path.is_file() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
        print(f"wrote {path.as_posix()}")
    return 0


# -- new ----------------------------------------------------------------------------------------

_SLUG = re.compile(SLUG_PATTERN)

PHASES = [
    ("see", "See", "advert", "Advert", "Where the customer first hears of us."),
    ("think", "Think", "compare", "Compare", "The customer weighs us against the alternatives."),
    ("do", "Do", "order", "Order", "The customer buys, signs up or books."),
    ("care", "Care", "support", "Support", "After the purchase: questions, service, coming back."),
]


def _check_id(kind: str, value: str) -> None:
    if not _SLUG.match(value) or len(value) > 80:
        suggestion = re.sub(r"[^a-z0-9]+", "-", value.lower()).strip("-")
        hint = f"; try '{suggestion}'" if suggestion and _SLUG.match(suggestion) else ""
        raise UsageError(f"'{value}' is not a valid {kind} id: use lowercase letters, digits and single hyphens{hint}")


def _schema_modeline(from_dir: Path, root: Path, kind: str) -> str:
    schema = root / "schemas" / f"{kind}.schema.json"
    if not schema.is_file():
        return ""
    rel = Path(os.path.relpath(schema, from_dir)).as_posix()
    return f"# yaml-language-server: $schema={rel}\n"


def _quote(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)  # JSON strings are valid YAML scalars


def journey_template(journey_id: str, title: str, owner: str, has_personas: bool, modeline: str) -> str:
    lines = [
        modeline.rstrip("\n"),
        f"# The journey '{journey_id}': its id is the folder name and part of every page address.",
        "# Every field is described in the format reference (docs/reference.md).",
        "",
        f"title: {_quote(title)}",
        "description: What this journey covers, from the first moment to the last.",
        f"owner: {_quote(owner)}" if owner else "# owner: Team ...          # the team that owns the journey as a whole",
        "scale: [1, 5]                # the scale of targets and estimates",
        "",
        "phases:                      # in order; rename or replace them with your own stage model",
    ]
    for phase_id, phase_title, *_ in PHASES:
        lines += [f"  - id: {phase_id}", f"    title: {phase_title}"]
    if not has_personas:
        lines += [
            "",
            "personas:                    # no personas.yml yet: a local persona to start with",
            "  - id: customer",
            "    name: Customer",
            "    description: Who this is and what situation they are in.",
        ]
    else:
        lines += ["", "# personas: [...]             # default: every persona of personas.yml"]
    lines += ["", "touchpoints:                  # in order within each phase"]
    for phase_id, _, tp_id, tp_title, description in PHASES:
        lines += [
            f"  - id: {tp_id}",
            f"    phase: {phase_id}",
            f"    title: {tp_title}",
            f"    description: {_quote(description)}",
        ]
        if tp_id == PHASES[0][2]:
            lines += [
                "    # channel: web",
                "    # owner: Team ...",
                "    # target: 4               # the score we aim for, on the journey scale",
                "    # estimate: 3             # workshop estimate, until there is enough feedback",
            ]
    return "\n".join(line for line in lines if line is not None).lstrip("\n") + "\n"


def persona_template(persona_id: str, name: str) -> str:
    return (
        f"- id: {persona_id}\n"
        f"  name: {_quote(name)}\n"
        "  description: Who this is and what situation they are in.\n"
        "  goals:\n"
        "    - What they want to achieve.\n"
        "  frustrations:\n"
        "    - What gets in their way.\n"
    )


def _org_personas(personas_file: Path) -> Optional[list]:
    """The data of personas.yml (a list), None when there is no file; UsageError when it is unreadable."""
    from .load.strict_yaml import parse_file

    if not personas_file.is_file():
        return None
    try:
        data = parse_file(personas_file, personas_file.name).data
    except SourceError as exc:
        raise UsageError(f"{personas_file.name} does not read: {exc.problems[0]}") from None
    if data is None:
        return []
    if not isinstance(data, list):
        raise UsageError(f"{personas_file.name} is not a list of personas")
    return data


def cmd_new(args: argparse.Namespace) -> int:
    root = _root(args.root)
    options = _options_or_usage(root)
    journeys = root / options.journeys_dir
    if args.kind == "journey":
        _check_id("journey", args.id)
        folder = journeys / args.id
        target = folder / "journey.yml"
        if target.exists():
            raise UsageError(f"{_rel(target, root)} already exists; not overwriting it")
        personas = _org_personas(journeys / "personas.yml")
        title = args.title or args.id.replace("-", " ").capitalize()
        text = journey_template(args.id, title, args.owner or "", bool(personas),
                                _schema_modeline(folder, root, "journey"))
        folder.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
        print(f"created {_rel(target, root)}")
        print("Next: fill in the phases and touchpoints, then run `journeymaps validate`.")
        return 0
    _check_id("persona", args.id)
    name = args.name or args.id.replace("-", " ").capitalize()
    entry = persona_template(args.id, name)
    target = journeys / "personas.yml"
    personas = _org_personas(target)
    if personas is not None and any(isinstance(p, dict) and p.get("id") == args.id for p in personas):
        raise UsageError(f"persona '{args.id}' already exists in {_rel(target, root)}; not overwriting it")
    if args.print:
        sys.stdout.write(entry)
        return 0
    if personas is None:
        journeys.mkdir(parents=True, exist_ok=True)
        header = _schema_modeline(journeys, root, "personas") + "# Organisation-wide personas, shared by every journey.\n\n"
        target.write_text(header + entry, encoding="utf-8")
    else:
        text = target.read_text(encoding="utf-8-sig")
        if personas and not re.search(r"^- ", text, re.MULTILINE):
            sys.stdout.write(entry)
            raise UsageError(f"{_rel(target, root)} is not written as a '- id: ...' list; add the persona above by hand")
        if text.strip().endswith("[]"):
            raise UsageError(f"{_rel(target, root)} holds an empty flow list '[]'; replace it with the persona above")
        separator = "" if not text or text.endswith("\n\n") else ("\n" if text.endswith("\n") else "\n\n")
        with target.open("a", encoding="utf-8") as handle:
            handle.write(separator + entry)
    print(f"added persona '{args.id}' to {_rel(target, root)}")
    return 0


# -- codeowners ---------------------------------------------------------------------------------


def cmd_codeowners(args: argparse.Namespace) -> int:
    from .codeowners import codeowners
    from .load import load_site

    root = _root(args.root)
    options = _options_or_usage(root)
    mapping: dict[str, str] = {}
    for item in args.owner or []:
        team, sep, handles = item.partition("=")
        if not sep or not team.strip() or not handles.strip():
            raise UsageError(f"--owner '{item}': write it as 'Team name=@org/team' (one or more handles)")
        mapping[team.strip()] = " ".join(handles.split())
    try:
        site = load_site(root, options.journeys_dir)
    except SourceError as exc:
        display = _display_paths(root)
        for problem in exc.problems:
            print(_as_human(problem, display), file=sys.stderr)
        return 1
    prefix = _repo_prefix(root)
    journeys_path = "/".join(part for part in (prefix, options.journeys_dir.strip("/")) if part)
    result = codeowners(site, journeys_path, mapping, args.org, args.default, args.all_owners)
    if args.output:
        Path(args.output).parent.mkdir(parents=True, exist_ok=True)
        Path(args.output).write_text(result.text, encoding="utf-8")
        print(f"wrote {args.output}")
    else:
        sys.stdout.write(result.text)
    if result.unmapped:
        teams = ", ".join(f"'{t}'" for t in result.unmapped)
        print(f"journeymaps: no handle for {teams}: pass --owner 'Team=@handle' or --org ORG", file=sys.stderr)
        return 1
    return 0


def _repo_prefix(root: Path) -> str:
    """The site's folder relative to the git repository root ('' at the top, or outside git)."""
    result = _git(root, "rev-parse", "--show-prefix", check=False)
    return result.stdout.strip().strip("/") if result.returncode == 0 else ""


# -- diff ---------------------------------------------------------------------------------------


def _git(cwd: Path, *args: str, check: bool = True, binary: bool = False) -> subprocess.CompletedProcess:
    try:
        result = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=not binary)
    except FileNotFoundError:
        raise UsageError("git is not installed or not on PATH") from None
    if check and result.returncode != 0:
        err = result.stderr.decode(errors="replace") if binary else result.stderr
        raise UsageError(f"git {' '.join(args)} failed: {err.strip()}")
    return result


@dataclass
class Side:
    label: str
    root: Optional[Path]
    analysis: Any = None
    errors: Optional[list[Problem]] = None
    files: dict[str, str] = field(default_factory=dict)


def _verify_revision(top: Path, revision: str) -> str:
    if revision.startswith("-"):
        raise UsageError(f"unknown revision '{revision}'")
    result = _git(top, "rev-parse", "--verify", "--quiet", f"{revision}^{{commit}}", check=False)
    if result.returncode != 0:
        raise UsageError(f"unknown revision '{revision}' (not a commit, branch or tag in this repository)")
    return result.stdout.strip()


def _extract(top: Path, commit: str, paths: list[str], into: Path) -> None:
    existing = [p for p in paths if _git(top, "cat-file", "-e", f"{commit}:{p}", check=False).returncode == 0]
    if not existing:
        return
    result = _git(top, "archive", "--format=tar", commit, "--", *existing, binary=True)
    with tarfile.open(fileobj=io.BytesIO(result.stdout)) as archive:
        if hasattr(tarfile, "data_filter"):
            archive.extractall(into, filter="data")
        else:  # Python < 3.11.4: git archive writes no absolute paths or links out of the tree
            archive.extractall(into)


def _materialise(top: Path, prefix: str, commit: str, into: Path) -> Path:
    """Write mkdocs.yml and the journeys folder of a commit into `into`; return the site root in it."""
    join = (lambda name: f"{prefix}/{name}") if prefix else (lambda name: name)
    _extract(top, commit, [join(name) for name in CONFIG_NAMES], into)
    site_root = into / prefix if prefix else into
    site_root.mkdir(parents=True, exist_ok=True)
    try:
        journeys_dir = read_options(site_root).journeys_dir
    except (UsageError, SourceError):
        journeys_dir = "journeys"
    _extract(top, commit, [join(journeys_dir.strip("/"))], into)
    return site_root


def _hash_files(root: Path, journeys_dir: str) -> dict[str, str]:
    found: dict[str, str] = {}
    candidates = [root / name for name in CONFIG_NAMES if (root / name).is_file()]
    base = root / journeys_dir
    if base.is_dir():
        candidates += [p for p in base.rglob("*") if p.is_file() and not any(
            part.startswith(".") or part == "__pycache__" for part in p.relative_to(root).parts)]
    for path in candidates:
        found[path.relative_to(root).as_posix()] = hashlib.sha1(path.read_bytes()).hexdigest()
    return found


def _analyse_side(side: Side) -> None:
    assert side.root is not None
    journeys_dir = "journeys"
    try:
        options = read_options(side.root)
        journeys_dir = options.journeys_dir
        side.analysis = run_pipeline(side.root, options)
    except UsageError:
        message = ("mkdocs.yml does not enable the journeymaps plugin" if find_config(side.root)
                   else "there is no mkdocs.yml: not a journeymaps site")
        side.errors = [Problem(Location("mkdocs.yml"), message)]
    except SourceError as exc:
        side.errors = list(exc.problems)
    side.files = _hash_files(side.root, journeys_dir)


def cmd_diff(args: argparse.Namespace) -> int:
    from .analysis.compare import compare, compare_files
    from .render.diff_markdown import DiffReport, render_diff

    root = _root(args.root)
    if find_config(root) is None:
        raise UsageError(f"{_shown_dir(root)} is not a site: there is no mkdocs.yml (use --root to point at the site)")
    top_result = _git(root, "rev-parse", "--show-toplevel", check=False)
    if top_result.returncode != 0:
        raise UsageError(f"{_shown_dir(root)} is not in a git repository; diff compares git revisions")
    top = Path(top_result.stdout.strip())
    prefix = _repo_prefix(root)
    base_commit = _verify_revision(top, args.base)
    head_commit = _verify_revision(top, args.head) if args.head else None
    with tempfile.TemporaryDirectory(prefix="journeymaps-diff-") as tmp:
        base = Side(f"`{args.base}`", _materialise(top, prefix, base_commit, Path(tmp) / "base"))
        if head_commit is not None:
            head = Side(f"`{args.head}`", _materialise(top, prefix, head_commit, Path(tmp) / "head"))
        else:
            head = Side("the working tree", root)
        for side in (base, head):
            _analyse_side(side)
    report = DiffReport(base.label, head.label, base_errors=base.errors, head_errors=head.errors,
                        files=compare_files(base.files, head.files))
    if base.errors is None and head.errors is None:
        report.diff = compare(base.analysis, head.analysis)
    text = render_diff(report)
    if args.output:
        Path(args.output).write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    return 0


# -- generate -----------------------------------------------------------------------------------


def cmd_generate(args: argparse.Namespace) -> int:
    """The pages as Markdown files for engines without the plugin: journeymaps/generate.py."""
    from . import generate

    root = _root(args.root)

    def load() -> tuple[PluginOptions, list[Problem], dict[str, Any], str]:
        options = read_options(root)  # UsageError when it is not a site
        config = find_config(root)
        data = yaml.load(config.read_text(encoding="utf-8-sig"), Loader=_ConfigLoader) if config else {}
        return options.plugin, options.warnings, data if isinstance(data, dict) else {}, options.config_file

    return generate.command(root, load, lambda p: _as_human(p, _display_paths(root)), watch=args.watch,
                            clean_only=args.clean, err=lambda text: print(text, file=sys.stderr))


# -- shared -------------------------------------------------------------------------------------


def _root(value: str) -> Path:
    root = Path(value)
    if not root.is_dir():
        raise UsageError(f"{value} is not a folder")
    return root


def _options_or_usage(root: Path) -> SiteOptions:
    try:
        return read_options(root)
    except SourceError as exc:
        raise UsageError(f"mkdocs.yml: {exc.problems[0].message}") from None


def _shown_dir(root: Path) -> str:
    here = Path.cwd().resolve()
    resolved = root.resolve()
    if resolved == here:
        return "this folder"
    return Path(os.path.relpath(resolved, here)).as_posix()


def _rel(path: Path, root: Path) -> str:
    return Path(os.path.relpath(path, Path.cwd())).as_posix()


# -- arguments ----------------------------------------------------------------------------------


class _Formatter(argparse.RawDescriptionHelpFormatter):
    pass


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="journeymaps",
        formatter_class=_Formatter,
        description="Check, scaffold and compare the customer journeys of a journeymaps site "
                    "(mkdocs.yml with the journeymaps plugin, and journeys/ beside it).",
        epilog="Exit codes: 0 fine, 1 problems in the journeys, 2 usage errors or (validate --strict) warnings.\n"
               "Run `journeymaps COMMAND --help` for the options of a command.",
    )
    parser.add_argument("--version", action="version", version=f"journeymaps {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    def root_option(p: argparse.ArgumentParser) -> None:
        p.add_argument("--root", default=".", metavar="DIR",
                       help="the site's folder, where mkdocs.yml is (default: the current folder)")

    validate = commands.add_parser(
        "validate", formatter_class=_Formatter,
        help="check the journeys exactly as the build does, without building",
        description="Load journeys/ and the feedback CSVs and run the checks, with the journeymaps options of\n"
                    "mkdocs.yml (journeys_dir, min_responses, stale_after, today, checks), exactly as\n"
                    "`mkdocs build` does. Every problem is reported in one run, with file, line and column.",
        epilog="Exit codes: 0 no errors (and, with --strict, no warnings); 1 errors; 2 warnings with --strict.\n"
               "Formats: human (one line per problem and a summary), github (workflow annotations),\n"
               "json (a list of {file, line, column, severity, code, message, hint}),\n"
               "gitlab (a Code Quality report for merge requests).",
    )
    root_option(validate)
    validate.add_argument("--format", choices=("human", "github", "json", "gitlab"), default="human",
                          help="output format (default: human)")
    validate.add_argument("--strict", action="store_true",
                          help="exit 2 on warnings, as `mkdocs build --strict` fails on them")
    validate.set_defaults(func=cmd_validate)

    schema = commands.add_parser(
        "schema", formatter_class=_Formatter,
        help="write the JSON Schemas of the YAML files, for editors",
        description="Write JSON Schemas (draft 2020-12) of journey.yml, personas.yml, improvements.yml and\n"
                    "decisions.yml, generated from the same models that read the files. Point your editor at\n"
                    "them (VS Code: yaml.schemas or a `# yaml-language-server: $schema=...` line; JetBrains:\n"
                    "JSON Schema Mappings) to get completion and checks as you type.",
    )
    schema.add_argument("--out", default="schemas", metavar="DIR", help="folder to write to (default: schemas)")
    schema.add_argument("--check", action="store_true",
                        help="write nothing; exit 1 if the files in DIR differ from the models")
    schema.set_defaults(func=cmd_schema)

    new = commands.add_parser(
        "new", formatter_class=_Formatter,
        help="start a new journey or persona",
        description="Create a starting file that validates. Never overwrites an existing journey or persona.",
    )
    kinds = new.add_subparsers(dest="kind", metavar="KIND", required=True)
    new_journey = kinds.add_parser(
        "journey", help="create journeys/ID/journey.yml",
        description="Create journeys/ID/journey.yml with four phases (See, Think, Do, Care) and a touchpoint in\n"
                    "each; rename and extend them. ID is the folder name and part of every page address.",
        formatter_class=_Formatter,
    )
    new_journey.add_argument("id", metavar="ID", help="the journey id: lowercase letters, digits and hyphens")
    new_journey.add_argument("--title", help="the journey's name (default: from the id)")
    new_journey.add_argument("--owner", help="the team that owns the journey, e.g. 'Team E-commerce'")
    root_option(new_journey)
    new_journey.set_defaults(func=cmd_new)
    new_persona = kinds.add_parser(
        "persona", help="add a persona to journeys/personas.yml",
        description="Append a persona to journeys/personas.yml (created if missing), or print it with --print.",
        formatter_class=_Formatter,
    )
    new_persona.add_argument("id", metavar="ID", help="the persona id: lowercase letters, digits and hyphens")
    new_persona.add_argument("--name", help="the name shown on pages, e.g. 'Sanne, first-time buyer'")
    new_persona.add_argument("--print", action="store_true", help="print the entry instead of writing it")
    root_option(new_persona)
    new_persona.set_defaults(func=cmd_new)

    diff = commands.add_parser(
        "diff", formatter_class=_Formatter,
        help="what a change does to the journeys, as Markdown for a pull request",
        description="Analyse two git revisions of the site (or a revision and the working tree) with the same\n"
                    "pipeline as the build and print, as Markdown fit for a pull-request comment, what changed:\n"
                    "touchpoints added, removed or moved, targets and estimates, decisions (status, floor),\n"
                    "backlog items added, re-prioritised or delivered, states that flip, and new warnings.\n"
                    "When a side does not validate, its errors and the changed files are listed instead.",
        epilog="Examples:\n"
               "  journeymaps diff                      HEAD against the working tree\n"
               "  journeymaps diff origin/main          origin/main against the working tree\n"
               "  journeymaps diff origin/main HEAD     two commits, as in CI\n"
               "Exit codes: 0 the report was written (even if a side does not validate);\n"
               "2 unknown revision, not a git repository, or not a site.",
    )
    diff.add_argument("base", nargs="?", default="HEAD", metavar="BASE", help="the revision before (default: HEAD)")
    diff.add_argument("head", nargs="?", default=None, metavar="HEAD",
                      help="the revision after (default: the working tree)")
    diff.add_argument("-o", "--output", metavar="FILE", help="write the Markdown to FILE instead of printing it")
    root_option(diff)
    diff.set_defaults(func=cmd_diff)

    owners = commands.add_parser(
        "codeowners", formatter_class=_Formatter,
        help="CODEOWNERS lines from the owners in the journeys",
        description="Print CODEOWNERS lines so the team that owns a journey reviews changes to it. One line per\n"
                    "journey folder, owned by the journey's `owner` (a journey's files hold touchpoints of several\n"
                    "teams, and CODEOWNERS works per file). Team names become handles with --owner, or @ORG/<slug>\n"
                    "of the team name with --org.",
        epilog="Example:\n"
               "  journeymaps codeowners --org huis-en-haard --owner 'Team E-commerce=@huis-en-haard/webshop' \\\n"
               "      --default @huis-en-haard/cx --output .github/CODEOWNERS",
    )
    owners.add_argument("--owner", action="append", metavar="TEAM=HANDLES",
                        help="the handle(s) of a team, e.g. 'Team Payments=@org/payments' (repeatable)")
    owners.add_argument("--org", help="map other teams to @ORG/<team name as slug>")
    owners.add_argument("--default", metavar="HANDLES",
                        help="owner of the whole journeys folder (personas.yml, journeys without an owner)")
    owners.add_argument("--all-owners", action="store_true",
                        help="also list the owners of a journey's touchpoints and improvements on its line")
    owners.add_argument("-o", "--output", metavar="FILE", help="write to FILE (e.g. .github/CODEOWNERS)")
    root_option(owners)
    owners.set_defaults(func=cmd_codeowners)

    gen = commands.add_parser(
        "generate", formatter_class=_Formatter,
        help="write the generated pages as Markdown, for Zensical and other engines without the plugin",
        description="Run the build's pipeline and write every page the plugin generates into docs_dir as\n"
                    "Markdown (same URLs), the assets, and mkdocs.journeymaps.yml (nav, assets, edit links).\n"
                    "Never overwrites a hand-written file; a re-run replaces what the last run wrote.",
        epilog="Then: zensical build -f mkdocs.journeymaps.yml   (docs/zensical.md)\n"
               "Exit codes: 0 written; 1 problems in the journeys or a hand-written file in the way (nothing written).",
    )
    gen.add_argument("--watch", action="store_true", help="run again on every change under journeys/ and docs/")
    gen.add_argument("--clean", action="store_true", help="remove the files the last run wrote, and write nothing")
    root_option(gen)
    gen.set_defaults(func=cmd_generate)
    return parser


def main(argv: Optional[Sequence[str]] = None) -> int:
    if hasattr(sys.stdout, "reconfigure") and (sys.stdout.encoding or "").lower().replace("-", "") != "utf8":
        sys.stdout.reconfigure(errors="replace")
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except UsageError as exc:
        print(f"journeymaps {args.command}: error: {exc}", file=sys.stderr)
        return 2
    except OSError as exc:
        print(f"journeymaps {args.command}: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
