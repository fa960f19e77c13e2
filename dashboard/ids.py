"""Every Dash component id, in one place."""

from __future__ import annotations

URL = "url"
HEADER = "header"
HEADLINE = "headline"
REGION_TABLE = "region-table"
CONSORTIA_LIST = "consortia-list"
DATA_NOTES = "data-notes"
