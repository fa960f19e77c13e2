"""Exports of a view for people preparing a meeting: table files, print-ready charts, snapshots.

Everything here works on the read-only model and a :class:`~dashboard.network.view_state.ViewState`,
never on Dash: the same functions serve ``python -m dashboard export`` and the UI's
Export menu (``export_bytes`` + ``export_filename`` feed a ``dcc.Download``).

- Tables: :func:`table_frame` (the filtered table plus each row's source URLs) written by
  :func:`write_csv` / :func:`write_xlsx`, every text cell neutralised against formula
  injection by :func:`~dashboard.escape.spreadsheet_cell`.
- Charts: :func:`print_figure` decorates the map or the static network chart with a title,
  legend, date and data-source line; :func:`render_images` turns figures into PNG, SVG or
  PDF with kaleido (headless Chromium), the base map read from ``assets/topojson``.
- :func:`html_snapshot`: one HTML file with plotly.js and the base map inline, which opens
  offline from a USB stick.
"""

from __future__ import annotations

import csv
import html
import io
import json
import re
import textwrap
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path
from typing import Any, Protocol

import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio

from dashboard.config import TOPOJSON_DIR
from dashboard.data.files import write_atomic
from dashboard.data.regions import slugify
from dashboard.escape import file_name, html_text, plotly_text
from dashboard.figures.labels import CHAR_WIDTH
from dashboard.figures.map_labels import Canvas
from dashboard.figures.maps import DETAIL_RESOLUTION, fit_paper_resolution
from dashboard.figures.network_chart import make_network_figure
from dashboard.i18n import country_name, format_date, t, term
from dashboard.network.details import table_rows
from dashboard.network.graph import consortium_only, filter_partners
from dashboard.network.model import Model
from dashboard.network.view_state import ViewState
from dashboard.outputs import render_service, renderer
from dashboard.outputs.alt_text import image_alt, pdf_with_text, png_with_text, svg_with_text
from dashboard.outputs.cells import clean_cell, source_line, write_sheet
from dashboard.outputs.formats import EXTENSIONS, GRAPH_FORMATS, IMAGE_FORMATS, ExportError, check_format
from dashboard.outputs.interchange import about_lines, interchange_bytes

Translate = Callable[..., str]
PRINT_SIZE = (1400, 860)  # px of a printed chart before scaling: a 16:10-ish slide or page
PRINT_MARGIN = (20, 20, 90, 50)  # left, right, top (title), bottom (footer) of a printed chart
PRINT_CANVAS = Canvas(PRINT_SIZE, PRINT_MARGIN)
FOOTER_FONT = 11
COLUMNS = (
    ("id", "export.column.id"),
    ("name", "table.name"),
    ("short_name", "table.short_name"),
    ("city", "table.city"),
    ("country", "table.country"),
    ("region", "table.region"),
    ("relations", "table.relations"),
    ("strength", "table.strength"),
    ("consortia", "table.consortia"),
    ("since", "table.since"),
    ("distance_km", "table.distance"),
    ("sources", "export.column.sources"),
)
SOURCE_COLUMNS = (
    "institution_id",
    "institution",
    "relation",
    "consortium",
    "field",
    "period",
    "source",
    "as_of",
)


class Views(Protocol):
    """What exports need from the explorer's view-model (:class:`dashboard.web.views.ExplorerViews`)."""

    model: Model
    lang: str

    def tr(self, key: str, **values: object) -> str:
        """Translate in the view's language."""

    def shown(self, state: ViewState) -> pd.DataFrame:
        """Partner rows that pass the state's filters."""

    def drawn(self, state: ViewState) -> pd.DataFrame:
        """Partner rows the map and network draw (co-members only with ``comembers``)."""

    def map_view(
        self,
        state: ViewState,
        *,
        color_by: str,
        choropleth: bool,
        focus: str,
        canvas: Canvas | None = None,
        font_size: float | None = None,
    ) -> dict[str, object]:
        """The explorer's map of a state, as a figure dict, drawn for ``canvas`` (size, margins)."""


