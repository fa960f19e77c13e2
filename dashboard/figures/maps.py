"""The partner world map: arcs from home, partner markers, optional choropleth.

Pure functions: data in, ``go.Figure`` out. Arcs are one trace per relation type with
``None`` separators (never one trace per arc); plotly draws each segment as a great
circle and clips it at the antimeridian itself, so Milan–Vancouver or Milan–Auckland
draw correctly. Every user-supplied string is HTML-escaped before it reaches a hover.
"""

from __future__ import annotations

import base64
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import Any

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from dashboard.data.schema import ACTIVE, STATUS, TYPE_ORDER
from dashboard.escape import plotly_text
from dashboard.figures.labels import Frame, fill_view
from dashboard.figures.map_inset import Inset, choose_inset, inset_layout, inset_title
from dashboard.figures.map_labels import Canvas, NameSpec, legend_strip, name_layer
from dashboard.figures.style import HOME_COLOUR, MUTED, TYPE_STYLE, region_colours, separators, theme_colours
from dashboard.i18n import format_number, term_with
from dashboard.network.places import aggregate_places, arc_endpoints

Translate = Callable[..., str]
# Figures are built as plain dicts: plotly's per-property validation costs more than the
# whole callback for a large map. ``make_partner_map`` still returns a validated
# ``go.Figure``; the explorer sends the dict (numpy arrays as binary, see ``to_wire``).
Trace = dict[str, Any]
View = tuple[list[float], list[float]]
WORLD_VIEW: View = ([-180.0, 180.0], [-58.0, 85.0])


INSET_MARKERS = 0.6  # marker size in the enlarged inset, relative to the world map's: room for names


@dataclass(frozen=True)
class MapOptions:
    """How a map is drawn: everything but the data.

    Attributes:
        color_by: ``type`` (strongest relation type) or ``region``.
        choropleth: Shade countries by number of partners.
        labelled: Partner ids to label (selected or highlighted).
        focus: The focused partner id (ringed more strongly).
        view: Longitude/latitude ranges to show; ``None`` for the world.
        theme: ``light``, ``dark`` or ``contrast`` (see ``figures.style.THEMES``).
        font_size: Base font size in px (larger for presentations).
        marker_scale: Multiplies marker sizes (larger for presentations).
        size: The figure's size in px where names are placed (see :mod:`.map_labels`): the
            exact size for exports, the smallest expected on screen (names only move apart
            on a larger one).
        label_count: How many of the strongest partners (or places) may be named.
        margin: Left, right, top and bottom margins in px around the map; the legend strip is
            added to the bottom one (exports keep room there for their title and footer).
        inset: On a world map, enlarge the crowded region in a corner (see :mod:`.map_inset`).
        lang: Language of the numbers: the legend's and the hovers' counts (Babel) and
            plotly's own (``layout.separators``), "1.234" in Italian.
    """

    color_by: str = "type"
    choropleth: bool = False
    labelled: tuple[str, ...] = ()
    focus: str = ""
    view: View | None = None
    theme: str = "light"
    font_size: float = 12
    marker_scale: float = 1.0
    # The explorer's map at 1280×720, the smallest screen it is made for: the middle column is
    # about 570 px wide and the map 62 % of the window's height. Names placed for it only move
    # apart on a larger screen; placed for 800×420 (as before) they overlapped at 1280 and 1366.
    size: tuple[int, int] = (570, 440)
    label_count: int = 10
    margin: tuple[int, int, int, int] = (8, 8, 8, 0)
    inset: bool = True
    lang: str = "en"


@dataclass(frozen=True)
class MarkerStyle:
    """The look of one legend entry of markers: its name, colour, symbol and opacity."""

    name: str
    colour: str
    symbol: str
    opacity: float
    legendgroup: str | None = None


def _trace(kind: str, **props: Any) -> Trace:
    return {"type": kind, **props}


def _marker_trace(lat: Any, lon: Any, *, style: MarkerStyle, customdata: Any, hover: str, size: Any) -> Trace:
    """One legend entry of markers (partners or places), white-rimmed."""
    return _trace(
        "scattergeo",
        lat=lat,
        lon=lon,
        mode="markers",
        name=plotly_text(style.name),
        legendgroup=style.legendgroup,
        customdata=customdata,
        hovertemplate=hover,
        marker={
            "size": size,
            "color": style.colour,
            "symbol": style.symbol,
            "line": {"width": 0.8, "color": "#FFFFFF"},
            "opacity": style.opacity,
        },
    )


