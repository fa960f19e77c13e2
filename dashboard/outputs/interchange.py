"""The network as files other tools open: Gephi, Cytoscape, igraph, Kumu and kepler.gl.

:func:`network_graph` builds the graph the network view shows for a
:class:`~dashboard.network.view_state.ViewState` (home, the shown partners, the consortia
linking them to home, every relation among those nodes), with plain attribute values only:
a value that is unknown is left out, never ``None`` (GraphML and GEXF cannot hold it). The
writers then turn that one graph into:

- ``graphml`` (Gephi, Cytoscape, igraph, yEd) and ``gexf`` (Gephi), by networkx's writers,
  which escape the text for XML; the GEXF file also carries the layout's positions;
- ``json``: node-link JSON (:func:`networkx.node_link_data`, edges under ``"edges"``), which
  d3 and Cytoscape.js read;
- ``kumu``: the workbook Kumu imports, sheets ``Elements`` and ``Connections``;
- ``kepler``: a zip of ``arcs.csv`` and ``points.csv`` for kepler.gl.

Node attributes: ``label``, ``name``, ``short_name``, ``node_type`` (institution,
consortium), ``role`` (home, partner, consortium), ``kind``, ``country``, ``country_name``,
``region``, ``city``, ``website``, ``lat``/``lon`` (when known), ``community``,
``degree``/``betweenness``/``eigenvector`` (on the full network, like the Insights),
``tie_strength`` and ``relation_types`` (partners), ``x``/``y`` (the layout, y up). Edge attributes:
``relation`` (agreement, membership), ``relation_type`` (GEXF reserves ``type`` for the
edge direction), ``field``, ``role``, ``since``/``until`` (when known), ``years``,
``source_url`` (not ``source``: node-link JSON names the first end so), ``as_of``.
"""

from __future__ import annotations

import csv
import io
import json
import zipfile
from collections.abc import Callable, Sequence

import networkx as nx
import pandas as pd

from dashboard.escape import document_text
from dashboard.figures.network_elements import community_colour
from dashboard.figures.style import HOME_COLOUR, MUTED
from dashboard.i18n import t
from dashboard.network.graph import cons_node, inst_node, partner_node
from dashboard.network.model import Model

# Cell and sheet rules shared with the table exports: text formula-neutralised, XML-illegal
# control characters dropped, header bold and frozen.
from dashboard.outputs.cells import clean_cell, source_line, write_sheet
from dashboard.outputs.formats import GRAPH_FORMATS

Translate = Callable[..., str]


def _text(value: object) -> str:
    return document_text("" if value is None or value is pd.NA else value)


def _years(since: int | None, until: int | None) -> str:
    """A relation's years as text.

    Examples:
        >>> _years(2005, 2015), _years(2012, None), _years(None, None)
        ('2005–2015', '2012–', '')
    """
    if since is None and until is None:
        return ""
    return f"{since if since is not None else '?'}–{until if until is not None else ''}"


def _institution(model: Model, node: str, institution_id: str) -> dict[str, object]:
    row = model.ds.institutions.loc[institution_id]
    home = institution_id == model.ds.home
    attrs: dict[str, object] = {
        "node_type": "institution",
        "role": "home" if home else "partner",
        "kind": _text(row["kind"]),
        "country": _text(row["country"]),
        "country_name": _text(row["country_name"]),
        "region": _text(row["region"]),
        "city": _text(row["city"]),
        "website": _text(row["website"]),
    }
    for key in ("lat", "lon"):
        value = model.G.nodes[node].get(key)
        if value is not None:
            attrs[key] = float(value)
    if not home and institution_id in model.partners.index:
        partner = model.partners.loc[institution_id]
        attrs["tie_strength"] = int(partner["strength"])
        attrs["relation_types"] = "|".join(partner["types"])
    return attrs


def _consortium(model: Model, consortium_id: str) -> dict[str, object]:
    row = model.ds.consortia.loc[consortium_id]
    attrs: dict[str, object] = {"node_type": "consortium", "role": "consortium", "kind": _text(row["kind"])}
    attrs.update(dict.fromkeys(("country", "country_name", "region", "city"), ""))
    attrs["website"] = _text(row["website"])
    return attrs