def _period(since: str, until: str) -> str:
    return f"{since or '?'}–{until}" if since or until else ""


def _tr_for(source: Model | Views, lang: str | None) -> tuple[Model, Translate]:
    model = source if isinstance(source, Model) else source.model
    language = lang or getattr(source, "lang", "") or "en"
    return model, lambda key, **values: t(key, language, **values)


def shown_partners(model: Model, state: ViewState) -> pd.DataFrame:
    """The model's partner rows that pass the state's filters, as the explorer draws them:
    the consortium co-members only with ``comembers``."""
    rows = model.partners.loc[filter_partners(model.ds, model.relations, state.filters())]
    if state.comembers:
        return rows
    return rows.loc[~rows.index.isin(consortium_only(model.relations))]


def sources_frame(model: Model, partner_ids: Sequence[str], *, lang: str = "en") -> pd.DataFrame:
    """Every relation of the given partners with home, each with its source URL and as-of date
    (the relation's kind named in ``lang``).

    Agreements give one row each; a shared consortium gives the partner's membership row and
    home's own membership row of that consortium (the tie rests on both).

    Returns:
        Columns :data:`SOURCE_COLUMNS`, agreements first, in partner order.
    """
    ds = model.ds
    names = ds.institutions["name"]
    consortia = ds.consortia["short_name"]
    rows: list[dict[str, object]] = []
    agreements = ds.agreements[ds.agreements["institution_id"].isin(partner_ids)]
    for a in agreements.itertuples():
        rows.append(
            {
                "institution_id": a.institution_id,
                "institution": names[a.institution_id],
                "relation": t(f"type.{a.type}", lang),
                "consortium": "",
                "field": a.field,
                "period": _period(a.since, a.until),
                "source": a.source,
                "as_of": a.as_of,
            }
        )
    shared = sorted({c for i in partner_ids for c in model.partners.loc[i, "consortia"]})
    members = ds.memberships[ds.memberships["consortium_id"].isin(shared)]
    members = members[members["institution_id"].isin([*partner_ids, ds.home])]
    for m in members.sort_values(["consortium_id", "institution_id"]).itertuples():
        rows.append(
            {
                "institution_id": m.institution_id,
                "institution": names[m.institution_id],
                "relation": t("type.consortium", lang),
                "consortium": consortia[m.consortium_id],
                "field": m.role,
                "period": _period(m.since, ""),
                "source": m.source,
                "as_of": m.as_of,
            }
        )
    return pd.DataFrame(rows, columns=list(SOURCE_COLUMNS))


def table_frame(source: Model | Views, state: ViewState, *, lang: str | None = None) -> pd.DataFrame:
    """The filtered table as the explorer shows it, plus each row's relation source URLs.

    Args:
        source: The model, or the explorer's views (their language is then the default).
        state: The view state (its filters apply; focus and view do not).
        lang: Language of the column headers and relation names.

    Returns:
        One row per shown partner; columns are the table's headers (see :data:`COLUMNS`),
        ``Since`` and ``Distance (km)`` as nullable integers.
    """
    model, tr = _tr_for(source, lang)
    partners = shown_partners(model, state)
    language = lang or getattr(source, "lang", "") or "en"
    rows = table_rows(partners, model.ds.consortia["short_name"].to_dict(), tr=tr, lang=language)
    sources = sources_frame(model, list(partners.index), lang=language)
    by_partner = sources.groupby("institution_id")["source"].agg(lambda s: " ; ".join(dict.fromkeys(s)))
    frame = pd.DataFrame(rows, columns=[key for key, _ in COLUMNS[:-1]])
    frame["sources"] = [by_partner.get(i, "") for i in frame["id"]]
    for column in ("since", "distance_km", "strength"):
        frame[column] = frame[column].astype("Int64")
    return frame.rename(columns={key: tr(label) for key, label in COLUMNS})


