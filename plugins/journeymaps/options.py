"""The journeymaps plugin's options in mkdocs.yml, defined once for every way a site is built.

`mkdocs build` (through plugin/config.py) and `journeymaps validate` (through the CLI) both
validate the options with `PluginOptions`, so they accept and reject exactly the same values.
Both read mkdocs.yml with PyYAML's SafeLoader, which speaks YAML 1.1: an unquoted `off` arrives
as False, an unquoted date as a date. The options accept those spellings, because README.md and
docs/configuration.md show them unquoted and people copy what the docs show.

Errors are SourceErrors (CLI) or OptionError (one option at a time, as MkDocs validates), both
with a message that says what was expected and a hint where one helps. This module imports no
MkDocs: it sits between analysis and the adapters that drive the pipeline.
"""

from __future__ import annotations

import datetime as dt
import os
from typing import Any, Mapping, Optional

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator
from pydantic_core import PydanticCustomError

from .analysis import AnalysisSettings, Check, Level
from .i18n import LANGUAGES
from .problems import Location, Problem, Severity, SourceError, did_you_mean

CHECK_NAMES = tuple(check.value for check in Check)
LEVELS = tuple(level.value for level in Level)
TODAY_VARIABLE = "JOURNEYMAPS_TODAY"


class OptionError(ValueError):
    """One option's value is wrong: `message` says what was expected, `hint` what to write."""

    def __init__(self, name: str, message: str, hint: Optional[str] = None):
        self.name, self.message, self.hint = name, message, hint
        super().__init__(f"{message} ({hint})" if hint else message)


def _wrong(message: str, hint: Optional[str] = None) -> PydanticCustomError:
    return PydanticCustomError("journeymaps_option", "{message}", {"message": message, "hint": hint})


def _shown(value: Any) -> str:
    if isinstance(value, bool):
        return str(value).lower()
    if value is None:
        return "nothing"
    return repr(value) if isinstance(value, str) else str(value)


class PluginOptions(BaseModel):
    """The options under `plugins: - journeymaps:`; every one has a default."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    enabled: bool = Field(True, description="Run the plugin. False builds the site without the journeys, as Material's own plugins do (for example `enabled: !ENV [JOURNEYMAPS, true]`).")
    journeys_dir: str = Field("journeys", description="Folder with personas.yml and one folder per journey, relative to mkdocs.yml.")
    language: Optional[str] = Field(None, description="Language of the generated pages' labels (en, nl). Default: theme.language, else English.")
    min_responses: int = Field(5, description="Responses needed before a measured score replaces the estimate, and before quotes are shown.")
    stale_after: int = Field(365, description="Warn when a journey's newest feedback is older than this many days (0: never).")
    current_window: int = Field(90, description="Days of responses a current score is measured on, up to the journey's newest response (or `today` when set), in whole calendar months; every response counts when the window holds fewer than min_responses (0: always every response).")
    today: Optional[dt.date] = Field(None, description=f"The date checks compare with (YYYY-MM-DD), for reproducible builds. Default: today, or the {TODAY_VARIABLE} environment variable.")
    checks: dict[str, Level] = Field(default_factory=dict, description="Per check: off | info | warn | error (info: logged, but --strict does not fail). Names: " + ", ".join(CHECK_NAMES) + ".")
    nav: bool = Field(True, description="Add the generated pages to the navigation (appended to a nav of hand-written pages).")
    offline: bool = Field(True, description="Keep the site free of requests to other hosts: turns off Material's Google Fonts.")
    charts: bool = Field(True, description="Draw the interactive charts (plotly.js served from the site). False leaves them out, and `journeymap` blocks stay code blocks.")
    history: bool = Field(True, description="Give each journey a history page read from git: per quarter, what each commit changed in its YAML, beside the scores measured in that quarter. False leaves the pages out and does not run git.")

    @field_validator("journeys_dir", mode="before")
    @classmethod
    def _folder(cls, value: Any) -> str:
        if not isinstance(value, str) or not value.strip():
            raise _wrong(f"expected a folder name, got {_shown(value)}", "such as journeys")
        return value

    @field_validator("language", mode="before")
    @classmethod
    def _language(cls, value: Any) -> Optional[str]:
        if value is None or value in LANGUAGES:
            return None if value is None else str(value)
        hint = did_you_mean(str(value), LANGUAGES) or f"use one of {', '.join(LANGUAGES)}, or leave it out"
        raise _wrong(f"{_shown(value)} is not a language of the generated pages", hint)

    @field_validator("min_responses", mode="before")
    @classmethod
    def _at_least_one(cls, value: Any) -> int:
        return _whole_number(value, minimum=1)

    @field_validator("stale_after", "current_window", mode="before")
    @classmethod
    def _days(cls, value: Any) -> int:
        return _whole_number(value, minimum=0)

    @field_validator("today", mode="before")
    @classmethod
    def _date(cls, value: Any) -> Optional[dt.date]:
        if value is None:
            return None
        parsed = parse_date(value)
        if parsed is None:
            raise _wrong(f"{_shown(value)} is not a date", "write it as YYYY-MM-DD, such as 2026-11-23")
        return parsed

    @field_validator("checks", mode="before")
    @classmethod
    def _levels(cls, value: Any) -> dict[str, Level]:
        if value is None:
            return {}
        if not isinstance(value, Mapping):
            raise _wrong(f"expected check names with a level each, got {_shown(value)}",
                         "such as 'unaddressed_gap: error' on its own line")
        return {str(name): _level(name, level) for name, level in value.items()}

    @field_validator("nav", "offline", "charts", "history", mode="before")
    @classmethod
    def _flag(cls, value: Any) -> bool:
        if not isinstance(value, bool):
            raise _wrong(f"expected true or false, got {_shown(value)}")
        return value

    def analysis_settings(self, environ: Mapping[str, str] = os.environ, *, config_file: str = "mkdocs.yml") -> AnalysisSettings:
        """The settings pipeline.analyse takes. `today` falls back to $JOURNEYMAPS_TODAY, then to the
        machine's date. Raises SourceError when the variable holds no YYYY-MM-DD date."""
        today = self.today
        if today is None and environ.get(TODAY_VARIABLE):
            today = parse_date(environ[TODAY_VARIABLE])
            if today is None:
                raise SourceError([Problem(
                    Location(config_file), f"{TODAY_VARIABLE}={environ[TODAY_VARIABLE]!r} is not a date",
                    "write it as YYYY-MM-DD, such as 2026-11-23",
                )])
        return AnalysisSettings(
            min_responses=self.min_responses,
            stale_after_days=self.stale_after or None,
            today=today or dt.date.today(),
            current_window_days=self.current_window or None,
            window_end=today,  # a date the site sets ends the window; else the newest response does
        )

    def check_levels(self) -> dict[str, Level]:
        """Check name -> level, for the checks mkdocs.yml sets; the others stay at `warn`."""
        return dict(self.checks)


