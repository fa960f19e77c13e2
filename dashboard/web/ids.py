"""Every Dash component id, in one place."""

from __future__ import annotations

URL = "url"
VIEW_STORE = "view-store"
FILTER_STORE = "filter-store"
FOCUS_STORE = "focus-store"

HEADER = "header"
HEADLINE = "headline"

REGION = "filter-region"
COUNTRY = "filter-country"
TYPE = "filter-type"
CONSORTIUM = "filter-consortium"
STATUS = "filter-status"
COMEMBERS = "filter-comembers"
YEARS = "filter-years"
SEARCH = "filter-search"
RESET = "filter-reset"
EMPTY_RESET = "empty-reset"

VIEW = "view-switch"
EMPTY = "empty-state"
MAP_PANE = "map-pane"
NETWORK_PANE = "network-pane"
TABLE_PANE = "table-pane"
INSIGHTS_PANE = "insights-pane"
# Slots of the parts mounted when first shown (see dashboard.web.ids.LAZY_PARTS), and the
# list of those already mounted on this page.
NETWORK_SLOT = "network-slot"
TABLE_SLOT = "table-slot"
MOUNTED = "mounted-store"

MAP = "partner-map"
MAP_COLOR = "map-color-by"
MAP_CHOROPLETH = "map-choropleth"
MAP_NOTE = "map-note"
NETWORK = "network"
NETWORK_LAYOUT = "network-layout"
NETWORK_COLOR = "network-color-by"
NETWORK_KEY = "network-key"
NETWORK_FIT = "network-fit"
TABLE = "partner-table"

DETAILS = "details"
DETAILS_BODY = "details-body"
DETAILS_CLOSE = "details-close"
DATA_NOTES = "data-notes"
DATA_NOTICE = "data-notice"
ERROR_NOTICE = "error-notice"
VERSION_NOTICE = "version-notice"  # "newer data is available" (dashboard.web.versions)
DATA_VERSION = "data-version"  # the hidden mark of the page's data version


def zoom_button(region_slug: str) -> dict[str, str]:
    """Pattern-matching id of a "zoom to region" button (``world`` for the whole map)."""
    return {"type": "zoom", "region": region_slug}


ROOT = "app-root"
EXPLORER = "explorer"
THEME = "theme-switch"
PRESENT_LINK = "present-link"

PRESENT = "present"
PRESENT_TITLE = "present-title"
PRESENT_COUNTER = "present-counter"
PRESENT_MAP = "present-map"
PRESENT_FIGURES = "present-figures"
PRESENT_TOP = "present-top"
PRESENT_NOTE = "present-note"
PRESENT_NEXT = "present-next"
PRESENT_PREV = "present-prev"
PRESENT_EXIT = "present-exit"
PRESENT_FULLSCREEN = "present-fullscreen"

EXPORT_FORMAT = "export-format"
EXPORT_BUTTON = "export-button"
EXPORT_DOWNLOAD = "export-download"
EXPORT_STATUS = "export-status"
# Background jobs (exports and the deck): the deck buttons, the request they make, the job panel.
EXPORT_DECK = "export-deck"
PRESENT_DECK = "present-deck"
DECK_REQUEST = "deck-request"
JOB_PANEL = "job-panel"
JOB_LABEL = "job-label"
JOB_PROGRESS = "job-progress"
JOB_CANCEL = "job-cancel"

# The Insights view.
INSIGHTS_ROOT = "insights-view"
INSIGHTS_ANSWERS = "insights-answers"
INSIGHTS_PATH_TARGET = "insights-path-target"
INSIGHTS_CENTRALITY = "insights-centrality"
INSIGHTS_OVERLAP = "insights-overlap"
INSIGHTS_SANKEY = "insights-sankey"
INSIGHTS_COVERAGE = "insights-coverage"
INSIGHTS_GROWTH = "insights-growth"
INSIGHTS_YEAR = "insights-year"
INSIGHTS_PLAY = "insights-play"
INSIGHTS_TICK = "insights-tick"
INSIGHTS_GROWTH_MAP = "insights-growth-map"
INSIGHTS_GROWTH_NETWORK = "insights-growth-network"
INSIGHTS_GROWTH_NOTE = "insights-growth-note"


