"""What each callback returns: the Dash-free view-model plus Dash's own types.

:class:`ExplorerOutputs` extends :class:`~dashboard.web.views.ExplorerViews` with the methods
whose results only Dash understands (``no_update``, ``Patch``, components), so that it can be
tested without a browser: each method takes a view state and returns exactly the callback's
outputs. :class:`InsightsViews` does the same for the Insights view.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from functools import cached_property
from typing import Any

import pandas as pd
import plotly.graph_objects as go
from dash import Patch, html, no_update
from dash.development.base_component import Component

from dashboard.data.regions import SEED_REGIONS
from dashboard.figures import insight_charts as figs
from dashboard.figures.maps import geo_resolution, to_wire
from dashboard.figures.network_chart import make_network_figure
from dashboard.figures.network_elements import network_key
from dashboard.i18n import country_name, t, term
from dashboard.network import chart_text, consortia, timeline
from dashboard.network.details import institution_details
from dashboard.network.graph import filter_partners, partner_node
from dashboard.network.groups import group_names
from dashboard.network.headline import Counts, describe
from dashboard.network.insights import Precomputed, insights, precompute
from dashboard.network.model import Model
from dashboard.network.places import bounds, should_aggregate
from dashboard.network.status import agreements_by_look
from dashboard.network.view_state import RESET_EVENTS, ViewState, to_query
from dashboard.web.a11y_layout import map_summary, shown_text
from dashboard.web.components import colour_key, details_panel, stat_card, status_key
from dashboard.web.ids import LAZY_PARTS
from dashboard.web.insights_layout import answer_blocks
from dashboard.web.layout import lazy_part
from dashboard.web.views import ExplorerViews


class SentComponent(dict):  # type: ignore[type-arg]
    """A Dash component in the JSON form Dash sends, still readable as one (``card.children``).

    Dash serialises a callback's response with one ``orjson.dumps`` call, unless it holds
    component objects: then plotly's encoder first walks every value of the response in Python,
    which for a large table costs more than the whole callback. Sending the headline in this
    form keeps the fast path.
    """

    def __getattr__(self, name: str) -> object:
        """Read a prop, as on the component."""
        try:
            return self["props"][name]
        except KeyError:
            raise AttributeError(name) from None


def as_sent(value: object) -> object:
    """Components (recursively) as :class:`SentComponent`; anything else unchanged.

    Examples:
        >>> card = as_sent(html.Div([html.Span("3")], className="card"))
        >>> card.className, card.children[0].children, card["type"], card["namespace"]
        ('card', '3', 'Div', 'dash_html_components')
    """
    if isinstance(value, Component):
        sent = value.to_plotly_json()
        sent["props"] = {k: as_sent(v) for k, v in sent["props"].items()}
        return SentComponent(sent)
    if isinstance(value, list | tuple):
        return [as_sent(v) for v in value]
    return value


class ExplorerOutputs(ExplorerViews):
    """Every explorer callback's outputs for one model and language."""

    def sync_outputs(
        self,
        state: ViewState,
        trigger: str | None,
        *,
        search: str | None,
        filters: dict | None,
        focus: str | None,
        view: str | None,
        shown: Sequence[object] | None = None,
    ) -> tuple[object, ...]:
        """Outputs of the state callback: URL, controls, then the three stores.

        ``shown`` are the controls' values on screen (regions, countries, types, consortia,
        statuses, comembers, years, q, view, theme): a control already showing its value is left alone, so a page
        load re-renders none of the filter panel.
        """
        query = to_query(state)
        url = no_update if query == (search or "") or trigger in (None, "url") else query
        set_controls = trigger in (None, "url", "click", *RESET_EVENTS)
        years = list(state.years) if state.years else list(self.model.years)
        controls = [
            list(state.regions),
            list(state.countries),
            list(state.types),
            list(state.consortia),
            list(state.statuses),
            ["show"] if state.comembers else [],
            years,
            state.q,
            state.view,
            state.theme or "light",
        ]
        if shown is not None:
            controls = [no_update if new == old else new for new, old in zip(controls, shown, strict=True)]
        filter_data = self.filter_data(state)
        return (
            url,
            *(controls if set_controls else [no_update] * len(controls)),
            no_update if filter_data == filters else filter_data,
            no_update if state.focus == (focus or "") and filters is not None else state.focus,
            no_update if state.view == view else state.view,
        )

    @cached_property
    def first_paint(self) -> dict[str, object]:
        """The page as first drawn (no filter, default controls), to put in the layout.

        The map then draws as soon as plotly.js has loaded, instead of after the state and
        render callbacks have gone to the server and back. A URL with filters re-renders.
        Computed once per model (an :class:`ExplorerViews` is rebuilt when the data changes).
        """
        state = ViewState()
        fig, note, _cards, empty = self.render(state, color_by="type", choropleth=False, focus="")
        return {
            "filters": self.filter_data(state),
            "figure": fig,
            "note": note,
            "headline": self.headline(self.shown(state)),
            "empty": empty,
            "summary": map_summary(self.drawn(state), lang=self.lang),
        }

    def render(
        self,
        state: ViewState,
        *,
        color_by: str,
        choropleth: bool,
        focus: str,
    ) -> tuple[object, ...]:
        """Map, map note, headline and empty-state style (the network and table render when shown).

        The map draws :meth:`drawn`; the headline counts :meth:`shown` (co-members included)."""
        partners = self.drawn(state)
        fig = self.map_view(state, color_by=color_by, choropleth=choropleth, focus=focus)
        unplaced = int(partners["lat"].isna().sum())
        note = self.tr("map.unplaced", count=unplaced) if unplaced else ""
        empty = {"display": "block"} if partners.empty else {"display": "none"}
        return fig, note, [as_sent(card) for card in self.headline(self.shown(state))], empty

    def shown_announcement(self, state: ViewState, drawn: int) -> str:
        """The live announcement of a filter result: the partners drawn, and the co-members hidden."""
        text = shown_text(drawn, lang=self.lang)
        hidden = 0 if state.comembers else self.hidden_comembers(state)
        return self.tr("comembers.hidden_note", text=text, count=hidden) if hidden else text

    def comember_options(self, state: ViewState) -> list[dict[str, object]]:
        """The co-member toggle's one option, its label saying how many partners it shows or hides."""
        label = self.tr("comembers.toggle", count=self.hidden_comembers(state))
        return [{"label": label, "value": "show"}]

    def headline(self, partners: pd.DataFrame) -> list[html.Div]:
        """Headline cards for the shown partners: partners with an agreement first, those linked
        only through consortia apart, then per seed region (the breakdown in each card's tooltip)."""
        figures = self._headline.headline(partners)
        counts, tr = figures.counts, self.tr
        summary = describe(counts, tr)
        lang = self.lang
        cards = [
            stat_card(tr("counts.with_agreement"), counts.agreement_partners, title=summary, lang=lang),
            stat_card(tr("counts.via_consortia"), counts.consortium_only_partners, title=summary, lang=lang),
            stat_card(tr("header.countries", count=figures.countries), figures.countries, lang=lang),
            stat_card(tr("header.consortia"), figures.consortia, lang=lang),
            stat_card(
                tr("header.double_degrees", count=figures.double_degrees),
                figures.double_degrees,
                title=tr("published.measure.double_degree_partners", count=figures.double_degrees, where=""),
                lang=lang,
            ),
        ]
        in_data = set(self.model.partners["region"])
        for region in SEED_REGIONS:
            part, name = figures.by_region.get(region, Counts()), term("region", region, lang)
            if region not in in_data:  # nothing sourced at all, not merely filtered out
                line = tr("counts.region_thin", region=name)
                cards.append(stat_card(name, f"0 · {tr('header.thin')}", muted=True, title=line))
                continue
            via = part.consortium_only_partners
            cards.append(
                stat_card(
                    name,
                    part.agreement_partners,
                    muted=not part.partners,
                    sub=tr("counts.region_sub", count=via) if via else "",
                    title=describe(part, tr, key="counts.region", region=name),
                    lang=lang,
                )
            )
        for card in cards[5:]:  # below 1500 px wide the region cards give way (app.css): the
            card.className += " stat-region"  # type: ignore[attr-defined]  # the region filter lists them
        return cards

    def mount(self, part: str, mounted: list[str]) -> tuple[object, ...]:
        """Outputs of the mount callback: the slot of each of :data:`LAZY_PARTS`, then the
        list of mounted parts. Only ``part`` changes, and only on its first showing (mounted
        again, a grid or graph would lose its sorting, zoom and selection).

        Examples:
            >>> from dash import no_update
            >>> ExplorerOutputs.mount(None, "map", []) == (no_update,) * (len(LAZY_PARTS) + 1)
            True
        """
        if part not in LAZY_PARTS or part in mounted:
            return (no_update,) * (len(LAZY_PARTS) + 1)
        slots = [lazy_part(p, self.model, lang=self.lang) if p == part else no_update for p in LAZY_PARTS]
        return *slots, [*mounted, part]

    @cached_property
    def group_names(self) -> list[str]:
        """Names of the network's communities, by number (:func:`group_names`)."""
        count = max(self.model.communities.values(), default=-1) + 1
        groups: list[list[str]] = [[] for _ in range(count)]
        for node, number in sorted(self.model.communities.items()):
            groups[number].append(node)
        return group_names(self.model.G, groups, lang=self.lang)

    def network_key(self, state: ViewState, *, network_color: str) -> list[html.Span]:
        """The network's colour key for a state: regions, or named communities, then how ended
        and planned ties are drawn."""
        partners = self.drawn(state)
        entries = network_key(
            partners,
            communities=self.model.communities if network_color == "community" else None,
            names=self.group_names,
            other=self.tr("groups.other"),
        )
        if network_color != "community":  # the key names regions in the page's language
            entries = [(term("region", label, self.lang), colour, n) for label, colour, n in entries]
        looks = agreements_by_look(self.model.relations, partners.index, state.statuses)
        return colour_key(entries, lang=self.lang) + status_key(looks, lang=self.lang)

    def focus_outputs(self, focus: str) -> tuple[object, ...]:
        """Details panel and details-panel class."""
        details = institution_details(self.model, focus) if focus else None
        body = details_panel(details, home_name=str(self.home["short_name"]), lang=self.lang)
        return body, "details-panel has-focus" if details else "details-panel"

    def map_focus_patch(
        self, focus: str, state: ViewState, patch: Patch, *, color_by: str = "type", choropleth: bool = False
    ) -> Patch:
        """Re-place the map's names (traces 0 and 1, see :mod:`dashboard.figures.map_labels`)
        for the new focus without resending the figure."""
        figure = self.map_view(state, color_by=color_by, choropleth=choropleth, focus=focus)
        data = figure["data"]
        patch["data"][0] = data[0]  # type: ignore[index]
        patch["data"][1] = data[1]  # type: ignore[index]
        return patch

    def zoom_patch(self, region_slug: str, state: ViewState, patch: Patch) -> Patch:
        """Fit the map to a region's shown partners (or to the world).

        On a map aggregated by place, zooming into a region also swaps in one marker per
        partner of that region (coloured by relation), and the world button brings the
        aggregated markers back.
        """
        view = None
        partners = self.drawn(state)
        if region_slug != "world":
            box = bounds(partners[partners["region_slug"] == region_slug])
            if box is None:
                box = bounds(self.model.partners[self.model.partners["region_slug"] == region_slug])
            view = box
        lon, lat = view if view else ([-180, 180], [-58, 85])
        placed = partners[partners["lat"].notna() & partners["lon"].notna()]
        if should_aggregate(len(placed), world=self._view_box(state, partners) is None):
            chosen = partners if region_slug == "world" else partners[partners["region_slug"] == region_slug]
            fig = self.map_figure(
                replace(state, regions=() if region_slug == "world" else (region_slug,)),
                chosen,
                color_by="type",
                choropleth=False,
                labelled=[],
                focus="",
            )
            patch["data"] = to_wire(fig)["data"]
        patch["layout"]["geo"]["lonaxis"]["range"] = lon
        patch["layout"]["geo"]["lataxis"]["range"] = lat
        patch["layout"]["geo"]["resolution"] = geo_resolution(view)
        return patch


