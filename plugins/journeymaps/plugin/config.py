"""The plugin's options in mkdocs.yml (`plugins: - journeymaps: ...`), as MkDocs sees them.

The options are defined once, in journeymaps.options.PluginOptions, which `journeymaps validate`
uses too; this module only hands each of them to MkDocs' config machinery, so the build and the
command line cannot disagree about what is a valid option.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from mkdocs.config import base

from ..options import OptionError, PluginOptions, validate_option


class ModelOption(base.BaseConfigOption[Any]):
    """One field of PluginOptions as a MkDocs config option: same default, same validation."""

    def __init__(self, name: str):
        super().__init__()
        self.name = name
        self.default = PluginOptions.model_fields[name].get_default(call_default_factory=True)

    def run_validation(self, value: object) -> Any:
        """The value as PluginOptions validates it (MkDocs calls this); raises MkDocs'
        ValidationError, with PluginOptions' message, for a value it refuses."""
        try:
            return validate_option(self.name, value)
        except OptionError as exc:
            raise base.ValidationError(str(exc)) from None


# MkDocs reads a Config's options from its class body, so the class is made with type() from the
# fields of PluginOptions; a type checker cannot follow type() and sees this plain subclass.
if TYPE_CHECKING:
    class JourneymapsConfig(base.Config):
        """The journeymaps options, one per field of PluginOptions."""
else:
    JourneymapsConfig = type(
        "JourneymapsConfig",
        (base.Config,),
        {
            "__doc__": "The journeymaps options, built from PluginOptions: " + ", ".join(PluginOptions.model_fields) + ".",
            "__module__": __name__,
            **{name: ModelOption(name) for name in PluginOptions.model_fields},
        },
    )
