"""The files a journeymaps site serves besides its pages, and where each comes from: one list for
both adapters (the MkDocs plugin and `journeymaps generate`). plotly.min.js is the installed plotly
package's own copy, served from the site (no CDN), so its version is the locked one."""

from __future__ import annotations

import importlib.util
from pathlib import Path

PACKAGE_ASSETS = Path(__file__).resolve().parent.parent / "assets"
ASSET_DIR = "assets/journeymaps"
CSS_URI = f"{ASSET_DIR}/journeymaps.css"
CHARTS_CSS_URI = f"{ASSET_DIR}/charts.css"
CHARTS_JS_URI = f"{ASSET_DIR}/journeymaps.js"
PLOTLY_URI = f"{ASSET_DIR}/plotly.min.js"  # next to journeymaps.js, which loads it on pages with a chart


class AssetError(Exception):
    """An asset the site needs is not installed; the message says what to do."""


def plotly_js() -> Path:
    """The path of plotly.min.js in the installed plotly package. Raises AssetError."""
    spec = importlib.util.find_spec("plotly")
    if spec is None or not spec.submodule_search_locations:
        raise AssetError("the plotly package is not installed; install it or set `charts: false`")
    path = Path(list(spec.submodule_search_locations)[0]) / "package_data" / "plotly.min.js"
    if not path.is_file():
        raise AssetError(f"{path} is missing; reinstall plotly or set `charts: false`")
    return path


def site_assets(charts: bool) -> dict[str, Path]:
    """Site path -> source file of every asset: the CSS always, the chart script, its CSS and
    plotly.min.js when charts are on. Raises AssetError."""
    assets = {CSS_URI: PACKAGE_ASSETS / "journeymaps.css"}
    if charts:
        assets.update({
            CHARTS_CSS_URI: PACKAGE_ASSETS / "charts.css",
            CHARTS_JS_URI: PACKAGE_ASSETS / "journeymaps.js",
            PLOTLY_URI: plotly_js(),
        })
    return assets
