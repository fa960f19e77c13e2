"""Slides of presentation mode and of the deck: one per region, then one per consortium.

Pure: the model and the shown partners in, a list of :class:`Slide` out. The explorer's
``/present`` page and the PowerPoint deck both step through this same list, so a slide
number means the same thing in a link and in a deck.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from dashboard.data.regions import SEED_REGIONS
from dashboard.network.headline import double_degree_partners, partner_counts
from dashboard.network.model import Model
from dashboard.network.places import bounds

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


def _figures(relations: pd.DataFrame, partners: pd.DataFrame) -> tuple[tuple[str, int], ...]:
    """Partners with an agreement first, consortium-only ones apart (:func:`partner_counts`)."""
    counts = partner_counts(relations, partners)
    double = len(double_degree_partners(relations) & set(partners.index))
    return (
        ("counts.with_agreement", counts.agreement_partners),
        ("counts.via_consortia", counts.consortium_only_partners),
        ("header.countries", int(partners["country"].nunique())),
        ("header.double_degrees", int(double)),
    )


def build_slides(
    model: Model, partner_ids: list[str], *, regions: tuple[str, ...] = (), consortia: tuple[str, ...] = ()
) -> list[Slide]:
    """World overview, the regions, then the consortia: the order of presentation and deck.

    Args:
        model: The model.
        partner_ids: The partners within the current filters, the region filter excepted
            (the world slide shows them all; each region slide its own).
        regions: Region slugs chosen in the filters: only their slides are made. By
            default, the four seed regions (always, an empty one saying so) and then
            every other region that has partners.
        consortia: Consortium ids chosen in the filters: only their slides are made. By
            default, every consortium that links a shown partner to home.

    Returns:
        The slides, in presentation order.
    """
    shown = model.partners.loc[partner_ids]
    home = model.ds.home_row
    slides = [
        Slide(
            "world",
            "world",
            str(home["name"]),
            tuple(shown.index),
            None,
            _figures(model.relations, shown),
            _top(shown),
        )
    ]
    names = dict(zip(model.ds.regions["region_slug"], model.ds.regions["region"], strict=False))
    if regions:
        chosen_regions = [names[s] for s in regions if s in names]
    else:
        others = sorted(set(shown["region"]) - set(SEED_REGIONS) - {""})
        chosen_regions = [*SEED_REGIONS, *others]
    slug_of = {name: slug for slug, name in names.items()}
    for region in chosen_regions:
        chosen = shown[shown["region"] == region]
        view = bounds(chosen, aspect=ASPECT) if not chosen.empty else None
        slides.append(
            Slide(
                "region",
                slug_of[region],
                region,
                tuple(chosen.index),
                view,
                _figures(model.relations, chosen),
                _top(chosen),
            )
        )
    table = model.ds.consortia
    linked = consortia or tuple(sorted({c for cs in shown["consortia"] for c in cs}))
    for cid in sorted(linked, key=lambda c: str(table.loc[c, "short_name"]).lower()):
        chosen = shown[shown["consortia"].map(lambda cs, c=cid: c in cs)]
        view = bounds(chosen, {"lat": home["lat"], "lon": home["lon"]}, aspect=ASPECT)
        title = str(table.loc[cid, "short_name"] or table.loc[cid, "name"])
        slides.append(
            Slide(
                "consortium",
                cid,
                title,
                tuple(chosen.index),
                view,
                _figures(model.relations, chosen),
                _top(chosen),
            )
        )
    return slides


def clamp_slide(number: int, count: int) -> int:
    """A 1-based slide number kept within the deck.

    Examples:
        >>> clamp_slide(0, 5), clamp_slide(9, 5), clamp_slide(3, 5)
        (1, 5, 3)
    """
    return max(1, min(number, max(count, 1)))
