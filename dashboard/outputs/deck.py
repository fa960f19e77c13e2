"""A PowerPoint deck of the network for a meeting (python-pptx, default template only).

Slides: a title slide; a world overview; one slide per region with partners (seed regions
first: Europe, Eastern Europe, North America, Southeast Asia, then the others); one slide
per consortium shared with home. Each content slide has the map fitted to its partners,
four headline figures and the strongest partners by tie strength; the speaker notes list
the source URL and as-of date of every relation on the slide.

Only standard layouts and placeholders of python-pptx's default template are used, and
every picture gets its size on the slide, so PowerPoint and LibreOffice open the file
without a repair prompt.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import pandas as pd
import plotly.graph_objects as go
from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.util import Emu, Inches, Pt

from dashboard.data.files import write_atomic
from dashboard.data.regions import SEED_REGIONS
from dashboard.escape import document_text
from dashboard.figures.map_labels import Canvas
from dashboard.figures.maps import fit_paper_resolution
from dashboard.i18n import country_name, format_date, format_number, term
from dashboard.network.headline import describe, describe_ties, headline, tie_parts
from dashboard.network.slides import build_slides
from dashboard.network.view_state import ViewState
from dashboard.outputs.alt_text import image_alt, set_picture_alt
from dashboard.outputs.cells import source_line
from dashboard.outputs.exports import (
    Views,
    date_today,
    describe_filters,
    prepare_images,
    render_images,
    sources_frame,
)
from dashboard.outputs.renderer import Progress, quiet

SLIDE_SIZE = (Emu(12192000), Emu(6858000))  # 13.333 in x 7.5 in: 16:9
MAP_SIZE = (1300, 860)  # px of a slide's map before the 2x scale
MAP_FONT = 20  # px of the map's names and legend, as on the presentation's slides
TOP_PARTNERS = 8
LAYOUT_TITLE, LAYOUT_TITLE_ONLY = 0, 5  # indices in the default template
_GREY = RGBColor(0x55, 0x55, 0x55)


@dataclass(frozen=True)
class SlidePlan:
    """One content slide: its title and the view state whose partners it shows."""

    title: str
    state: ViewState
    notes_extra: tuple[str, ...] = ()


def plan_slides(views: Views, state: ViewState) -> list[SlidePlan]:
    """The content slides, in the order of presentation mode (:func:`build_slides`), without
    the regions the filters leave empty (presentation mode shows them, saying so; the deck names
    them in the world slide's notes instead). A seed region with no partner in the data at all
    keeps its slide, honestly empty, as in presentation mode.

    Args:
        views: The explorer's views.
        state: Filters for the whole deck (regions or consortia named here limit the
            region or consortium slides to those; the world slide shows every region).

    Returns:
        The plans, in slide order (the title slide excluded).
    """
    model = views.model
    everywhere = views.shown(replace(state, regions=()))
    slides = build_slides(model, list(everywhere.index), regions=state.regions, consortia=state.consortia)
    in_data = set(model.partners["region"])
    notes = []
    if thin := [r for r in SEED_REGIONS if r not in in_data]:
        notes.append(
            views.tr("export.deck.notes_thin", regions=", ".join(term("region", r, views.lang) for r in thin))
        )
    if empty := [s.title for s in slides if s.kind == "region" and not s.partner_ids and s.title in in_data]:
        named = ", ".join(term("region", r, views.lang) for r in empty)
        notes.append(views.tr("export.deck.notes_filtered", regions=named))
    plans = []
    for slide in slides:
        if slide.kind == "world":
            plans.append(SlidePlan(views.tr("export.deck.world"), replace(state, regions=()), tuple(notes)))
        elif slide.kind == "region":
            if not slide.partner_ids and slide.title in in_data:
                continue  # emptied by the filters: the world slide's notes name it
            plans.append(
                SlidePlan(term("region", slide.title, views.lang), replace(state, regions=(slide.key,)))
            )
        else:
            title = views.tr("export.deck.consortium", name=slide.title)
            plans.append(SlidePlan(title, replace(state, regions=(), consortia=(slide.key,))))
    return plans


def _slide_map(views: Views, state: ViewState) -> go.Figure:
    # Every partner, co-members included, as on the presentation's slides: a consortium's
    # slide shows its members; the figures beside the map count both kinds apart.
    fig = views.map_view(
        replace(state, comembers=True),
        color_by="type",
        choropleth=False,
        focus="",
        canvas=Canvas(MAP_SIZE, (0, 0, 0, 0)),
        font_size=MAP_FONT,
    )
    out = go.Figure(fig)  # type: ignore[arg-type]
    # The map's own margins hold its legend strip, where its names were placed around.
    out.update_layout(width=MAP_SIZE[0], height=MAP_SIZE[1], paper_bgcolor="#FFFFFF", showlegend=True)
    return fit_paper_resolution(out)


def _place(shape: Any, left: float, top: float, width: float, height: float) -> None:
    """Give a placeholder its own position (the template's is for 4:3 slides)."""
    shape.left, shape.top = Inches(left), Inches(top)
    shape.width, shape.height = Inches(width), Inches(height)


def _textbox(
    slide: Any,
    box: tuple[float, float, float, float],
    lines: list[tuple[str, int, bool]],
    *,
    colour: RGBColor | None = None,
) -> None:
    """A text box of paragraphs ``(text, size in pt, bold)``."""
    shape = slide.shapes.add_textbox(*(Inches(v) for v in box))
    frame = shape.text_frame
    frame.word_wrap = True
    for index, (text, size, bold) in enumerate(lines):
        paragraph = frame.paragraphs[0] if index == 0 else frame.add_paragraph()
        run = paragraph.add_run()
        run.text = document_text(text)
        run.font.size = Pt(size)
        run.font.bold = bold
        if colour is not None:
            run.font.color.rgb = colour


def _facts(views: Views, partners: pd.DataFrame) -> list[tuple[str, int, bool]]:
    figures = headline(views.model.ds, views.model.relations, list(partners.index))
    lines: list[tuple[str, int, bool]] = []
    for key, value in (
        ("counts.with_agreement", figures.counts.agreement_partners),
        ("counts.via_consortia", figures.counts.consortium_only_partners),
        ("header.countries", figures.countries),
        ("header.double_degrees", figures.double_degrees),
    ):
        lines.append((f"{format_number(value, views.lang)}  {views.tr(key, count=value)}", 20, True))
    lines.append((describe(figures.counts, views.tr, key="counts.agreements_line"), 11, False))
    lines.append((describe(figures.counts, views.tr, key="counts.kinds_line"), 11, False))
    lines.append(("", 8, False))
    lines.append((views.tr("export.deck.top_partners"), 14, True))
    top = partners.sort_values(["strength", "short_name"], ascending=[False, True]).head(TOP_PARTNERS)
    for rec in top.itertuples():
        ties = describe_ties(tie_parts(partners, str(rec.Index)), views.tr)
        country = country_name(rec.country, views.lang, rec.country_name)
        line = views.tr("export.deck.partner_ties", name=rec.short_name, country=country, ties=ties)
        lines.append((line, 12, False))
    if partners.empty:
        lines.append((views.tr("export.deck.no_partner"), 12, False))
    return lines


def _notes(views: Views, partners: pd.DataFrame, extra: tuple[str, ...]) -> str:
    ds = views.model.ds
    sources = sources_frame(views.model, list(partners.index))
    pairs = list(dict.fromkeys(zip(sources["source"], sources["as_of"], strict=True)))
    lines = [
        views.tr(
            "export.deck.notes_data",
            title=ds.text("title", views.lang),
            as_of=format_date(ds.as_of, views.lang),
        ),
        *extra,
        "",
    ]
    lines.append(views.tr("export.deck.notes_sources", count=len(pairs)))
    lines += [
        views.tr("export.deck.notes_source_line", url=url, as_of=format_date(as_of, views.lang))
        for url, as_of in pairs
    ]
    return document_text("\n".join(lines))


@dataclass(frozen=True)
class _SlideTexts:
    """What a map slide says: its map's alternative text, the facts beside it, its notes."""

    alt: str
    facts: list[tuple[str, int, bool]]
    notes: str


def _slide_texts(views: Views, plan: SlidePlan) -> _SlideTexts:
    partners = views.shown(plan.state)
    return _SlideTexts(
        image_alt(plan.title, partners, lang=views.lang),
        _facts(views, partners),
        _notes(views, partners, plan.notes_extra),
    )


def deck_bytes(
    views: Views, state: ViewState, *, date: str | None = None, progress: Progress | None = None
) -> bytes:
    """The deck as ``.pptx`` bytes (for a file or a ``dcc.Download``).

    Args:
        views: The explorer's views (model and language).
        state: Filters for the whole deck.
        date: Export date shown on the slides (default: today).
        progress: Called with (steps done, steps): one per slide map, one for the file.

    Returns:
        The file's bytes.

    Raises:
        ExportError: If the map images cannot be rendered (kaleido/Chromium).
    """
    prepare_images()  # Chromium starts while the slides are planned and their maps built
    day = date or date_today()
    model = views.model
    plans = plan_slides(views, state)
    report = progress or quiet
    steps = len(plans) + 1
    figures = [_slide_map(views, p.state) for p in plans]
    # What each slide says, worked out while Chromium starts (its images come after).
    texts = [_slide_texts(views, plan) for plan in plans]
    images = render_images(figures, "png", scale=2, progress=lambda done, _: report(done, steps))
    prs = Presentation()
    prs.slide_width, prs.slide_height = SLIDE_SIZE
    footer = views.tr(
        "export.footer", source_line=source_line(model, lang=views.lang), date=format_date(day, views.lang)
    )

    slide = prs.slides.add_slide(prs.slide_layouts[LAYOUT_TITLE])
    slide.shapes.title.text = document_text(model.ds.text("title", views.lang))
    _place(slide.shapes.title, 0.8, 2.0, 11.7, 1.6)
    filters = describe_filters(views, state)
    subtitle = slide.placeholders[1]
    subtitle.text = document_text(
        views.tr(
            "export.deck.subtitle",
            filters=f"{filters}\n" if filters else "",
            as_of=format_date(model.ds.as_of, views.lang),
            date=format_date(day, views.lang),
        )
    )
    _place(subtitle, 0.8, 3.8, 11.7, 1.6)
    slide.notes_slide.notes_text_frame.text = _notes(views, views.shown(state), ())

    for plan, text, image in zip(plans, texts, images, strict=True):
        slide = prs.slides.add_slide(prs.slide_layouts[LAYOUT_TITLE_ONLY])
        slide.shapes.title.text = document_text(plan.title)
        _place(slide.shapes.title, 0.4, 0.2, 12.5, 0.9)
        width = 8.6
        height = width * MAP_SIZE[1] / MAP_SIZE[0]
        picture = slide.shapes.add_picture(
            io.BytesIO(image), Inches(0.4), Inches(1.2), Inches(width), Inches(height)
        )
        set_picture_alt(picture, text.alt)
        _textbox(slide, (9.2, 1.2, 3.8, 5.6), text.facts)
        _textbox(slide, (0.4, 7.0, 12.5, 0.4), [(footer, 9, False)], colour=_GREY)
        slide.notes_slide.notes_text_frame.text = text.notes
    out = io.BytesIO()
    prs.save(out)
    report(steps, steps)
    return out.getvalue()


def build_deck(views: Views, state: ViewState, path: Path, *, date: str | None = None) -> Path:
    """Write the deck to ``path`` atomically (see :func:`deck_bytes`); returns ``path``."""
    content = deck_bytes(views, state, date=date)
    return write_atomic(Path(path), lambda tmp: tmp.write_bytes(content))