def csv_bytes(frame: pd.DataFrame) -> bytes:
    """The frame as UTF-8 CSV (with a BOM, so Excel reads accents), every cell neutralised."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([clean_cell(str(c)) for c in frame.columns])
    for row in frame.itertuples(index=False):
        writer.writerow(["" if (v := clean_cell(x)) is None else v for x in row])
    return out.getvalue().encode("utf-8-sig")


def write_csv(frame: pd.DataFrame, path: Path) -> Path:
    """Write :func:`csv_bytes` atomically; returns ``path``."""
    return write_atomic(Path(path), lambda tmp: tmp.write_bytes(csv_bytes(frame)))


def xlsx_bytes(frame: pd.DataFrame, sources: pd.DataFrame | None = None, *, lang: str = "en") -> bytes:
    """A workbook: the table on sheet 1, every relation's source URL and as-of on sheet 2.

    Header row bold and frozen, columns sized to their content, text neutralised by
    :func:`~dashboard.escape.spreadsheet_cell`, numbers kept as numbers.
    """
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = t("export.sheet.partners", lang)[:31]
    write_sheet(ws, frame)
    if sources is not None:
        labelled = sources.rename(columns={c: t(f"export.sources.{c}", lang) for c in SOURCE_COLUMNS})
        write_sheet(
            wb.create_sheet(t("export.sheet.sources", lang)[:31]),
            labelled,
            link_column=t("export.sources.source", lang),
        )
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def write_xlsx(
    frame: pd.DataFrame, path: Path, *, sources: pd.DataFrame | None = None, lang: str = "en"
) -> Path:
    """Write :func:`xlsx_bytes` atomically; returns ``path``."""
    content = xlsx_bytes(frame, sources, lang=lang)
    return write_atomic(Path(path), lambda tmp: tmp.write_bytes(content))


def describe_filters(source: Model | Views, state: ViewState, *, lang: str | None = None) -> str:
    """The state's filters in words (``""`` when nothing is filtered).

    Returns:
        E.g. ``"Southeast Asia · ENHANCE · relations: Exchange"``.
    """
    model, tr = _tr_for(source, lang)
    ds = model.ds
    language = lang or getattr(source, "lang", "") or "en"
    region_names = {slugify(r): term("region", r, language) for r in ds.regions["region"]}
    parts = [region_names.get(r, r) for r in state.regions]
    parts += [country_name(c, language, ds.regions["country_name"].get(c, c)) for c in state.countries]
    parts += [str(ds.consortia["short_name"].get(c, c)) for c in state.consortia]
    if state.types:
        parts.append(tr("export.filter.types", types=", ".join(tr(f"type.{k}") for k in state.types)))
    if state.years:
        parts.append(tr("export.filter.years", start=state.years[0], end=state.years[1]))
    if state.q:
        parts.append(tr("export.filter.search", q=state.q))
    return " · ".join(parts)


def decorate_for_print(
    fig: go.Figure,
    *,
    title: str,
    date: str,
    source_line: str,
    subtitle: str = "",
    size: tuple[int, int] = PRINT_SIZE,
    lang: str = "en",
) -> go.Figure:
    """A copy of a figure made to stand on its own on paper or a slide.

    Adds the title (and a subtitle, e.g. the filters), keeps the legend visible, puts a
    footer with the data-source line and the export date, and fixes the size and a white
    background (screen figures are transparent).

    Args:
        fig: The screen figure (left unchanged).
        title: Chart title (plain text; escaped here).
        date: Export date, e.g. ``2026-11-25``.
        source_line: :func:`source_line`.
        subtitle: Second title line.
        lang: Language of the footer.
        size: Width and height in px before any export scale.

    Returns:
        The decorated figure.
    """
    out = go.Figure(fig)
    footer = t("export.footer", lang, source_line=source_line, date=format_date(date, lang))
    # At least the title's and footer's room; more where the figure keeps a legend strip below.
    kept = (getattr(fig.layout.margin, side) or 0 for side in "lrtb")
    margin = dict(zip("lrtb", map(max, PRINT_MARGIN, kept), strict=True))
    plot_height = max(size[1] - margin["t"] - margin["b"], 1)
    out.update_layout(
        title={
            "text": f"<b>{plotly_text(title)}</b>",
            "subtitle": {"text": plotly_text(subtitle)},
            "x": 0.01,
            "xanchor": "left",
            "y": 0.985,
            "yanchor": "top",
            "font": {"size": 22},
        },
        showlegend=True,
        width=size[0],
        height=size[1],
        margin=margin,
        paper_bgcolor="#FFFFFF",
        uirevision=None,
    )
    fit_paper_resolution(out)  # a region's coasts in detail; a world map at the scale of a page
    # The footer at the foot of the page, below any legend strip, wrapped to the page's width.
    chars = int((size[0] - margin["l"] - margin["r"]) / (CHAR_WIDTH * FOOTER_FONT))
    out.add_annotation(
        text="<br>".join(plotly_text(line) for line in textwrap.wrap(footer, chars)),
        xref="paper",
        yref="paper",
        x=0,
        y=-(margin["b"] - 6) / plot_height,
        xanchor="left",
        yanchor="bottom",
        showarrow=False,
        align="left",
        font={"size": FOOTER_FONT, "color": "#444444"},
    )
    return out


def view_figure(
    views: Views,
    state: ViewState,
    view: str,
    *,
    layout: str = "force",
    color_by: str = "type",
    choropleth: bool = False,
) -> go.Figure:
    """The screen figure of the map, or the static network chart, for a state."""
    if view == "map":
        fig = views.map_view(
            state, color_by=color_by, choropleth=choropleth, focus=state.focus, canvas=PRINT_CANVAS
        )
        return fig if isinstance(fig, go.Figure) else go.Figure(fig)
    model = views.model
    positions = model.positions.get(layout, model.positions["force"])
    return make_network_figure(
        model.G,
        views.drawn(state),
        positions,
        home=model.ds.home,
        tr=views.tr,
        canvas=PRINT_CANVAS,
        region_name=lambda region: term("region", region, views.lang),
        lang=views.lang,
    )


def print_figure(
    views: Views,
    state: ViewState,
    view: str,
    *,
    date: str,
    layout: str = "force",
    color_by: str = "type",
    choropleth: bool = False,
) -> go.Figure:
    """The map or network of a state, titled and footed for export (see :func:`decorate_for_print`)."""
    home = views.model.ds.home_row
    fig = view_figure(views, state, view, layout=layout, color_by=color_by, choropleth=choropleth)
    return decorate_for_print(
        fig,
        title=views.tr(f"export.title.{view}", home=home["short_name"] or home["name"]),
        subtitle=describe_filters(views, state) or views.tr("export.title.world"),
        date=date,
        source_line=source_line(views.model, lang=views.lang),
        lang=views.lang,
    )


def _size(fig: go.Figure) -> tuple[int, int]:
    return int(fig.layout.width or PRINT_SIZE[0]), int(fig.layout.height or PRINT_SIZE[1])


def render_images(
    figs: Sequence[go.Figure], fmt: str, *, scale: float = 3, progress: renderer.Progress | None = None
) -> list[bytes]:
    """Render figures to PNG, SVG or PDF with kaleido, in this process's long-lived Chromium.

    The figures are rendered concurrently, as one batch (:mod:`dashboard.outputs.renderer`).

    The base map comes from ``assets/topojson`` (``plotly.io.defaults.topojson`` and
    kaleido's ``topojson`` option, as a ``file://`` URI), so this works offline.

    Args:
        figs: Figures; each is rendered at its layout size (default :data:`PRINT_SIZE`).
        fmt: ``png``, ``svg`` or ``pdf``.
        scale: Pixel scale (PNG only: vector formats keep the layout size).
        progress: Called with (images done, images) as each image is ready.

    Returns:
        The images' bytes, in order.

    Raises:
        ExportError: If kaleido or Chromium is missing or the rendering fails.
    """
    topojson = TOPOJSON_DIR.as_uri()
    pio.defaults.topojson = topojson  # for anyone else calling plotly.io.write_image
    jobs: list[tuple[go.Figure, dict[str, object]]] = []
    for fig in figs:
        width, height = _size(fig)
        # A vector page scaled 3x would be a 44-inch PDF; only pixels need the extra resolution.
        jobs.append(
            (fig, {"format": fmt, "width": width, "height": height, "scale": scale if fmt == "png" else 1})
        )
    try:
        return render_service.render(jobs, topojson, progress=progress or renderer.quiet)
    except ImportError as exc:
        raise ExportError(f"image export needs kaleido: pip install kaleido ({exc})") from exc
    except Exception as exc:
        if "ChromeNotFound" in type(exc).__name__ or "chrome" in str(exc).lower():
            raise ExportError(
                f"image export needs Chromium (e.g. apt-get install chromium, or set BROWSER_PATH): {exc}"
            ) from exc
        raise ExportError(f"image export failed in kaleido: {type(exc).__name__}: {exc}") from exc


def prepare_images() -> None:
    """Start the browser that :func:`render_images` will use, in the background, so that
    building the figures of a batch overlaps Chromium's start (nothing if it runs already)."""
    render_service.prepare()


def export_figure(fig: go.Figure, path: Path, fmt: str, *, scale: float = 3) -> Path:
    """Write one figure as PNG, SVG, PDF or standalone HTML, atomically.

    Raises:
        ExportError: For an unknown format or a failed rendering.
    """
    if fmt == "html":
        content = html_snapshot(fig).encode("utf-8")
    elif fmt in IMAGE_FORMATS:
        content = render_images([fig], fmt, scale=scale)[0]
    else:
        raise ExportError(f"a chart exports as png, svg, pdf or html, not {fmt}")
    return write_atomic(Path(path), lambda tmp: tmp.write_bytes(content))


def topojson_names(fig: go.Figure) -> list[str]:
    """Base-map files a figure's geo subplots need, as plotly.js names them.

    Examples:
        >>> fig = go.Figure(go.Scattergeo(lat=[0], lon=[0]), layout={"geo": {"resolution": 50}})
        >>> topojson_names(fig), topojson_names(go.Figure(go.Scatter(x=[0])))
        (['world_50m'], [])
    """
    if not any(trace.type in ("scattergeo", "choropleth") for trace in fig.data):
        return []
    names = set()
    for geo in fig.select_geos():
        scope = (geo.scope or "world").replace(" ", "-")
        names.add(f"{scope}_{int(geo.resolution or 110)}m")
    return sorted(names or {"world_110m"})


def html_snapshot(fig: go.Figure, *, title: str = "") -> str:
    """A standalone HTML page of a figure that opens offline (e.g. from a USB stick).

    plotly.js is inline, and so is the base map: plotly.js reads
    ``window.PlotlyGeoAssets.topojson["world_50m"]`` before it would fetch anything, so the
    script setting it comes before plotly.js. ``topojsonURL`` points at a relative folder,
    never at a CDN.

    Raises:
        ExportError: If a base-map file is missing from ``assets/topojson``.
    """
    fig = go.Figure(fig).update_geos(resolution=DETAIL_RESOLUTION)  # a page its reader zooms into
    assets = []
    for name in topojson_names(fig):
        path = TOPOJSON_DIR / f"{name}.json"
        if not path.is_file():
            raise ExportError(f"base map {path} is missing: cannot make an offline snapshot")
        text = path.read_text(encoding="utf-8").replace("</", "<\\/")  # cannot end the <script>
        assets.append(f"{json.dumps(name)}: {text}")
    page = fig.to_html(
        include_plotlyjs=True,
        include_mathjax=False,
        full_html=True,
        config={"topojsonURL": "topojson/", "displaylogo": False, "responsive": True},
    )
    head = f"<title>{html_text(title or _plain(fig.layout.title.text) or 'snapshot')}</title>"
    if assets:
        head += "\n<script>window.PlotlyGeoAssets = {topojson: {" + ",\n".join(assets) + "}};</script>"
    return page.replace("<head>", "<head>\n" + head, 1)


def _plain(label: str | None) -> str:
    """A plotly label as plain text: its tags (ours: data is escaped) dropped, entities read.

    Examples:
        >>> _plain("<b>A &amp; B &lt;i&gt;</b>")
        'A & B <i>'
    """
    return html.unescape(re.sub(r"<[^>]*>", "", label or ""))


def export_filename(views: Views | Model, state: ViewState, *, view: str, fmt: str, date: str) -> str:
    """A file name that says what was exported, e.g. ``polimi-map-southeast-asia-2026-11-25.pdf``."""
    model = views if isinstance(views, Model) else views.model
    words = [model.ds.home, view, *state.regions, *state.countries, *state.consortia, *state.types]
    if state.years:
        words.append(f"{state.years[0]}-{state.years[1]}")
    return f"{file_name(*words)}-{file_name(date)}.{file_name(EXTENSIONS.get(fmt, fmt))}"


def export_bytes(
    views: Views,
    state: ViewState,
    *,
    view: str,
    fmt: str,
    date: str | None = None,
    layout: str = "force",
    color_by: str = "type",
    choropleth: bool = False,
) -> bytes:
    """The content of an export of a view, ready for a file or a ``dcc.Download``.

    Args:
        views: The explorer's views (model and language).
        state: The view state: filters, focus.
        view: ``map``, ``network`` or ``table``.
        fmt: One of :data:`FORMATS` for the view.
        date: Export date printed on charts (default: today).
        layout: Network layout name.
        color_by: Map colouring, ``type`` or ``region``.
        choropleth: Shade the map's countries.

    Returns:
        The file's bytes.

    Raises:
        ExportError: For a format the view does not have, or a failed rendering.
    """
    check_format(view, fmt)
    if fmt in GRAPH_FORMATS:
        about = about_lines(
            views.model, describe_filters(views, state), lang=views.lang, date=date or date_today()
        )
        partners = shown_partners(views.model, state)
        return interchange_bytes(views.model, partners, fmt=fmt, lang=views.lang, layout=layout, about=about)
    if view == "table":
        frame = table_frame(views, state)
        if fmt == "csv":
            return csv_bytes(frame)
        partners = shown_partners(views.model, state)
        sources = sources_frame(views.model, list(partners.index), lang=views.lang)
        return xlsx_bytes(frame, sources, lang=views.lang)
    fig = print_figure(
        views,
        state,
        view,
        date=date or date_today(),
        layout=layout,
        color_by=color_by,
        choropleth=choropleth,
    )
    if fmt == "html":
        return html_snapshot(fig).encode("utf-8")
    image = render_images([fig], fmt, scale=3)[0]
    title = views.tr(f"view.{view}") + (
        f" · {filters}" if (filters := describe_filters(views, state)) else ""
    )
    alt = image_alt(
        views.model.ds.text("title", views.lang),
        shown_partners(views.model, state),
        lang=views.lang,
        kind=view,
    )
    if fmt == "svg":
        return svg_with_text(image, title=title, desc=alt)
    if fmt == "pdf":
        return pdf_with_text(image, title=title, desc=alt, lang=views.lang)
    return png_with_text(image, title=title, desc=alt)


def export_view(views: Views, state: ViewState, path: Path, *, view: str, fmt: str, **options: Any) -> Path:
    """Write :func:`export_bytes` to ``path`` atomically; returns ``path``."""
    content = export_bytes(views, state, view=view, fmt=fmt, **options)
    return write_atomic(Path(path), lambda tmp: tmp.write_bytes(content))


def date_today() -> str:
    """Today's date in ISO form (the export date printed on charts)."""
    return date.today().isoformat()