# Above this many arcs in one trace, coordinates go as float arrays (binary on the wire).
COMPACT_ARCS_ABOVE = 300


def marker_sizes(strength: pd.Series) -> np.ndarray:
    """Marker diameter in px grows with the square root of tie strength.

    Examples:
        >>> marker_sizes(pd.Series([1, 4])).tolist()
        [9.0, 14.0]
    """
    return (4.0 + 5.0 * np.sqrt(strength.clip(lower=1).to_numpy(dtype=float))).round(1)


def statuses_of(partners: pd.DataFrame) -> np.ndarray:
    """Each partner's drawn status (``active`` where the table has no ``status`` column).

    Examples:
        >>> statuses_of(pd.DataFrame({"name": ["A"]})).tolist()
        ['active']
    """
    if "status" not in partners:
        return np.full(len(partners), ACTIVE, dtype=object)
    return partners["status"].fillna(ACTIVE).to_numpy(dtype=object)


def _hover(partners: pd.DataFrame, consortium_names: dict[str, str], tr: Translate) -> np.ndarray:
    labels = {t: tr(f"type.{t}") for t in TYPE_ORDER}
    states = {s: "" if s == ACTIVE else f" · {tr(STATUS[s].label_key)}" for s in STATUS}
    rows = []
    columns = ["name", "city", "country_name", "types", "consortia"]
    table = partners[columns].itertuples(index=False, name=None)
    for (name, city, country, types, consortia), status in zip(table, statuses_of(partners), strict=True):
        relations = ", ".join(labels.get(t) or tr(f"type.{t}") for t in types) or "—"
        shared = ", ".join(consortium_names.get(c, c) for c in consortia) or "—"
        place = ", ".join(p for p in (city, country) if p)
        rows.append(
            [
                plotly_text(name),
                plotly_text(place),
                plotly_text(relations),
                plotly_text(shared),
                plotly_text(states.get(status, "")),
            ]
        )
    return np.array(rows, dtype=object).reshape(len(rows), 5)