def chart_title(graph_id: str) -> str:
    """The id of the heading above an Insights chart (what the chart shows, in words)."""
    return f"{graph_id}-title"


def chart_summary(graph_id: str) -> str:
    """The id of the text alternative under an Insights chart (what it shows, in numbers).

    Examples:
        >>> chart_summary(INSIGHTS_SANKEY)
        'insights-sankey-summary'
    """
    return f"{graph_id}-summary"


def chart_table_link(graph_id: str) -> str:
    """The id of the link under an Insights chart to the same partners as a table."""
    return f"{graph_id}-table-link"


def insight_answer(key: str) -> str:
    """The id of an Insights answer's section (``key`` of :class:`~dashboard.network.insights.Answer`).

    Examples:
        >>> insight_answer("matter")
        'insight-matter'
    """
    return f"insight-{key}"


INSIGHT_FOCUS_TYPE = "insight-focus"


def insight_focus(institution_id: str) -> dict[str, str]:
    """Pattern-matching id of a clickable institution name in Insights (wire ``index`` to the focus).

    Examples:
        >>> insight_focus("tu-delft")
        {'type': 'insight-focus', 'index': 'tu-delft'}
    """
    return {"type": INSIGHT_FOCUS_TYPE, "index": institution_id}


# The parts of the page mounted when first shown, and the id of the element they go in.
LAZY_SLOTS = {
    "network": NETWORK_SLOT,
    "table": TABLE_SLOT,
    "insights": INSIGHTS_PANE,
    "present": PRESENT,
}
LAZY_PARTS = tuple(LAZY_SLOTS)

# The import page (/import, admins only: dashboard.web.auth). Its callbacks are refused to anyone else.
IMPORT_PAGE = "import-page"
IMPORT_LINK = "import-link"
IMPORT_UPLOAD = "import-upload"
IMPORT_SOURCE = "import-source"
IMPORT_STATUS = "import-status"
IMPORT_TOKEN = "import-token"
IMPORT_MAPPING = "import-mapping"
IMPORT_SHEET = "import-sheet"
IMPORT_HEADER_ROW = "import-header-row"
IMPORT_DEFAULT_TYPE = "import-default-type"
IMPORT_REMAP = "import-remap"
IMPORT_REPORT = "import-report"
IMPORT_PLACES = "import-places"
IMPORT_PLACE = "import-place"
IMPORT_PLACE_STATUS = "import-place-status"
IMPORT_SAVE = "import-save"
IMPORT_RESULT = "import-result"
IMPORT_COLUMN_TYPE = "import-column"
IMPORT_CANDIDATE_TYPE = "import-candidate"
IMPORT_LAT_TYPE = "import-lat"
IMPORT_LON_TYPE = "import-lon"


def import_column(field: str) -> dict[str, str]:
    """Pattern-matching id of the drop-down choosing the column of one import field."""
    return {"type": IMPORT_COLUMN_TYPE, "field": field}


def import_place(kind: str, partner_id: str) -> dict[str, str]:
    """Pattern-matching id of a placing control (``IMPORT_CANDIDATE_TYPE``, ``_LAT_``, ``_LON_``) of a partner.

    Examples:
        >>> import_place(IMPORT_LAT_TYPE, "uni-x")
        {'type': 'import-lat', 'partner': 'uni-x'}
    """
    return {"type": kind, "partner": partner_id}


# Accessibility (dashboard.web.a11y_layout, assets/a11y.js): skip-link targets, the live region,
# the keyboard path to any shown partner, the text alternative of the map.
VIEWS_MAIN = "views-main"
LIVE = "a11y-live"
PARTNER_PICK = "partner-pick"
MAP_SUMMARY = "map-summary"
TABLE_LINK = "table-link"
NETWORK_SUMMARY = "network-summary"
DETAILS_HEADING = "details-heading"

# The language the page was built in (dashboard.web.language): every callback reads it.
LANG = "lang-store"


def lang_link(code: str) -> str:
    """The header's link to the same page in language ``code``.

    Examples:
        >>> lang_link("it")
        'lang-link-it'
    """
    return f"lang-link-{code}"
