"""Slides of presentation mode and of the deck: one per region, then one per consortium.

Pure: the model and the shown partners in, a list of :class:`Slide` out. The explorer's
``/present`` page and the PowerPoint deck both step through this same list, so a slide
number means the same thing in a link and in a deck.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from dashboard.figures.maps import bounds
from dashboard.model import Model
from dashboard.regions import SEED_REGIONS

TOP_PARTNERS = 5
ASPECT = 1.6  # the slide's map is wide: fill it


@dataclass(frozen=True)
class Slide:
    """One slide.

    Attributes:
        kind: ``world``, ``region`` or ``consortium``.
        key: Region slug or consortium id (``world`` for the overview).
        title: Region or consortium name.
        partner_ids: The partners the slide is about (within the current filters).
        view: Longitude/latitude ranges fitted to them, ``None`` for the world.
        figures: Three or four headline figures as (label key, value).
        top: Top partners by tie strength: (id, name, strength).
    """

    kind: str
    key: str
    title: str
    partner_ids: tuple[str, ...]
    view: tuple[list[float], list[float]] | None
    figures: tuple[tuple[str, int], ...]
    top: tuple[tuple[str, str, int], ...]


def _top(partners: pd.DataFrame) -> tuple[tuple[str, str, int], ...]:
    ranked = partners.sort_values(["strength", "name"], ascending=[False, True]).head(TOP_PARTNERS)
    return tuple((str(i), str(r["name"]), int(r["strength"])) for i, r in ranked.iterrows())


def _figures(partners: pd.DataFrame) -> tuple[tuple[str, int], ...]:
    double = sum("double_degree" in types for types in partners["types"])
    agreements = sum(any(t != "consortium" for t in types) for types in partners["types"])
    return (
        ("header.partners", len(partners)),
        ("header.countries", int(partners["country"].nunique())),
        ("present.direct", int(agreements)),
        ("header.double_degrees", int(double)),
    )


def build_slides(model: Model, partner_ids: list[str]) -> list[Slide]:
    """World overview, the seed regions, other regions with partners, then consortia.

    Seed regions are always present (an empty one says so on its slide); other regions
    and consortia only when the current selection has partners there.

    Args:
        model: The model.
        partner_ids: The partners within the current filters.

    Returns:
        The slides, in presentation order.
    """
    shown = model.partners.loc[partner_ids]
    home = model.ds.home_row
    slides = [
        Slide("world", "world", str(home["name"]), tuple(shown.index), None, _figures(shown), _top(shown))
    ]
    others = sorted(set(shown["region"]) - set(SEED_REGIONS) - {""})
    for region in [*SEED_REGIONS, *others]:
        chosen = shown[shown["region"] == region]
        slug = str(model.ds.regions.loc[model.ds.regions["region"] == region, "region_slug"].iloc[0])
        view = bounds(chosen, aspect=ASPECT) if not chosen.empty else None
        slides.append(
            Slide("region", slug, region, tuple(chosen.index), view, _figures(chosen), _top(chosen))
        )
    consortia = model.ds.consortia
    for cid in sorted(
        {c for cs in shown["consortia"] for c in cs}, key=lambda c: str(consortia.loc[c, "short_name"])
    ):
        chosen = shown[shown["consortia"].map(lambda cs, c=cid: c in cs)]
        view = bounds(chosen, {"lat": home["lat"], "lon": home["lon"]}, aspect=ASPECT)
        title = str(consortia.loc[cid, "short_name"] or consortia.loc[cid, "name"])
        slides.append(
            Slide("consortium", cid, title, tuple(chosen.index), view, _figures(chosen), _top(chosen))
        )
    return slides


def clamp_slide(number: int, count: int) -> int:
    """A 1-based slide number kept within the deck.

    Examples:
        >>> clamp_slide(0, 5), clamp_slide(9, 5), clamp_slide(3, 5)
        (1, 5, 3)
    """
    return max(1, min(number, max(count, 1)))