def arc_arrays(home: dict[str, object], lat: np.ndarray, lon: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Home → point segments, three values per arc: home, the point, a gap.

    Few arcs use ``None`` gaps in plain lists; many use float arrays with NaN gaps, which
    plotly sends as compact binary and plotly.js reads as gaps all the same.

    Examples:
        >>> lat, lon = arc_arrays({"lat": 45.0, "lon": 9.0}, np.array([52.0]), np.array([4.0]))
        >>> lat.tolist(), lon.tolist()
        ([45.0, 52.0, None], [9.0, 4.0, None])
        >>> big = arc_arrays({"lat": 45.0, "lon": 9.0}, np.zeros(400), np.zeros(400))[0]
        >>> big.dtype.name, bool(np.isnan(big[2]))
        ('float64', True)
    """
    n = len(lat)
    compact = n > COMPACT_ARCS_ABOVE
    out_lat = np.full(3 * n, np.nan) if compact else np.empty(3 * n, dtype=object)
    out_lon = np.full(3 * n, np.nan) if compact else np.empty(3 * n, dtype=object)
    out_lat[0::3], out_lon[0::3] = home["lat"], home["lon"]
    out_lat[1::3], out_lon[1::3] = lat, lon
    if not compact:
        out_lat[2::3], out_lon[2::3] = None, None
    return out_lat, out_lon


# How a partner's status draws it (dashboard.data.schema.STATUS_REGISTRY): one arc trace per
# relation type and look, so that an ended or planned tie never looks current.
LOOKS = ("solid", "faded", "outlined")


def _looks(partners: pd.DataFrame) -> np.ndarray:
    return np.array(
        [STATUS[s].style if s in STATUS else "solid" for s in statuses_of(partners)], dtype=object
    )


def _arcs(
    partners: pd.DataFrame, home: dict[str, object], tr: Translate, *, width: float = 1.0
) -> list[Trace]:
    traces = []
    kinds, looks = partners["primary_type"].to_numpy(), _looks(partners)
    lats, lons = partners["lat"].to_numpy(dtype=float), partners["lon"].to_numpy(dtype=float)
    for kind in TYPE_ORDER:
        for look in LOOKS:
            chosen = (kinds == kind) & (looks == look)
            if not chosen.any():
                continue
            lat, lon = arc_arrays(home, lats[chosen], lons[chosen])
            traces.append(_arc_trace(lat, lon, kind, tr, width=width, look=look))
    return traces


def _arc_trace(
    lat: np.ndarray, lon: np.ndarray, kind: str, tr: Translate, *, width: float, look: str = "solid"
) -> Trace:
    style = TYPE_STYLE[kind]
    opacity = 0.45 if kind == "consortium" else 0.75
    return _trace(
        "scattergeo",
        lat=lat,
        lon=lon,
        mode="lines",
        name=tr(f"type.{kind}"),
        legendgroup=kind,
        line={
            "width": (1.2 if kind == "consortium" else 1.6) * width,
            "color": style["colour"],
            "dash": "dot" if look == "outlined" else style["dash"],
        },
        opacity=round(opacity * (_FADED if look == "faded" else 1.0), 3),
        hoverinfo="skip",
        showlegend=False,
    )


_FADED = min(s.opacity for s in STATUS.values() if s.style == "faded")


def _restyle_by_status(trace: Trace, looks: np.ndarray) -> Trace:
    """Per-marker looks of one marker trace: faded (lighter) or outlined (hollow, thicker rim)."""
    if (looks == "solid").all():
        return trace
    marker = dict(trace["marker"])
    base = float(marker["opacity"])
    marker["opacity"] = np.where(looks == "faded", round(base * _FADED, 3), base).astype(float)
    marker["symbol"] = np.where(looks == "outlined", f"{marker['symbol']}-open", marker["symbol"]).astype(
        object
    )
    marker["line"] = {"width": np.where(looks == "outlined", 2.0, 0.8).astype(float), "color": "#FFFFFF"}
    return {**trace, "marker": marker}


def status_legend(partners: pd.DataFrame, tr: Translate) -> list[Trace]:
    """Legend entries (no markers on the map) saying in words how ended, suspended and planned
    partners are drawn, with how many are; none when every partner shown is current.

    Examples:
        >>> p = pd.DataFrame({"status": ["active", "ended", "planned", "ended"]})
        >>> [t["name"] for t in status_legend(p, lambda k, n: f"{k}={n}")]
        ['status.legend.faded=2', 'status.legend.outlined=1']
    """
    looks = _looks(partners)
    entries = []
    for look, symbol, opacity in (("faded", "circle", _FADED), ("outlined", "circle-open", 1.0)):
        count = int((looks == look).sum())
        if count:
            entry = _more_entry(tr(f"status.legend.{look}", n=count))
            entry["marker"] = {
                "size": 10,
                "color": MUTED,
                "symbol": symbol,
                "opacity": opacity,
                "line": {"width": 2},
            }
            entries.append(entry)
    return entries


def _markers(
    partners: pd.DataFrame,
    *,
    color_by: str,
    consortium_names: dict[str, str],
    tr: Translate,
    scale: float = 1.0,
    lang: str = "en",
) -> list[Trace]:
    traces = []
    hover = (
        "<b>%{customdata[0]}</b>%{customdata[4]}<br>%{customdata[1]}<br>"
        + plotly_text(tr("map.hover.relations"))
        + ": %{customdata[2]}<br>"
        + plotly_text(tr("map.hover.consortia"))
        + ": %{customdata[3]}<extra></extra>"
    )
    if color_by == "region":
        colours = region_colours(set(partners["region"]))
        keys = partners["region"].to_numpy()
        groups = [(r, colours[r], "circle", term_with("region", r, tr)) for r in colours]
    else:
        keys = partners["primary_type"].to_numpy()
        groups = [(k, TYPE_STYLE[k]["colour"], TYPE_STYLE[k]["symbol"], tr(f"type.{k}")) for k in TYPE_ORDER]
    # One pass over the rows, then numpy masks per group: pandas selections cost more.
    customdata = _hover(partners, consortium_names, tr)
    lats, lons = partners["lat"].to_numpy(dtype=float), partners["lon"].to_numpy(dtype=float)
    ids, sizes = partners.index.to_numpy(), marker_sizes(partners["strength"]) * scale
    looks = _looks(partners)
    for key, colour, symbol, label in groups:
        chosen = keys == key
        count = int(chosen.sum())
        if not count:
            continue
        trace = _marker_trace(
            lats[chosen],
            lons[chosen],
            style=MarkerStyle(
                f"{label} ({format_number(count, lang)})",
                colour,
                symbol,
                0.9,
                key if color_by != "region" else None,
            ),
            customdata=customdata[chosen],
            hover=hover,
            size=sizes[chosen],
        )
        traces.append({**_restyle_by_status(trace, looks[chosen]), "ids": ids[chosen]})
    return traces + status_legend(partners, tr)


def _choropleth(partners: pd.DataFrame, iso3: dict[str, str], tr: Translate) -> Trace:
    counts = partners.groupby("country").size()
    codes = [iso3.get(c, "") for c in counts.index]
    names = partners.groupby("country")["country_name"].first()
    return _trace(
        "choropleth",
        locations=codes,
        z=counts.to_numpy(),
        locationmode="ISO-3",
        colorscale="Blues",
        zmin=0,
        marker={"line": {"width": 0.3, "color": "#FFFFFF"}},
        showscale=True,
        colorbar={
            "title": {"text": plotly_text(tr("map.choropleth.legend"))},
            "thickness": 12,
            "len": 0.5,
            "x": 1.0,
        },
        text=[plotly_text(names[c]) for c in counts.index],
        hovertemplate="%{text}: %{z}<extra></extra>",
        name=tr("map.choropleth.legend"),
    )


# Base-map detail (Natural Earth scale, 1:N million) on screen: the world at 1:110m draws in a
# fraction of the time of 1:50m (137 kB of topojson instead of 1.1 MB) and looks the same at
# that zoom; a region gets 1:50m, where small countries and coasts show. Print uses 1:50m.
WORLD_RESOLUTION, DETAIL_RESOLUTION = 110, 50
ZOOMED_IN_SCALE = 1.8  # a user's scroll zoom beyond this swaps in the finer base map


def geo_resolution(view: object) -> int:
    """Base-map resolution for a view box (``None`` is the whole world)."""
    return WORLD_RESOLUTION if view is None else DETAIL_RESOLUTION


WIDE_SPAN = 150.0  # degrees of longitude from which a map shows continents rather than countries


def paper_resolution(lon_range: Sequence[float] | None) -> int:
    """Base-map detail of a map on a page or a slide: 1:110m for a view of continents, which
    is the scale Natural Earth draws that data for (a world map on one page) and which takes
    40 % of the finer map's time; 1:50m for a region, where small countries and coasts show.

    Examples:
        >>> paper_resolution([-180, 180]), paper_resolution([-12.0, 32.0]), paper_resolution(None)
        (110, 50, 110)
    """
    if lon_range is None or len(lon_range) != 2:
        return WORLD_RESOLUTION
    return (
        WORLD_RESOLUTION if abs(float(lon_range[1]) - float(lon_range[0])) >= WIDE_SPAN else DETAIL_RESOLUTION
    )


def fit_paper_resolution(fig: go.Figure) -> go.Figure:
    """Give each geo subplot of ``fig`` (the map, its inset) the detail of its own extent, in place
    (see :func:`paper_resolution`); returns ``fig``."""
    fig.for_each_geo(lambda geo: geo.update(resolution=paper_resolution(geo.lonaxis.range)))
    return fig


def resolution_after_zoom(relayout: dict[str, object] | None) -> int | None:
    """The base map a user's own zoom needs: the finer one once zoomed in, else no change.

    Examples:
        >>> resolution_after_zoom({"geo.projection.scale": 2.4}), resolution_after_zoom({"geo.projection.scale": 1.1})
        (50, None)
        >>> resolution_after_zoom({"autosize": True}) is None
        True
    """
    scale = (relayout or {}).get("geo.projection.scale")
    if isinstance(scale, int | float) and scale >= ZOOMED_IN_SCALE:
        return DETAIL_RESOLUTION
    return None


def geo_layout(view: tuple[list[float], list[float]] | None, *, theme: str = "light") -> dict[str, object]:
    """The ``layout.geo`` of the map, fitted to a view or showing the whole world."""
    c = theme_colours(theme)
    scale = float(c["line_scale"])  # type: ignore[arg-type]
    geo: dict[str, object] = {
        "projection": {"type": "natural earth"},
        "resolution": geo_resolution(view),
        "showcountries": True,
        "countrycolor": c["borders"],
        "countrywidth": 0.4 * scale,
        "showland": True,
        "landcolor": c["land"],
        "showocean": True,
        "oceancolor": c["ocean"],
        "showlakes": False,
        "coastlinecolor": c["coast"],
        "coastlinewidth": 0.4 * scale,
        "showframe": False,
        "bgcolor": "rgba(0,0,0,0)",
    }
    if view is None:
        geo["lonaxis"] = {"range": [-180, 180]}
        geo["lataxis"] = {"range": [-58, 85]}
    else:
        geo["lonaxis"], geo["lataxis"] = {"range": view[0]}, {"range": view[1]}
    return geo


def make_partner_map(
    partners: pd.DataFrame,
    home: dict[str, object],
    *,
    tr: Translate,
    options: MapOptions | None = None,
    **kw: Any,
) -> go.Figure:
    """The world map of home and its partners as a validated figure (see :func:`partner_map_dict`).

    Keyword arguments other than the look-ups (``consortium_names``, ``iso3``) are fields of
    :class:`MapOptions`, for short calls in tests and notebooks.
    """
    lookups = {k: kw.pop(k) for k in ("consortium_names", "iso3") if k in kw}
    return go.Figure(partner_map_dict(partners, home, tr=tr, options=_options(options, kw), **lookups))


def _options(options: MapOptions | None, fields: dict[str, Any]) -> MapOptions:
    if "labelled" in fields:
        fields["labelled"] = tuple(fields["labelled"] or ())
    return replace(options or MapOptions(), **fields)


def partner_map_dict(
    partners: pd.DataFrame,
    home: dict[str, object],
    *,
    tr: Translate,
    options: MapOptions = MapOptions(),
    consortium_names: dict[str, str] | None = None,
    iso3: dict[str, str] | None = None,
) -> dict[str, Any]:
    """The world map of home and its partners, as a figure dict.

    Args:
        partners: Rows of the model's partner table to show (unplaced rows are skipped).
        home: ``name``, ``short_name``, ``lat``, ``lon`` of home.
        tr: Translation function (``key, **values -> text``).
        options: How to draw it (colours, labels, view, theme, sizes).
        consortium_names: Consortium id -> short name, for hovers.
        iso3: ISO alpha-2 -> alpha-3, for the choropleth.

    Returns:
        The figure; its traces are the labels, the choropleth (optional), one arc trace
        per relation type, one marker trace per colour group, then home.
    """
    o = options
    placed = partners[partners["lat"].notna() & partners["lon"].notna()]
    c = theme_colours(o.theme)
    layers: list[Trace] = []
    if o.choropleth and not placed.empty:
        layers.append(_choropleth(placed, iso3 or {}, tr))
    layers += _arcs(placed, home, tr, width=float(c["line_scale"]))  # type: ignore[arg-type]
    markers = _markers(
        placed,
        color_by=o.color_by,
        consortium_names=consortium_names or {},
        tr=tr,
        scale=o.marker_scale,
        lang=o.lang,
    )
    sizes = marker_sizes(placed["strength"]) * o.marker_scale if len(placed) else np.array([])

    def inset_markers(keys: list[str]) -> list[Trace]:
        chosen = placed.loc[keys]
        drawn = _markers(
            chosen,
            color_by=o.color_by,
            consortium_names=consortium_names or {},
            tr=tr,
            scale=o.marker_scale,
            lang=o.lang,
        )
        return [
            {**t, "geo": "geo2", "showlegend": False}
            for t in drawn
            if t.get("lat") is not None and len(t["lat"])
        ]

    return _assemble(placed, home, sizes, layers + markers, options=o, tr=tr, inset_markers=inset_markers)


def _assemble(
    points: pd.DataFrame,
    home: dict[str, object],
    diameters: np.ndarray,
    layers: list[Trace],
    *,
    options: MapOptions,
    tr: Translate,
    inset_markers: Callable[[list[str]], list[Trace]] | None = None,
) -> dict[str, Any]:
    """The figure: the two name traces first (see :mod:`.map_labels`), then ``layers``, the
    "+N more" legend entry and home; the map fitted to fill its box, the legend in a strip below.
    On a world map with a crowded region, ``inset_markers`` draws that region's partners in an
    enlarged inset (:mod:`.map_inset`), where they are named."""
    o = options
    c = theme_colours(o.theme)
    font = o.font_size * float(c["font_scale"])  # type: ignore[arg-type]
    entries = [str(t["name"]) for t in layers if t.get("showlegend", True) and t.get("name")]
    left, right, top, bottom = o.margin
    strip = legend_strip(
        [*entries, tr("map.labels.more", n=9999)],
        width=o.size[0] - left - right,
        font=legend_font(font),
        grouped=any(t.get("legendgroup") for t in layers),
    )
    canvas = Canvas(o.size, (left, right, top, bottom + strip))
    view = fill_view(o.view, canvas.area) if o.view is not None else None
    frame = Frame.fit(*(view or WORLD_VIEW), canvas.area)
    x, y = frame.project(points["lon"], points["lat"]) if len(points) else (np.array([]), np.array([]))
    hx, hy = frame.project([home["lon"]], [home["lat"]])
    home_size = 16 * float(c["line_scale"]) ** 0.5  # type: ignore[arg-type]
    obstacles = np.column_stack([np.append(x, hx), np.append(y, hy), np.append(diameters, home_size) / 2])
    home_colour = "#FF8A80" if o.theme == "dark" else HOME_COLOUR
    spec = NameSpec(
        o.focus,
        o.labelled,
        o.label_count,
        font,
        str(c["label"]),
        home_colour,
        str(c["land"]),
        float(c["leader_width"]),  # type: ignore[arg-type]
    )
    inset = None
    if view is None and o.inset and inset_markers is not None and "region" in points:
        inset = choose_inset(points, frame, home_region=str(home.get("region", "")))
    if inset is None or inset_markers is None:
        names, hidden = name_layer(points, home, frame=frame, obstacles=obstacles, spec=spec)
        traces = [*names, *layers]
        extra: dict[str, Any] = {}
    else:
        outside = ~points.index.isin(inset.keys)
        fenced = np.vstack([obstacles, inset.edge_obstacles()])
        names, hidden = name_layer(points[outside], home, frame=frame, obstacles=fenced, spec=spec)
        inner, inner_hidden, inset_traces = _inset_layers(
            points, home, diameters, inset, spec=spec, draw=inset_markers, home_size=home_size, theme=o.theme
        )
        hidden += inner_hidden
        traces = [*names, *layers, *inset_traces, *inner]
        extra = {
            "geo2": inset_layout(
                geo_layout(inset.view, theme=o.theme),
                inset,
                size=o.size,
                margin=canvas.margin,
                frame_colour=str(c["text"]),
            ),
            "annotations": [
                inset_title(
                    inset,
                    plotly_text(tr("map.inset", region=term_with("region", inset.region, tr))),
                    size=o.size,
                    margin=canvas.margin,
                    colour=str(c["text"]),
                    background=str(c["legend_bg"]),
                    font=legend_font(font),
                )
            ],
        }
    if hidden:
        traces.append(_more_entry(tr("map.labels.more", n=hidden)))  # t() writes it the language's way
    traces.append(_home(home, theme=o.theme, size=home_size))
    figure = _figure(traces, view, theme=o.theme, font=font, margin=canvas.margin)
    figure["layout"]["separators"] = separators(o.lang)
    if extra:  # with a second geo subplot plotly.js would give the world map part of the area
        figure["layout"]["geo"]["domain"] = {"x": [0.0, 1.0], "y": [0.0, 1.0]}
    figure["layout"].update(extra)
    return figure


def _inset_layers(
    points: pd.DataFrame,
    home: dict[str, object],
    diameters: np.ndarray,
    inset: Inset,
    *,
    spec: NameSpec,
    draw: Callable[[list[str]], list[Trace]],
    home_size: float,
    theme: str,
) -> tuple[list[Trace], int, list[Trace]]:
    """The inset's name traces, how many of its partners it does not name, and its markers (home's
    star too when home is in the region)."""
    mask = points.index.isin(inset.keys)
    members = points[mask]
    x, y = inset.frame.project(members["lon"], members["lat"])
    home_inside = str(home.get("region", "")) == inset.region
    hx, hy = (
        inset.frame.project([home["lon"]], [home["lat"]]) if home_inside else (np.array([]), np.array([]))
    )
    obstacles = np.column_stack(
        [np.append(x, hx), np.append(y, hy), np.append(diameters[mask], [home_size] * len(hx)) / 2]
    )
    # Home is named in the inset only when it is in it (a name outside the inset's box is dropped).
    names, hidden = name_layer(members, home, frame=inset.frame, obstacles=obstacles, spec=spec)
    markers = draw(list(members.index))
    if home_inside:
        markers.append({**_home(home, theme=theme, size=home_size), "geo": "geo2"})
    return [{**t, "geo": "geo2"} for t in names], hidden, markers


def legend_font(font: float) -> float:
    """The legend's font size: the map's, a little smaller when presenting (the strip stays thin).

    Examples:
        >>> legend_font(12), legend_font(20)
        (12, 16.0)
    """
    return font if font <= 14 else round(font * 0.8, 1)


def _more_entry(text: str) -> Trace:
    """A legend entry without a marker: how many partners on the map are not named."""
    return _trace(
        "scattergeo",
        lat=[None],
        lon=[None],
        mode="markers",
        marker={"size": 1, "opacity": 0},
        name=plotly_text(text),
        hoverinfo="skip",
        showlegend=True,
    )


def _home(home: dict[str, object], *, theme: str, size: float) -> Trace:
    """Home's star (its name is in the ``labels`` trace, placed with the others)."""
    home_colour = "#FF8A80" if theme == "dark" else HOME_COLOUR
    return _trace(
        "scattergeo",
        lat=[home["lat"]],
        lon=[home["lon"]],
        mode="markers",
        marker={
            "size": size,
            "color": home_colour,
            "symbol": "star",
            "line": {"width": 1, "color": "#FFFFFF"},
        },
        name=plotly_text(home["short_name"]),
        hovertemplate=f"<b>{plotly_text(home['name'])}</b><extra></extra>",
        showlegend=False,
    )


