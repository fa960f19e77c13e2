"""The explorer's view-model: what each view shows for a view state, as plain data and figure dicts.

Dash-free, so that the command line (exports) and the deck use the very same views as the
page; :mod:`dashboard.web.render` adds what only the Dash callbacks need (``no_update``,
``Patch``, components). Built once per model and language; every method is a pure read.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any

import pandas as pd

from dashboard.data.regions import slugify
from dashboard.data.schema import ACTIVE, RELATION_TYPES
from dashboard.figures.map_labels import Canvas
from dashboard.figures.maps import MapOptions, aggregated_map_dict, partner_map_dict, to_wire
from dashboard.figures.network_elements import (
    LABELLED,
    Element,
    community_colour,
    focus_stylesheet,
    network_elements,
    status_class,
    strongest,
)
from dashboard.figures.style import region_colours
from dashboard.i18n import format_number, t
from dashboard.network.details import TABLE_COLUMNS, table_rows
from dashboard.network.graph import Filters, filter_partners, inst_node
from dashboard.network.headline import HeadlineIndex
from dashboard.network.model import Model
from dashboard.network.places import bounds, choose_level, should_aggregate
from dashboard.network.status import with_statuses
from dashboard.network.table_query import TableQuery
from dashboard.network.view_state import ViewState, Vocabulary, vocabulary

# What a ``dcc.Store`` holds as a callback receives it (the filter store: ``ViewState.to_dict()``).
Store = dict[str, Any] | None
MAX_LABELS = 25  # beyond this, labels of a highlighted set would hide the map
# Beyond this many elements (a partner counts one plus one edge per relation) the network
# shows the strongest partners only: thousands of nodes are unreadable, and each element
# costs ~0.15 kB on the wire. Filtering brings the others in.
MAX_NETWORK_ELEMENTS = 600
# Beyond this many rows, empty cells are left out of the table data (the grid shows them
# blank either way): ~6 % less to send for a large network.
COMPACT_ROWS_ABOVE = 1000
MORE_NODE = "more:partners"
NO_FILTERS = Filters()
KEPT_FILTER_STATES = 8  # filtered partner rows kept per views (a few MB each at 100k)


@dataclass(frozen=True)
class _NetworkIndex:
    """:func:`network_elements` of every partner, computed once and picked per request.

    Edges are filed under the partner they lead to (home's consortium memberships under
    home), so a request reads the edges of the shown partners only, never the whole graph.
    """

    home: str
    nodes: dict[str, Element]
    edges: dict[str, list[tuple[str, Element]]]
    embodied: dict[str, str]  # institution id -> the consortium node that it is

    @classmethod
    def build(cls, model: Model) -> _NetworkIndex:
        home = inst_node(model.ds.home)
        embodied: dict[str, str] = model.G.graph.get("embodied", {})
        hubs = set(embodied.values())
        nodes: dict[str, Element] = {}
        edges: dict[str, list[tuple[str, Element]]] = {}
        for element in network_elements(model.G, model.partners, {}, home=model.ds.home, labelled=0):
            data = element["data"]
            if "source" not in data:  # type: ignore[operator]
                nodes[data["id"]] = element  # type: ignore[index]
                continue
            source, target = data["source"], data["target"]  # type: ignore[index]
            if source == home:  # an agreement under its partner; home's memberships under home
                owner, other = (target, source) if target.startswith("i:") else (source, target)
            else:  # a membership under its member (a consortium that is a partner, too)
                owner, other = (target, source) if target in hubs and source not in hubs else (source, target)
            edges.setdefault(owner, []).append((other, element))
        return cls(home, nodes, edges, embodied)

    def node_of(self, institution_id: str) -> str:
        """The node drawn for a partner (:func:`~dashboard.network.graph.partner_node`)."""
        return self.embodied.get(institution_id) or inst_node(institution_id)

    def elements(
        self,
        partners: pd.DataFrame,
        positions: dict[str, tuple[float, float]],
        *,
        communities: dict[str, int] | None,
        statuses: tuple[str, ...] = (),
    ) -> list[Element]:
        """The same elements as :func:`network_elements` for these partners and layout; with
        ``statuses``, only the ties in those statuses (consortia hold as ``active`` ties)."""
        shown = sorted({self.node_of(i) for i in partners.index})
        with_consortia = not statuses or ACTIVE in statuses
        linking = {f"c:{c}" for cs in partners["consortia"] for c in cs} if with_consortia else set()
        consortia = sorted(linking - set(shown))
        keep = {self.home, *shown, *consortia}
        status_of = (
            {self.node_of(i): s for i, s in partners["status"].items()} if "status" in partners else {}
        )
        colours = region_colours(set(partners["region"]))
        named = {self.node_of(i) for i in strongest(partners, LABELLED)}
        out: list[Element] = []
        for node in [self.home, *shown, *consortia]:
            template = self.nodes[node]
            data: dict[str, object] = template["data"]  # type: ignore[assignment]
            if data["kind"] == "partner":
                colour = (
                    community_colour(communities.get(node))
                    if communities is not None
                    else colours.get(str(data["region"]), "#777777")
                )
                status = str(status_of.get(node, ACTIVE))
                data = {**data, "colour": colour, "status": status}
                classes = status_class(str(template["classes"]), status)
            else:
                classes = str(template["classes"])
            x, y = positions.get(node, (0.0, 0.0))
            out.append(
                {
                    "data": data,
                    "position": {"x": round(x, 1), "y": round(y, 1)},
                    "classes": f"{classes} labelled" if node in named else classes,
                }
            )
        for owner in [*shown, self.home]:
            out.extend(
                element
                for other, element in self.edges.get(owner, ())
                if other in keep and (not statuses or element["data"]["status"] in statuses)  # type: ignore[index]
            )
        return out


MAX_NAMED = 30  # names on one exported map at most (the placer drops those that do not fit)


@dataclass
class ExplorerViews:
    """What every explorer view shows, for one model and language (Dash-free)."""

    model: Model
    lang: str
    vocab: Vocabulary = field(init=False)
    consortium_names: dict[str, str] = field(init=False)
    iso3: dict[str, str] = field(init=False)
    _rows: dict[str, dict[str, object]] = field(init=False, repr=False)
    _compact_rows: dict[str, dict[str, object]] = field(init=False, repr=False)
    _everyone: pd.DataFrame = field(init=False, repr=False)
    _with_agreement: pd.DataFrame = field(init=False, repr=False)
    _consortium_only: pd.Series = field(init=False, repr=False)
    _headline: HeadlineIndex = field(init=False, repr=False)
    _net: _NetworkIndex = field(init=False, repr=False)
    # The last filter states' rows: one request asks for them up to three times (map,
    # headline, summary), and the next view of the same filters again.
    _filtered: Callable[[Filters], pd.DataFrame] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        """Derive the look-up tables once."""
        ds = self.model.ds
        self.vocab = vocabulary(
            {slugify(r) for r in ds.regions["region"]},
            set(ds.regions.index),
            set(RELATION_TYPES),
            set(ds.consortia.index),
            set(ds.institutions.index),
        )
        self.consortium_names = ds.consortia["short_name"].to_dict()
        self.iso3 = ds.regions["iso3"].to_dict()
        # Table rows depend only on the model and language: built once, picked per request.
        rows = table_rows(self.model.partners, self.consortium_names, tr=self.tr, lang=self.lang)
        self._rows = {str(row["id"]): row for row in rows}
        self._compact_rows = {
            ident: {k: v for k, v in row.items() if v is not None and v != ""}
            for ident, row in self._rows.items()
        }
        self._everyone = self.model.partners.loc[filter_partners(ds, self.model.relations, NO_FILTERS)]
        self._headline = HeadlineIndex.build(ds, self.model.relations, self.model.partners.index)
        self._consortium_only = self._headline.indicators["consortium_only_partners"] > 0
        self._with_agreement = self._everyone.loc[
            ~self._consortium_only.reindex(self._everyone.index).to_numpy()
        ]
        self._net = _NetworkIndex.build(self.model)
        self._filtered = functools.lru_cache(maxsize=KEPT_FILTER_STATES)(self._filter)

    def tr(self, key: str, **values: object) -> str:
        """Translate in this view's language."""
        return t(key, self.lang, **values)

    @property
    def home(self) -> dict[str, object]:
        """Home's name, short name and coordinates."""
        row = self.model.ds.home_row
        return {
            "name": row["name"],
            "short_name": row["short_name"] or row["name"],
            "lat": row["lat"],
            "lon": row["lon"],
            "region": row.get("region", ""),
        }

    def shown(self, state: ViewState) -> pd.DataFrame:
        """The partner rows that pass the state's filters (the unfiltered rows are kept ready:
        the world view is the most requested one). Under a status filter each row's status and
        colour come from the relations in those statuses. Read-only: callers must not modify them."""
        filters = state.filters()
        if filters == NO_FILTERS:
            return self._everyone
        return self._filtered(filters)

    def forget_filter_states(self) -> None:
        """Drop the rows kept of recent filter states (the benchmark times a new state so)."""
        self._filtered.cache_clear()  # type: ignore[attr-defined]

    def _filter(self, filters: Filters) -> pd.DataFrame:
        rows = self.model.partners.loc[filter_partners(self.model.ds, self.model.relations, filters)]
        return with_statuses(rows, self.model.relations, filters.statuses)

    def drawn(self, state: ViewState) -> pd.DataFrame:
        """The partners the map, the network and the table draw: :meth:`shown`, without the
        partners linked to home only through a shared consortium unless the state asks for
        them (``comembers``). The headline counts :meth:`shown`: both figures, always."""
        if state.comembers:
            return self.shown(state)
        if state.filters() == NO_FILTERS:
            return self._with_agreement
        partners = self.shown(state)
        return partners.loc[~self._consortium_only.reindex(partners.index, fill_value=False).to_numpy()]

    def hidden_comembers(self, state: ViewState) -> int:
        """How many partners of :meth:`shown` are consortium co-members only (what the toggle hides)."""
        return int(self._consortium_only.reindex(self.shown(state).index, fill_value=False).sum())

    def _view_box(self, state: ViewState, partners: pd.DataFrame) -> tuple[list[float], list[float]] | None:
        if not partners.empty and (state.regions or state.countries or state.consortia or state.q):
            return bounds(partners, None if state.regions or state.countries else self.home, aspect=1.5)
        return None

    @staticmethod
    def filter_data(state: ViewState) -> dict[str, object]:
        """What the filter store holds for a state: all but the view, the focus and the slide."""
        return {k: v for k, v in state.to_dict().items() if k not in ("view", "focus", "slide")}

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
        """The explorer's map of a state as sent to the browser (a figure dict), labels included.

        ``canvas``: the size and margins the map is drawn at (exports, the deck); names are
        placed and the map fitted for it. Default: the smallest explorer map. ``font_size``:
        the names' and legend's size in px (a slide's is larger).
        """
        partners = self.drawn(state)
        return to_wire(  # type: ignore[no-any-return]
            self.map_figure(
                state,
                partners,
                color_by=color_by or "type",
                choropleth=choropleth,
                labelled=self._labelled(focus, state, partners),
                focus=focus,
                canvas=canvas,
                font_size=font_size,
            )
        )

    def network_view(self, state: ViewState, *, layout: str, network_color: str) -> list[dict[str, object]]:
        """Network elements of the shown partners, in a precomputed layout."""
        positions = self.model.positions.get(layout or "force", self.model.positions["force"])
        communities = self.model.communities if network_color == "community" else None
        return self.network(self.drawn(state), positions, communities=communities, statuses=state.statuses)

    def table_view(self, state: ViewState) -> list[dict[str, object]]:
        """Table rows of the shown partners."""
        return self.table(self.drawn(state))

    def table_page(self, state: ViewState, request: object) -> dict[str, object]:
        """One block of the shown partners' rows, as AG Grid's infinite row model asks for it.

        Sorting and the column filters run here, on the server: only the block travels.
        """
        query = TableQuery.parse(request, columns=TABLE_COLUMNS)
        page, count = query.page(self.table(self.drawn(state)))
        return {"rowData": list(page), "rowCount": count}

    def map_figure(
        self,
        state: ViewState,
        partners: pd.DataFrame,
        *,
        color_by: str,
        choropleth: bool,
        labelled: list[str],
        focus: str,
        canvas: Canvas | None = None,
        font_size: float | None = None,
    ) -> dict[str, object]:
        """The explorer's map of a state: fitted to the filtered partners when filters narrow it."""
        options = MapOptions(
            color_by=color_by,
            choropleth=choropleth,
            labelled=tuple(labelled),
            focus=focus,
            view=self._view_box(state, partners),
            theme=state.theme or "light",
        )
        if canvas is not None:  # a larger page names more partners: as many per area as the screen
            area = canvas.size[0] * canvas.size[1] / (options.size[0] * options.size[1])
            count = min(MAX_NAMED, max(options.label_count, round(options.label_count * area)))
            options = replace(options, size=canvas.size, margin=canvas.margin, label_count=count)
        if font_size is not None:
            options = replace(options, font_size=font_size)
        return self.map_dict(partners, options)

    def map_dict(self, partners: pd.DataFrame, options: MapOptions) -> dict[str, object]:
        """A map (a figure dict): one marker per partner, or per place for a large network at
        world zoom (``options.view`` None). The explorer and presentation mode both draw through here,
        its numbers in the views' language."""
        options = replace(options, lang=self.lang)
        placed = partners[partners["lat"].notna() & partners["lon"].notna()]
        if should_aggregate(len(placed), world=options.view is None):
            return aggregated_map_dict(
                placed, self.home, tr=self.tr, level=choose_level(placed), options=options, iso3=self.iso3
            )
        return partner_map_dict(
            partners,
            self.home,
            tr=self.tr,
            options=options,
            consortium_names=self.consortium_names,
            iso3=self.iso3,
        )

    def network(
        self,
        partners: pd.DataFrame,
        positions: dict[str, tuple[float, float]],
        *,
        communities: dict[str, int] | None,
        statuses: tuple[str, ...] = (),
    ) -> list[dict[str, object]]:
        """Network elements of the shown partners (the strongest ones, for a large network);
        with ``statuses``, only their ties in those statuses."""
        shown = partners
        if len(partners) + int(partners["strength"].sum()) > MAX_NETWORK_ELEMENTS:
            order = partners.sort_values(["strength", "name"], ascending=[False, True], kind="stable")
            cost = (order["strength"] + 1).cumsum().to_numpy()
            shown = order.iloc[: max(int((cost <= MAX_NETWORK_ELEMENTS).sum()), 1)]
        elements = self._net.elements(shown, positions, communities=communities, statuses=statuses)
        hidden = len(partners) - len(shown)
        if hidden:
            ys = [float(e["position"]["y"]) for e in elements if "position" in e]  # type: ignore[index]
            label = f"+{format_number(hidden, self.lang)} {self.tr('header.partners').lower()}"
            elements.append(
                {
                    "data": {"id": MORE_NODE, "label": label, "name": label, "kind": "more"},
                    "position": {"x": 0.0, "y": round(max(ys) + 80.0, 1)},
                    "classes": "more",
                }
            )
        return elements

    def table(self, partners: pd.DataFrame) -> list[dict[str, object]]:
        """Table rows of the shown partners, in their order (precomputed per partner)."""
        if len(partners) > COMPACT_ROWS_ABOVE:
            return [self._compact_rows[str(i)] for i in partners.index]
        return [dict(self._rows[str(i)]) for i in partners.index]

    def _labelled(self, focus: str, state: ViewState, partners: pd.DataFrame) -> list[str]:
        """Partners labelled on the map: a chosen consortium's members (if few), and the focus."""
        labelled = list(partners.index) if state.consortia and len(partners) <= MAX_LABELS else []
        if focus and focus in partners.index and focus not in labelled:
            labelled.append(focus)
        return labelled

    def network_stylesheet(self, focus: str, state: ViewState) -> list[dict[str, object]]:
        """The network's stylesheet: the focused partner and its ties stand out."""
        partners = self.drawn(state)
        shown_nodes = {self._net.node_of(i) for i in partners.index} | {inst_node(self.model.ds.home)}
        shown_nodes |= {f"c:{c}" for cs in partners["consortia"] for c in cs}
        focused = self._net.node_of(focus) if focus else None
        return focus_stylesheet(self.model.G, focused, shown_nodes, theme=state.theme or "light")
