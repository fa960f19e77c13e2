"""What each explorer callback returns, as plain methods over the read-only model.

Kept apart from the callback wiring so that it can be tested without a browser: each
method takes a view state and returns exactly the callback's outputs.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd
from dash import Patch, html, no_update

from dashboard.components import details_panel, stat_card
from dashboard.details import institution_details, table_rows
from dashboard.figures.maps import bounds, esc, make_partner_map
from dashboard.figures.networks import focus_stylesheet, network_elements
from dashboard.graph import filter_partners, inst_node
from dashboard.i18n import t
from dashboard.model import Model
from dashboard.regions import SEED_REGIONS, slugify
from dashboard.schema import RELATION_TYPES
from dashboard.state import RESET_EVENTS, ViewState, Vocabulary, to_query, vocabulary
from dashboard.summary import headline

MAX_LABELS = 25  # beyond this, labels of a highlighted set would hide the map


@dataclass
class ExplorerViews:
    """Renders every explorer output for one model and language."""

    model: Model
    lang: str
    vocab: Vocabulary = field(init=False)
    consortium_names: dict[str, str] = field(init=False)
    iso3: dict[str, str] = field(init=False)

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
        }

    def shown(self, state: ViewState) -> pd.DataFrame:
        """The partner rows that pass the state's filters."""
        ids = filter_partners(self.model.ds, self.model.relations, state.filters())
        return self.model.partners.loc[ids]

    def sync_outputs(
        self,
        state: ViewState,
        trigger: str | None,
        *,
        search: str | None,
        filters: dict | None,
        focus: str | None,
        view: str | None,
    ) -> tuple[object, ...]:
        """Outputs of the state callback: URL, controls, then the three stores."""
        query = to_query(state)
        url = no_update if query == (search or "") or trigger in (None, "url") else query
        set_controls = trigger in (None, "url", "click", *RESET_EVENTS)
        years = list(state.years) if state.years else list(self.model.years)
        controls = [
            list(state.regions),
            list(state.countries),
            list(state.types),
            list(state.consortia),
            years,
            state.q,
            state.view,
            state.theme or "light",
        ]
        filter_data = {k: v for k, v in state.to_dict().items() if k not in ("view", "focus", "slide")}
        return (
            url,
            *(controls if set_controls else [no_update] * len(controls)),
            no_update if filter_data == filters else filter_data,
            no_update if state.focus == (focus or "") and filters is not None else state.focus,
            no_update if state.view == view else state.view,
        )

    def _view_box(self, state: ViewState, partners: pd.DataFrame) -> tuple[list[float], list[float]] | None:
        if not partners.empty and (state.regions or state.countries or state.consortia or state.q):
            return bounds(partners, None if state.regions or state.countries else self.home, aspect=1.5)
        return None

    def render(
        self,
        state: ViewState,
        *,
        color_by: str,
        choropleth: bool,
        layout: str,
        focus: str,
        network_color: str = "region",
    ) -> tuple[object, ...]:
        """Map, map note, network elements, table rows, headline and empty-state style."""
        partners = self.shown(state)
        labelled = self._labelled(focus, state, partners)
        fig = make_partner_map(
            partners,
            self.home,
            tr=self.tr,
            color_by=color_by or "type",
            choropleth=choropleth,
            labelled=labelled,
            focus=focus,
            view=self._view_box(state, partners),
            consortium_names=self.consortium_names,
            iso3=self.iso3,
            theme=state.theme or "light",
        )
        unplaced = int(partners["lat"].isna().sum())
        note = self.tr("map.unplaced", count=unplaced) if unplaced else ""
        positions = self.model.positions.get(layout or "force", self.model.positions["force"])
        communities = self.model.communities if network_color == "community" else None
        elements = network_elements(
            self.model.G, partners, positions, home=self.model.ds.home, communities=communities
        )
        rows = table_rows(partners, self.consortium_names, tr=self.tr)
        empty = {"display": "block"} if partners.empty else {"display": "none"}
        return fig, note, elements, rows, self.headline(partners), empty

    def headline(self, partners: pd.DataFrame) -> list[html.Div]:
        """Headline cards for the shown partners: totals, then partners per seed region."""
        figures = headline(self.model.ds, self.model.relations, list(partners.index))
        cards = [
            stat_card(self.tr("header.partners"), figures.partners),
            stat_card(self.tr("header.countries"), figures.countries),
            stat_card(self.tr("header.consortia"), figures.consortia),
            stat_card(self.tr("header.double_degrees"), figures.double_degrees),
        ]
        in_data = set(self.model.partners["region"])
        for region in SEED_REGIONS:
            count = figures.by_region.get(region, 0)
            thin = region not in in_data  # nothing sourced at all, not merely filtered out
            cards.append(
                stat_card(region, f"0 · {self.tr('header.thin')}" if thin else count, muted=not count)
            )
        return cards

    def _labelled(self, focus: str, state: ViewState, partners: pd.DataFrame) -> list[str]:
        """Partners labelled on the map: a chosen consortium's members (if few), and the focus."""
        labelled = list(partners.index) if state.consortia and len(partners) <= MAX_LABELS else []
        if focus and focus in partners.index and focus not in labelled:
            labelled.append(focus)
        return labelled

    def focus_outputs(self, focus: str, state: ViewState) -> tuple[object, ...]:
        """Details panel, network stylesheet and details-panel class."""
        details = institution_details(self.model, focus) if focus else None
        body = details_panel(details, home_name=str(self.home["short_name"]), lang=self.lang)
        partners = self.shown(state)
        shown_nodes = {inst_node(i) for i in partners.index} | {inst_node(self.model.ds.home)}
        shown_nodes |= {f"c:{c}" for cs in partners["consortia"] for c in cs}
        stylesheet = focus_stylesheet(
            self.model.G, inst_node(focus) if focus else None, shown_nodes, theme=state.theme or "light"
        )
        return body, stylesheet, "details-panel has-focus" if details else "details-panel"

    def map_focus_patch(self, focus: str, state: ViewState, patch: Patch) -> Patch:
        """Move the map's labels (trace 0) to the new focus without resending the figure."""
        partners = self.shown(state)
        chosen = partners.loc[self._labelled(focus, state, partners)]
        chosen = chosen[chosen["lat"].notna()]
        patch["data"][0]["lat"] = chosen["lat"].tolist()
        patch["data"][0]["lon"] = chosen["lon"].tolist()
        patch["data"][0]["text"] = [esc(name) for name in chosen["short_name"]]
        patch["data"][0]["ids"] = list(chosen.index)
        patch["data"][0]["marker"]["size"] = [22 if i == focus else 14 for i in chosen.index]
        patch["data"][0]["marker"]["line"]["width"] = [3 if i == focus else 2 for i in chosen.index]
        return patch

    def zoom_patch(self, region_slug: str, state: ViewState, patch: Patch) -> Patch:
        """Fit the map to a region's shown partners (or to the world)."""
        view = None
        if region_slug != "world":
            partners = self.shown(state)
            box = bounds(partners[partners["region_slug"] == region_slug])
            if box is None:
                box = bounds(self.model.partners[self.model.partners["region_slug"] == region_slug])
            view = box
        lon, lat = view if view else ([-180, 180], [-58, 85])
        patch["layout"]["geo"]["lonaxis"]["range"] = lon
        patch["layout"]["geo"]["lataxis"]["range"] = lat
        return patch