def _node(
    model: Model, node: str, scores: dict[str, dict[str, float]], positions: dict[str, tuple[float, float]]
) -> dict[str, object]:
    data = model.G.nodes[node]
    attrs: dict[str, object] = {
        "label": _text(data.get("short_name") or data["name"]),
        "name": _text(data["name"]),
        "short_name": _text(data.get("short_name") or data["name"]),
        "dataset_id": _text(data["id"]),
    }
    if data["kind"] == "consortium":
        attrs.update(_consortium(model, str(data["id"])))
    else:
        attrs.update(_institution(model, node, str(data["id"])))
    if node in model.communities:
        attrs["community"] = int(model.communities[node])
    attrs.update({k: float(v) for k, v in scores.get(node, {}).items()})
    if node in positions:
        # y up, as Gephi reads x/y even from GraphML (the chart's Cytoscape pixels point down).
        x, y = positions[node]
        attrs["x"], attrs["y"] = round(float(x), 2), round(-float(y), 2)
    return attrs


def _edge(data: dict[str, object]) -> dict[str, object]:
    since, until = data.get("since_year"), data.get("until_year")
    attrs: dict[str, object] = {
        "relation": _text(data["relation"]),
        "relation_type": _text(data["type"]),
        "field": _text(data.get("field", "")),
        "role": _text(data.get("role", "")),
        "years": _years(since, until),  # type: ignore[arg-type]
        "source_url": _text(data["source"]),
        "as_of": _text(data["as_of"]),
    }
    if since is not None:
        attrs["since"] = int(since)  # type: ignore[call-overload]
    if until is not None:
        attrs["until"] = int(until)  # type: ignore[call-overload]
    return attrs


def network_graph(
    model: Model,
    partners: pd.DataFrame,
    *,
    layout: str = "force",
    scores: dict[str, dict[str, float]] | None = None,
) -> nx.MultiGraph:
    """The network view's graph for some partners, with attributes every writer accepts.

    Args:
        model: The read-only model.
        partners: Rows of the model's partner table to include (the filters' result).
        layout: Name of the layout whose positions become ``x``/``y``.
        scores: :func:`dashboard.network.metrics.centralities` of the full network
            (the model's when not given).

    Returns:
        A MultiGraph: nodes ``i:<id>`` and ``c:<id>`` in a stable order (home, partners,
        consortia), edges keyed as in the model, agreements from home and memberships from
        the institution to the consortium. Attribute values are str, int, float or bool.
    """
    home = inst_node(model.ds.home)
    drawn = {partner_node(model.G, i) for i in partners.index} - {
        home
    }  # a partner that is a consortium: its hub
    members = sorted(n for n in drawn if n.startswith("i:"))
    consortia = sorted({cons_node(c) for cs in partners["consortia"] for c in cs} | (drawn - set(members)))
    nodes = [home, *members, *consortia]
    keep = set(nodes)
    scores = model.centrality if scores is None else scores
    positions = model.positions.get(layout, model.positions["force"])
    ds = model.ds
    H = nx.MultiGraph(name=_text(ds.title), home=home, as_of=_text(ds.as_of), version=_text(ds.version))
    for node in nodes:
        H.add_node(node, **_node(model, node, scores, positions))
    edges = []
    for u, v, key, data in model.G.edges(keys=True, data=True):
        if u in keep and v in keep:
            source, target = (u, v) if u == home or v.startswith("c:") else (v, u)
            edges.append((source, target, key, _edge(data)))
    order = {node: index for index, node in enumerate(nodes)}
    for source, target, key, attrs in sorted(edges, key=lambda e: (order[e[0]], order[e[1]], e[2])):
        H.add_edge(source, target, key=key, **attrs)
    return H


def graphml_bytes(G: nx.MultiGraph) -> bytes:
    """GraphML (UTF-8) by networkx's writer: typed keys, parallel edges kept with their keys."""
    out = io.BytesIO()
    nx.write_graphml(G, out, encoding="utf-8", prettyprint=True)
    return out.getvalue()