def _figure(
    traces: list[Trace],
    view: tuple[list[float], list[float]] | None,
    *,
    theme: str,
    font: float,
    margin: tuple[int, int, int, int],
) -> dict[str, Any]:
    c = theme_colours(theme)
    left, right, top, bottom = margin
    layout = {
        "geo": geo_layout(view, theme=theme),
        "margin": {"l": left, "r": right, "t": top, "b": bottom},
        "uirevision": "map",
        "legend": {  # a strip below the map, in the bottom margin: never over it
            "orientation": "h",
            "yanchor": "top",
            "y": 0.0,
            "x": 0.0,
            "bgcolor": c["legend_bg"],
            "font": {"size": legend_font(font), "color": c["text"]},
            "itemclick": False,
            "itemdoubleclick": False,
        },
        "paper_bgcolor": "rgba(0,0,0,0)",
        "font": {
            "family": "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif",
            "color": c["text"],
            "size": font,
        },
        "hoverlabel": {"bgcolor": c["hover_bg"], "font": {"color": c["text"]}},
        "clickmode": "event",
    }
    return {"data": traces, "layout": layout}


def to_wire(figure: Any) -> Any:
    """A figure dict ready to send: float arrays become plotly.js typed arrays (base64).

    Other numpy arrays (text, ids, hover data) become lists. Converts dicts in place.

    Examples:
        >>> to_wire({"data": [{"lat": np.array([1.0, 2.0]), "ids": np.array(["a"], dtype=object)}]})
        {'data': [{'lat': {'dtype': 'f8', 'bdata': 'AAAAAAAA8D8AAAAAAAAAQA=='}, 'ids': ['a']}]}
    """
    if isinstance(figure, dict):
        for key, value in figure.items():
            figure[key] = to_wire(value)
    elif isinstance(figure, list):
        return [to_wire(v) for v in figure]
    elif isinstance(figure, np.ndarray):
        if figure.dtype.kind == "f" and figure.ndim == 1 and figure.size:
            data = np.ascontiguousarray(figure, dtype="<f8").tobytes()
            return {"dtype": "f8", "bdata": base64.b64encode(data).decode("ascii")}
        return figure.tolist()
    return figure


