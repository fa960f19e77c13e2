"""Which views export in which formats, and the one error an export raises.

Kept apart from the export code (kaleido, openpyxl, python-pptx) so that the page's Export
menu and the command line's argument checks import a table, not an image engine.
"""

from __future__ import annotations

from dashboard.i18n import t

# The network also as files other tools open (:mod:`.interchange`): Gephi, Cytoscape, Kumu, kepler.gl.
GRAPH_FORMATS = ("graphml", "gexf", "json", "kumu", "kepler")
IMAGE_FORMATS = ("png", "svg", "pdf")  # drawn by Chromium (kaleido)
FORMATS: dict[str, tuple[str, ...]] = {
    "map": (*IMAGE_FORMATS, "html"),
    "network": (*IMAGE_FORMATS, "html", *GRAPH_FORMATS),
    "table": ("csv", "xlsx"),
}
EXTENSIONS = {"kumu": "xlsx", "kepler": "zip"}  # file extension of a format, where it is not its name


def format_options(view: str | None, lang: str) -> list[dict[str, str]]:
    """The export formats of a view, labelled, as the Export menu lists them.

    Examples:
        >>> [o["value"] for o in format_options("table", "en")]
        ['csv', 'xlsx']
    """
    return [{"label": t(f"export.menu.format.{f}", lang), "value": f} for f in FORMATS.get(view or "map", ())]


MEDIA_TYPES = {
    "png": "image/png",
    "svg": "image/svg+xml",
    "pdf": "application/pdf",
    "html": "text/html",
    "csv": "text/csv",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "graphml": "application/graphml+xml",
    "gexf": "application/gexf+xml",
    "json": "application/json",
    "kumu": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "kepler": "application/zip",
}


class ExportError(Exception):
    """An export cannot be made; the message says why in one line."""


def check_format(view: str, fmt: str) -> None:
    """Fail unless the view can be exported in the format.

    Raises:
        ExportError: For an unknown view or a format the view does not have.

    Examples:
        >>> check_format("map", "pdf")
        >>> check_format("table", "png")
        Traceback (most recent call last):
        ...
        dashboard.outputs.formats.ExportError: the table view exports as csv or xlsx, not png
    """
    if view not in FORMATS:
        raise ExportError(f"unknown view {view!r}: expected one of {', '.join(FORMATS)}")
    if fmt not in FORMATS[view]:
        *others, last = FORMATS[view]
        listed = f"{', '.join(others)} or {last}" if others else last
        raise ExportError(f"the {view} view exports as {listed}, not {fmt}")


def format_for_suffix(view: str, suffix: str) -> str:
    """The format an output file's extension asks for in a view (``.xlsx`` is Kumu's in the network).

    Examples:
        >>> format_for_suffix("network", ".xlsx"), format_for_suffix("table", ".xlsx"), format_for_suffix("map", "")
        ('kumu', 'xlsx', '')
    """
    ext = suffix.lstrip(".").lower()
    return next((f for f in FORMATS.get(view, ()) if EXTENSIONS.get(f, f) == ext), ext)