def _viz(data: dict[str, object]) -> dict[str, object]:
    """GEXF's drawing of a node: the chart's position (y up), community colour and size."""
    if data["role"] == "home":
        colour, size = HOME_COLOUR, 24.0
    elif data["role"] == "consortium":
        colour, size = MUTED, 16.0
    else:
        community = data.get("community")
        colour = community_colour(community if isinstance(community, int) else None)
        size = round(8 + 4 * float(data.get("tie_strength", 1)) ** 0.5, 1)  # type: ignore[arg-type]
    rgb = dict(zip("rgb", (int(str(colour)[i : i + 2], 16) for i in (1, 3, 5)), strict=True))
    viz: dict[str, object] = {"color": rgb, "size": size}
    if "x" in data and "y" in data:
        viz["position"] = {"x": float(data["x"]), "y": float(data["y"]), "z": 0.0}  # type: ignore[arg-type]
    return viz


def gexf_bytes(G: nx.MultiGraph) -> bytes:
    """GEXF 1.2 (UTF-8) by networkx's writer; nodes drawn as in the chart (position, colour, size).

    Colours are the chart's community colours (home red, consortia grey), so Gephi opens a
    picture that matches the dashboard before any layout is run.
    """
    H = G.copy()
    for _node_id, data in H.nodes(data=True):
        data["viz"] = _viz(data)
    out = io.BytesIO()
    nx.write_gexf(H, out, encoding="utf-8", prettyprint=True)
    return out.getvalue()


def json_bytes(G: nx.MultiGraph) -> bytes:
    """Node-link JSON (``nodes``, ``edges`` with ``source``/``target``/``key``), UTF-8.

    Raises:
        ValueError: If an attribute were not finite (never: unknown values are left out).
    """
    data = nx.node_link_data(G, edges="edges")
    return json.dumps(data, ensure_ascii=False, allow_nan=False, indent=1).encode("utf-8")


# Kumu's import format: https://docs.kumu.io/guides/import/import ("Label" or "ID" in A1 of
# the elements sheet, "From" and "To" in A1/B1 of the connections sheet; other sheets are
# skipped when their name contains "(ignore)") and, for ID columns,
# https://docs.kumu.io/frequently-asked-questions/how-do-i-avoid-duplicating-data ("if you're
# using IDs on your elements sheet, you need to use those IDs in the From and To columns").
KUMU_ELEMENTS = "Elements"
KUMU_CONNECTIONS = "Connections"
_KUMU_NODE_FIELDS = (
    ("Name", "name"),
    ("Short name", "short_name"),
    ("Role", "role"),
    ("Country", "country_name"),
    ("Country code", "country"),
    ("Region", "region"),
    ("City", "city"),
    ("Latitude", "lat"),
    ("Longitude", "lon"),
    ("Community", "community"),
    ("Degree centrality", "degree"),
    ("Betweenness centrality", "betweenness"),
    ("Eigenvector centrality", "eigenvector"),
    ("Tie strength", "tie_strength"),
    ("Website", "website"),
)
_KUMU_EDGE_FIELDS = (
    ("Relation", "relation"),
    ("Field", "field"),
    ("Role", "role"),
    ("Since", "since"),
    ("Until", "until"),
    ("Years", "years"),
    ("Source", "source_url"),
    ("As of", "as_of"),
)


def _kind_label(kind: object) -> str:
    """Kumu element type: a dataset kind as words (Kumu's selectors like single words).

    Examples:
        >>> _kind_label("research_institute"), _kind_label("")
        ('Research institute', 'Other')
    """
    return str(kind).replace("_", " ").capitalize() or "Other"