def _whole_number(value: Any, *, minimum: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise _wrong(f"expected a whole number, got {_shown(value)}")
    if value < minimum:
        raise _wrong(f"expected a whole number of at least {minimum}, got {value}")
    return value


def _level(name: Any, level: Any) -> Level:
    if name not in CHECK_NAMES:
        hint = did_you_mean(str(name), CHECK_NAMES) or f"known checks: {', '.join(CHECK_NAMES)}"
        raise _wrong(f"unknown check {_shown(name)}", hint)
    if level is False:  # YAML 1.1 reads an unquoted `off` (and `no`) as false
        return Level.OFF
    if isinstance(level, str) and level in LEVELS:
        return Level(level)
    hint = did_you_mean(str(level), LEVELS) or "use off, info, warn or error"
    raise _wrong(f"{name}: {_shown(level)} is not a level", hint)


def parse_date(value: Any) -> Optional[dt.date]:
    """A date written YYYY-MM-DD (as text or as YAML's date), else None; a date with a time is not one."""
    if isinstance(value, dt.datetime):
        return None
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip()) if len(value.strip()) == 10 else None
        except ValueError:
            return None
    return None


def validate_option(name: str, value: Any) -> Any:
    """One option's validated value, as MkDocs validates options one by one. Raises OptionError."""
    try:
        return getattr(PluginOptions.model_validate({name: value}), name)
    except ValidationError as exc:
        error = exc.errors(include_url=False)[0]
        context = error.get("ctx") or {}
        raise OptionError(name, str(context.get("message") or error["msg"]), context.get("hint")) from None


def parse_options(raw: Any, config_file: str = "mkdocs.yml") -> tuple[PluginOptions, list[Problem]]:
    """Validate the plugin's options as read from `config_file`: (options, warnings about unknown
    option names). Raises SourceError listing every wrong option."""
    where = Location(config_file)
    if raw is None:
        raw = {}
    if not isinstance(raw, Mapping):
        raise SourceError([Problem(where, "journeymaps: the plugin's options must be a mapping",
                                   "write each option on its own line under '- journeymaps:'")])
    problems = []
    for name, value in raw.items():
        if name in PluginOptions.model_fields:
            try:
                validate_option(name, value)
            except OptionError as exc:
                problems.append(Problem(where, f"journeymaps option '{name}': {exc.message}", exc.hint))
    if problems:
        raise SourceError(problems)
    return PluginOptions.model_validate(dict(raw)), unknown_options(raw, config_file)


def unknown_options(raw: Mapping[str, Any], config_file: str = "mkdocs.yml") -> list[Problem]:
    """A warning for every option name the plugin does not know (MkDocs warns about them too)."""
    known = list(PluginOptions.model_fields)
    return [
        Problem(Location(config_file), f"journeymaps: unknown option '{name}'",
                did_you_mean(str(name), known) or f"known options: {', '.join(known)}",
                severity=Severity.WARNING, code="unknown_option")
        for name in raw if name not in PluginOptions.model_fields
    ]