def make_aggregated_map(
    partners: pd.DataFrame, home: dict[str, object], *, tr: Translate, level: str = "city", **kw: Any
) -> go.Figure:
    """The aggregated world map as a validated figure (see :func:`aggregated_map_dict`); other
    keyword arguments are ``iso3`` or fields of :class:`MapOptions`."""
    iso3 = kw.pop("iso3", None)
    return go.Figure(
        aggregated_map_dict(partners, home, tr=tr, level=level, options=_options(None, kw), iso3=iso3)
    )


def aggregated_map_dict(
    partners: pd.DataFrame,
    home: dict[str, object],
    *,
    tr: Translate,
    level: str = "city",
    options: MapOptions = MapOptions(),
    iso3: dict[str, str] | None = None,
) -> dict[str, Any]:
    """The world map of a large network: one marker and one arc per place, counts on hover.

    Args:
        partners: Rows of the model's partner table (unplaced rows are skipped).
        home: ``name``, ``short_name``, ``lat``, ``lon`` of home.
        tr: Translation function.
        level: ``city`` or ``country`` (see :func:`dashboard.network.places.aggregate_places`).
        options: How to draw it; ``labelled`` partners are still drawn one by one (the focus),
            ``color_by`` ``type`` is the most common strongest relation at the place. The view
            is always the whole world and markers keep their size.
        iso3: ISO alpha-2 -> alpha-3, for the choropleth.

    Returns:
        The figure, with the same trace order as :func:`make_partner_map`: labels,
        choropleth (optional), one arc trace per relation type, one marker trace per
        colour group, then home.
    """
    o = replace(options, view=None)
    placed = partners[partners["lat"].notna() & partners["lon"].notna()]
    places = aggregate_places(placed, level)
    c = theme_colours(o.theme)
    layers: list[Trace] = []
    if o.choropleth and not placed.empty:
        layers.append(_choropleth(placed, iso3 or {}, tr))
    width = float(c["line_scale"])  # type: ignore[arg-type]
    lats, lons = places["lat"].to_numpy(dtype=float), places["lon"].to_numpy(dtype=float)
    for kind in TYPE_ORDER:
        ends = arc_endpoints(places, kind)
        if not ends.any():
            continue
        lat, lon = arc_arrays(home, lats[ends], lons[ends])
        layers.append(_arc_trace(lat, lon, kind, tr, width=width))
    layers += _place_markers(places, placed, color_by=o.color_by, tr=tr, lang=o.lang)
    points = _place_points(places, placed, o)
    return _assemble(points, home, _point_sizes(points, places), layers, options=o, tr=tr)