def kumu_frames(G: nx.MultiGraph, *, tr: Translate) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The Elements and Connections sheets of a Kumu import, as frames.

    Elements: ``ID`` (the graph node), ``Label``, ``Type`` (the kind, e.g. University,
    Alliance), ``Tags`` (relation types with home, pipe-separated as Kumu reads them), then
    the node attributes. Connections: ``From``, ``To`` (element IDs), ``Type`` (the relation
    type in words), then the edge attributes. Unknown numbers are empty cells.
    """
    elements = []
    for node, data in G.nodes(data=True):
        tags = [tr(f"type.{k}") for k in str(data.get("relation_types", "")).split("|") if k]
        row = {
            "ID": node,
            "Label": data["label"],
            "Type": _kind_label(data.get("kind", "")),
            "Tags": "|".join(tags),
        }
        row.update({column: data.get(key) for column, key in _KUMU_NODE_FIELDS})
        elements.append(row)
    connections = []
    for u, v, data in G.edges(data=True):
        row = {"From": u, "To": v, "Type": tr(f"type.{data['relation_type']}")}
        row.update({column: data.get(key) for column, key in _KUMU_EDGE_FIELDS})
        connections.append(row)
    element_columns = ["ID", "Label", "Type", "Tags", *(c for c, _ in _KUMU_NODE_FIELDS)]
    connection_columns = ["From", "To", "Type", *(c for c, _ in _KUMU_EDGE_FIELDS)]
    return (
        pd.DataFrame(elements, columns=element_columns).astype(object),
        pd.DataFrame(connections, columns=connection_columns).astype(object),
    )


def kumu_bytes(G: nx.MultiGraph, *, tr: Translate, about: Sequence[tuple[str, str]] = ()) -> bytes:
    """The Kumu workbook: ``Elements``, ``Connections`` and an ``About (ignore)`` sheet.

    Every text cell is neutralised against formula injection (:func:`~dashboard.escape.spreadsheet_cell`).
    """
    from openpyxl import Workbook

    elements, connections = kumu_frames(G, tr=tr)
    wb = Workbook()
    ws = wb.active
    ws.title = KUMU_ELEMENTS
    write_sheet(ws, elements.where(elements.notna(), None))
    write_sheet(wb.create_sheet(KUMU_CONNECTIONS), connections.where(connections.notna(), None))
    if about:
        write_sheet(wb.create_sheet("About (ignore)"), pd.DataFrame(about, columns=["Item", "Value"]))
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


# kepler.gl pairs columns named <prefix>_lat / <prefix>_lng (or lat / lng) into points
# (TRIP_POINT_FIELDS in https://github.com/keplergl/kepler.gl/blob/master/src/constants/src/default-settings.ts)
# and its arc layer joins the first two pairs of a table (ArcLayer.findDefaultLayerProps in
# https://github.com/keplergl/kepler.gl/blob/master/src/layers/src/arc-layer/arc-layer.ts):
# so the arcs table starts with origin_lat, origin_lng, destination_lat, destination_lng.
# CSV as kepler reads it: https://docs.kepler.gl/docs/user-guides/b-kepler-gl-workflow/a-add-data-to-the-map
ARC_COLUMNS = (
    "origin_lat",
    "origin_lng",
    "destination_lat",
    "destination_lng",
    "origin",
    "destination",
    "origin_id",
    "destination_id",
    "relation_type",
    "relation_label",
    "consortium",
    "field",
    "since",
    "until",
    "years",
    "source_url",
    "as_of",
)
POINT_COLUMNS = (
    "id",
    "label",
    "name",
    "role",
    "kind",
    "lat",
    "lng",
    "country",
    "country_name",
    "region",
    "city",
    "community",
    "degree",
    "betweenness",
    "eigenvector",
    "tie_strength",
    "relation_types",
)


def _placed(data: dict[str, object]) -> bool:
    return "lat" in data and "lon" in data


def kepler_frames(G: nx.MultiGraph, *, tr: Translate) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Arcs and points for kepler.gl, from a :func:`network_graph`.

    Arcs: one per relation of home with a placed partner, from home to the partner: each
    agreement, and each consortium both belong to (type ``consortium``, with the partner's
    membership year and source). Points: every placed institution.

    Returns:
        ``(arcs, points)`` with columns :data:`ARC_COLUMNS` and :data:`POINT_COLUMNS`.
    """
    home = G.graph["home"]
    nodes = G.nodes
    arcs = []
    for u, v, data in G.edges(data=True):
        if data["relation"] == "agreement":
            partner, consortium = v, ""
        elif u != home and G.has_edge(home, v):
            partner, consortium = u, str(nodes[v]["label"])
        else:
            continue
        if not (_placed(nodes[home]) and _placed(nodes[partner])):
            continue
        arcs.append(
            {
                "origin_lat": nodes[home]["lat"],
                "origin_lng": nodes[home]["lon"],
                "destination_lat": nodes[partner]["lat"],
                "destination_lng": nodes[partner]["lon"],
                "origin": nodes[home]["label"],
                "destination": nodes[partner]["label"],
                "origin_id": home,
                "destination_id": partner,
                "relation_label": tr(f"type.{data['relation_type']}"),
                "consortium": consortium,
                **{
                    k: data.get(k)
                    for k in ("relation_type", "field", "since", "until", "years", "source_url", "as_of")
                },
            }
        )
    points = [
        {"id": node, "lng": data["lon"], **{k: data.get(k) for k in POINT_COLUMNS if k not in ("id", "lng")}}
        for node, data in G.nodes(data=True)
        if _placed(data)
    ]
    return pd.DataFrame(arcs, columns=list(ARC_COLUMNS)), pd.DataFrame(points, columns=list(POINT_COLUMNS))


