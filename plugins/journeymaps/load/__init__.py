"""Load: journeys/*.yml -> a validated Site model, with the source position of every item."""

from .site import ParseCache, load_site

__all__ = ["ParseCache", "load_site"]