@dataclass
class InsightsViews:
    """Renders the Insights outputs for one model and language."""

    model: Model
    lang: str
    pre: Precomputed = field(init=False)

    def __post_init__(self) -> None:
        """Compute the filter-independent metrics once."""
        self.pre = precompute(self.model)

    def shown(self, filter_data: dict | None) -> tuple[ViewState, list[str]]:
        """The view state in the filter store and the partner ids it shows."""
        state = ViewState.from_dict(filter_data)
        return state, filter_partners(self.model.ds, self.model.relations, state.filters())

    def render(self, filter_data: dict | None, target: str | None) -> tuple[Any, ...]:
        """Answers; the centrality, overlap, Sankey, coverage and growth figures; their five
        text alternatives (:mod:`dashboard.network.chart_text`, from the same data); the href of
        the Sankey's link to the same partners as a table."""
        state, ids_ = self.shown(filter_data)
        lang = self.lang
        result = insights(
            self.model, ids_, lang=lang, filters=state.filters(), target=target or "", pre=self.pre
        )
        by_key = {a.key: a for a in result.answers}
        rows = self.model.partners.loc[ids_]
        matter = by_key["matter"].data["top"]["eigenvector"]
        names_, scores = [str(rows.loc[i, "short_name"]) for i in matter], self._eigenvector(matter)
        matrix, _ = consortia.overlap_matrix(self.model, ids_)
        names = self.model.ds.consortia["short_name"].to_dict()
        home = str(self.model.ds.home_row["short_name"])
        growth = timeline.growth_by_region(self.model, ids_)
        undated = t("insights.fig.undated", lang, count=growth["undated_total"])
        named, coverage = self._countries_named(rows), self._coverage_rows(by_key["thin"].data)
        figures = (
            figs.centrality_bars(names_, scores, lang=lang),
            figs.overlap_heatmap(matrix, names, lang=lang),
            figs.region_sankey(
                named,
                home,
                other=lambda n: t("insights.fig.sankey_other", lang, count=n),
                region_name=self._region_name,
                lang=lang,
            ),
            figs.coverage_bars(coverage, lang=lang),
            figs.growth_area(growth, undated_label=undated, region_name=self._region_name, lang=lang),
        )
        captions = (
            chart_text.centrality_text(names_, scores, lang=lang),
            chart_text.overlap_text(matrix, names, lang=lang),
            chart_text.sankey_text(named, lang=lang, region_name=self._region_name),
            chart_text.coverage_text(coverage, lang=lang),
            chart_text.growth_text(growth, lang=lang, region_name=self._region_name),
        )
        return answer_blocks(result, lang=lang), *figures, *captions, self._table_href(state)

    def _eigenvector(self, partner_ids: list[str]) -> list[float]:
        G, scores = self.model.G, self.pre.centrality
        return [scores.get(partner_node(G, i), {}).get("eigenvector", 0.0) for i in partner_ids]

    @staticmethod
    def _table_href(state: ViewState) -> str:
        """The table of the same partners (the filters kept)."""
        return "/" + to_query(replace(state, view="table", focus=""))

    def _region_name(self, region: str) -> str:
        return term("region", region, self.lang)

    def _countries_named(self, rows: pd.DataFrame) -> pd.DataFrame:
        """The rows with their countries named in the page's language (CLDR)."""
        names = [
            country_name(c, self.lang, n) for c, n in zip(rows["country"], rows["country_name"], strict=True)
        ]
        return rows.assign(country_name=names)

    def _coverage_rows(self, data: dict[str, Any]) -> list[dict[str, Any]]:
        """The coverage rows, their countries named in the page's language."""
        return [
            {**r, "country_name": country_name(r.get("country"), self.lang, r["country_name"])}
            for r in data.get("countries", [])
        ]

    def growth(self, year: int | None, filter_data: dict | None) -> tuple[Any, ...]:
        """The map and the network as of ``year``, each with its heading; then their text
        alternative (the same for both) twice, and the map's link to the partners as a table."""
        year = int(year or self.model.years[1])
        network_title = t("insights.fig.network_as_of", self.lang, year=year)
        state, ids_ = self.shown(filter_data)
        as_of = timeline.partners_as_of(self.model, year, ids_)
        dated = self.model.partners.loc[as_of.dated]
        summary = chart_text.as_of_text(as_of.year, dated, len(as_of.undated), lang=self.lang)
        return (
            self.growth_map(year, filter_data),
            self.growth_title(year, filter_data),
            self.growth_network(year, filter_data),
            network_title,
            summary,
            summary,
            self._table_href(state),
        )

    def growth_title(self, year: int, filter_data: dict | None) -> str:
        """The map's heading: the year and how many partners it shows, dated and undated."""
        _, ids_ = self.shown(filter_data)
        as_of = timeline.partners_as_of(self.model, year, ids_)
        return t(
            "insights.fig.as_of",
            self.lang,
            year=as_of.year,
            dated=len(as_of.dated),
            undated=len(as_of.undated),
        )

    def growth_map(self, year: int | None, filter_data: dict | None) -> go.Figure:
        """The shown partners as of ``year``, undated ones flagged."""
        _, ids_ = self.shown(filter_data)
        as_of = timeline.partners_as_of(self.model, int(year or self.model.years[1]), ids_)
        home = self.model.ds.home_row
        return figs.growth_map(
            self.model.partners.loc[as_of.dated],
            self.model.partners.loc[as_of.undated],
            {"short_name": home["short_name"], "lat": home["lat"], "lon": home["lon"]},
            undated_name=t("insights.fig.undated_name", self.lang),
            region_name=self._region_name,
            lang=self.lang,
        )

    def growth_network(self, year: int | None, filter_data: dict | None) -> go.Figure:
        """The network as of ``year``: partners whose first relation started by then, plus undated ones."""
        _, ids_ = self.shown(filter_data)
        as_of = timeline.partners_as_of(self.model, int(year or self.model.years[1]), ids_)
        partners = self.model.partners.loc[[*as_of.dated, *as_of.undated]]
        fig = make_network_figure(
            self.model.G,
            partners,
            self.model.positions["force"],
            home=self.model.ds.home,
            tr=lambda key, **values: t(key, self.lang, **values),
            region_name=self._region_name,
            lang=self.lang,
        )
        return fig

    def tick(self, year: int | None) -> tuple[int, bool]:
        """Next year of the animation, and whether the timer stops (at the last year)."""
        first, last = self.model.years
        nxt = first if year is None or year >= last else int(year) + 1
        return nxt, nxt >= last

    def toggle(self, n_clicks: int | None, disabled: bool, year: int | None) -> tuple[bool, int | None]:
        """Play/pause; playing from the last year starts again from the first."""
        if not n_clicks:
            return True, year
        first, last = self.model.years
        start = first if disabled and (year is None or year >= last) else year
        return not disabled, start