def _plain_csv(frame: pd.DataFrame) -> bytes:
    """UTF-8 CSV without a byte-order mark (kepler.gl would read it into the first header)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(frame.columns)
    for row in frame.itertuples(index=False):
        writer.writerow(["" if (v := clean_cell(x)) is None else v for x in row])
    return out.getvalue().encode("utf-8")


def kepler_bytes(G: nx.MultiGraph, *, tr: Translate, notes: str = "") -> bytes:
    """A zip of ``arcs.csv`` and ``points.csv`` (plus ``README.txt``) for kepler.gl."""
    arcs, points = kepler_frames(G, tr=tr)
    unplaced = sum(1 for _n, d in G.nodes(data=True) if d["node_type"] == "institution" and not _placed(d))
    readme = tr("interchange.kepler.readme", arcs=len(arcs), points=len(points), unplaced=unplaced)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("arcs.csv", _plain_csv(arcs))
        zf.writestr("points.csv", _plain_csv(points))
        zf.writestr("README.txt", "\n\n".join(filter(None, [readme, notes])) + "\n")
    return out.getvalue()


def interchange_bytes(
    model: Model,
    partners: pd.DataFrame,
    *,
    fmt: str,
    lang: str = "en",
    layout: str = "force",
    about: list[tuple[str, str]] | None = None,
) -> bytes:
    """The network file of some partners in one of :data:`~.formats.GRAPH_FORMATS`.

    Args:
        model: The read-only model.
        partners: The shown partners (the filters' result).
        fmt: ``graphml``, ``gexf``, ``json``, ``kumu`` or ``kepler``.
        lang: Language of the relation-type words (Kumu, kepler) and of the kepler notes.
        layout: Layout whose positions the nodes carry.
        about: ``(name, text)`` pairs describing the export (:func:`about_lines`): graph
            attributes in GraphML/GEXF/JSON, a sheet in Kumu, the README in kepler's zip.

    Raises:
        ValueError: For a format that is not one of the graph formats.
    """
    if fmt not in GRAPH_FORMATS:
        raise ValueError(f"the network exports as {', '.join(GRAPH_FORMATS)}, not {fmt}")
    G = network_graph(model, partners, layout=layout)
    about = [(name, _text(text)) for name, text in about or []]
    G.graph.update(dict(about))

    def tr(key: str, **values: object) -> str:
        return t(key, lang, **values)

    if fmt == "graphml":
        return graphml_bytes(G)
    if fmt == "gexf":
        return gexf_bytes(G)
    if fmt == "json":
        return json_bytes(G)
    if fmt == "kumu":
        return kumu_bytes(G, tr=tr, about=about)
    return kepler_bytes(G, tr=tr, notes="\n".join(f"{name}: {text}" for name, text in about))


def about_lines(model: Model, filters: str, *, lang: str, date: str) -> list[tuple[str, str]]:
    """What an interchange file says about itself: title, filters, data source, export date.

    Args:
        model: The read-only model.
        filters: The filters in words (:func:`~.exports.describe_filters`; empty for none).
        lang: Language of the words.
        date: Export date.
    """
    return [
        ("title", _text(model.ds.title)),
        ("filters", filters or t("export.title.world", lang)),
        ("data_source", source_line(model, lang=lang)),
        ("exported", date),
    ]