def _place_points(places: pd.DataFrame, placed: pd.DataFrame, o: MapOptions) -> pd.DataFrame:
    """What an aggregated map may name: its places (by partners), and the focused or chosen partners."""
    short = places["label"].str.split(",").str[0]  # the city (or country): the legend says the rest
    named = places.assign(strength=places["partners"], name=places["label"], short_name=short)
    named.index = pd.Index([f"place:{i}" for i in range(len(named))])
    chosen = placed.loc[[i for i in dict.fromkeys((o.focus, *o.labelled)) if i in placed.index]]
    columns = ["lat", "lon", "strength", "name", "short_name"]
    return pd.concat([chosen[columns].assign(strength=10**9), named[columns]])


def _point_sizes(points: pd.DataFrame, places: pd.DataFrame) -> np.ndarray:
    extra = len(points) - len(places)
    return np.concatenate([np.full(extra, 14.0), place_sizes(places["partners"])])


def _place_markers(
    places: pd.DataFrame, placed: pd.DataFrame, *, color_by: str, tr: Translate, lang: str = "en"
) -> list[Trace]:
    hover = (
        "<b>%{customdata[0]}</b><br>"
        + plotly_text(tr("header.partners"))
        + ": %{customdata[1]}<br>%{customdata[2]}<extra></extra>"
    )
    if color_by == "region":
        colours = region_colours(set(places["region"]))
        keys, counted = places["region"].to_numpy(), placed["region"].to_numpy()
        groups = [(r, colours[r], "circle", term_with("region", r, tr)) for r in colours]
    else:
        keys, counted = places["main_type"].to_numpy(), placed["primary_type"].to_numpy()
        groups = [(k, TYPE_STYLE[k]["colour"], TYPE_STYLE[k]["symbol"], tr(f"type.{k}")) for k in TYPE_ORDER]
    labels = [tr(f"type.{k}") for k in TYPE_ORDER]
    counts = places[list(TYPE_ORDER)].to_numpy()
    breakdown = np.array(
        [
            plotly_text(" · ".join(f"{labels[i]} {format_number(n, lang)}" for i, n in enumerate(row) if n))
            for row in counts.tolist()
        ],
        dtype=object,
    )
    names = np.array([plotly_text(label_) for label_ in places["label"]], dtype=object)
    totals = np.array([format_number(int(n), lang) for n in places["partners"]], dtype=object)
    lats, lons = places["lat"].to_numpy(dtype=float), places["lon"].to_numpy(dtype=float)
    sizes = place_sizes(places["partners"])
    traces = []
    for key, colour, symbol, label in groups:
        chosen = keys == key
        if not chosen.any():
            continue
        count = int((counted == key).sum())
        traces.append(
            _marker_trace(
                lats[chosen],
                lons[chosen],
                style=MarkerStyle(
                    f"{label} ({format_number(count, lang)})",
                    colour,
                    symbol,
                    0.85,
                    key if color_by != "region" else None,
                ),
                customdata=np.column_stack([names[chosen], totals[chosen], breakdown[chosen]]),
                hover=hover,
                size=sizes[chosen],
            )
        )
    return traces


def place_sizes(counts: pd.Series) -> np.ndarray:
    """Marker diameter in px of a place: grows with the square root of its partners, capped.

    Examples:
        >>> place_sizes(pd.Series([1, 16, 10_000])).tolist()
        [8.0, 17.0, 40.0]
    """
    return np.minimum(5.0 + 3.0 * np.sqrt(counts.to_numpy(dtype=float)), 40.0).round(1)
