"""How text and numbers leave the app in a file: formula-safe cells, the worksheet writer, the source line.

Shared by every file export (tables, graph files, the deck), so that each writes a cell and
credits the data the same way.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from dashboard.data.cells import is_web_url
from dashboard.escape import document_text, spreadsheet_cell
from dashboard.i18n import format_date, t
from dashboard.network.counted import coverage_sentence
from dashboard.network.model import Model


def clean_cell(value: object) -> object:
    if value is None or value is pd.NA or (isinstance(value, float) and pd.isna(value)):
        return None
    if hasattr(value, "item"):  # numpy scalars -> plain numbers
        value = value.item()
    if isinstance(value, str):
        return spreadsheet_cell(document_text(value))
    return value


def write_sheet(ws: Any, frame: pd.DataFrame, *, link_column: str | None = None) -> None:
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    ws.append([clean_cell(str(c)) for c in frame.columns])
    for row in frame.itertuples(index=False):
        ws.append([clean_cell(v) for v in row])
    for cell in ws[1]:
        cell.font = Font(bold=True)
    ws.freeze_panes = "A2"
    if len(frame.columns):
        ws.auto_filter.ref = ws.dimensions
    for index, column in enumerate(frame.columns, start=1):
        longest = max([len(str(column)), *(len(str(v)) for v in frame[column] if v is not None)])
        ws.column_dimensions[get_column_letter(index)].width = min(max(longest + 2, 8), 60)
    if link_column in frame.columns:
        col = list(frame.columns).index(link_column) + 1
        for row_cells in ws.iter_rows(min_row=2, min_col=col, max_col=col):
            cell = row_cells[0]
            if isinstance(cell.value, str) and is_web_url(cell.value):
                cell.hyperlink = cell.value
                cell.style = "Hyperlink"


def source_line(model: Model, *, lang: str = "en") -> str:
    """The data-source line printed under every exported chart.

    Examples:
        >>> from types import SimpleNamespace as NS
        >>> ds = NS(title="PoliMi network", as_of="2026-11-25", coverage="Half of it.")
        >>> ds.text = lambda name, lang: getattr(ds, name)
        >>> line = source_line(NS(ds=ds))
        >>> line[:39], line[-11:]
        ('Data: PoliMi network, compiled November', 'Half of it.')
    """
    coverage = coverage_sentence(model.ds, lang)  # type: ignore[arg-type]
    return t(
        "export.source_line",
        lang,
        title=model.ds.text("title", lang),
        as_of=format_date(model.ds.as_of, lang),
        coverage=coverage,
    )
