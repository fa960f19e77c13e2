"""Layout of the import page (``/import``, admins only): upload, columns, report, places, save.

:func:`import_frame` is always in the page, empty for anyone but an admin. The other
factories turn an import being prepared (:class:`~dashboard.web.import_session.Staged`) into
what the page shows. Everything from the file (names, headers, cells, reasons) is passed as
text children or drop-down labels, which Dash renders as text: no markup comes from data.
"""

from __future__ import annotations

from dash import dcc, html
from dash.development.base_component import Component

from dashboard.data.import_apply import Applied
from dashboard.data.import_report import report_of, summary
from dashboard.data.importing import ImportPlan, Partner
from dashboard.data.mapping import FIELDS, SheetNote
from dashboard.data.problems import Message
from dashboard.data.schema import AGREEMENT_TYPES
from dashboard.data.sheets import SUFFIXES, column_letter
from dashboard.i18n import t
from dashboard.web import ids
from dashboard.web.import_session import Staged
from dashboard.web.security import IMPORT_FILE_BYTES

IMPORT_PATH = "/import"
ROWS_SHOWN = 500  # rows listed one by one; the counts above always cover all of them
_OUTCOME_CLASS = {
    "imported": "ok",
    "duplicate": "muted",
    "existing": "muted",
    "refused": "bad",
    "skipped": "muted",
}


def import_link(lang: str) -> dcc.Link:
    """The header's link to the import page (shown to admins only)."""
    return dcc.Link(
        t("import.link", lang),
        id=ids.IMPORT_LINK,
        href=IMPORT_PATH,
        className="btn btn-outline-primary btn-import",
        title=t("import.link_title", lang),
    )


def import_frame(*, admin: bool, lang: str) -> html.Div:
    """Where the import page goes: hidden until the path is ``/import``; empty for non-admins."""
    return html.Div(
        import_page(lang) if admin else None,
        id=ids.IMPORT_PAGE,
        className="import-page",
        style={"display": "none"},
    )


def _section(number: int, key: str, body: list[Component | str | None], lang: str) -> html.Section:
    return html.Section([html.H2(f"{number}. {t(key, lang)}"), *body], className="import-step")


def import_page(lang: str) -> list[Component]:
    """The import page's content before any file is chosen."""
    upload = dcc.Upload(
        [
            t("import.upload.drop", lang),
            " ",
            html.Span(t("import.upload.choose", lang), className="import-choose"),
        ],
        id=ids.IMPORT_UPLOAD,
        accept=",".join(SUFFIXES),
        max_size=IMPORT_FILE_BYTES,
        multiple=False,
        className="import-drop",
    )
    source = [
        html.Label(t("import.source", lang), htmlFor=ids.IMPORT_SOURCE, className="filter-label"),
        dcc.Input(
            id=ids.IMPORT_SOURCE,
            type="text",
            value="",
            maxLength=300,
            placeholder=t("import.source_placeholder", lang),
            className="form-control",
        ),
    ]
    return [
        html.Div(
            [
                html.H1(t("import.title", lang)),
                dcc.Link(t("import.back", lang), href="/", className="btn btn-outline-secondary"),
            ],
            className="import-head",
        ),
        html.P(t("import.intro", lang, limit=IMPORT_FILE_BYTES // (1024 * 1024)), className="import-intro"),
        dcc.Store(id=ids.IMPORT_TOKEN, data=None),
        _section(
            1,
            "import.step.file",
            [*source, upload, dcc.Loading(html.Div(id=ids.IMPORT_STATUS, role="status"), type="dot")],
            lang,
        ),
        _section(2, "import.step.columns", [html.Div(_waiting(lang), id=ids.IMPORT_MAPPING)], lang),
        _section(3, "import.step.report", [html.Div(_waiting(lang), id=ids.IMPORT_REPORT)], lang),
        _section(
            4,
            "import.step.places",
            [
                html.Div(_waiting(lang), id=ids.IMPORT_PLACES),
                html.Button(
                    t("import.place.apply", lang),
                    id=ids.IMPORT_PLACE,
                    n_clicks=0,
                    className="btn btn-outline-primary",
                ),
                html.Span(id=ids.IMPORT_PLACE_STATUS, className="import-note", role="status"),
            ],
            lang,
        ),
        _section(
            5,
            "import.step.save",
            [
                html.P(t("import.save.hint", lang), className="import-note"),
                html.Button(
                    t("import.save", lang),
                    id=ids.IMPORT_SAVE,
                    n_clicks=0,
                    disabled=True,
                    className="btn btn-primary",
                ),
                dcc.Loading(html.Div(id=ids.IMPORT_RESULT, role="status"), type="dot"),
            ],
            lang,
        ),
    ]


def _waiting(lang: str) -> html.P:
    return html.P(t("import.waiting", lang), className="text-muted")


def status_line(key: str, lang: str, **params: object) -> html.P:
    """A one-line message of the page (catalog text)."""
    return html.P(t(key, lang, **params), className="import-message")


def problems_block(lines: list[str], lang: str, *, heading: str = "import.problems") -> html.Div:
    """Messages of the import core (data errors named after the file and row), as text."""
    if not lines:
        return html.Div()
    return html.Div(
        [html.Strong(t(heading, lang)), html.Ul([html.Li(line) for line in lines])],
        className="alert alert-warning import-problems",
    )


# --- 2. columns ----------------------------------------------------------------------------


def mapping_view(staged: Staged, lang: str) -> list[Component]:
    """The sheet, the header row and one drop-down per field, set to what was detected or chosen."""
    sheet = staged.the_sheet()
    headers = dict(sheet.rows).get(staged.header_row, ())
    options = [{"label": t("import.column.none", lang), "value": -1}] + [
        {"label": f"{column_letter(i)} · {h}" if h else column_letter(i), "value": i}
        for i, h in enumerate(headers)
    ]
    rows = [
        html.Tr(
            [
                html.Th(t(f"import.field.{field}", lang), scope="row"),
                html.Td(
                    dcc.Dropdown(
                        id=ids.import_column(field),
                        options=options,  # type: ignore[arg-type]
                        value=staged.columns.get(field, -1),
                        clearable=False,
                        className="import-column",
                    )
                ),
            ]
        )
        for field in FIELDS
    ]
    sheet_choice = dcc.Dropdown(
        id=ids.IMPORT_SHEET,
        options=[{"label": n, "value": n} for n in staged.sheet_names()],
        value=staged.sheet,
        clearable=False,
    )
    header_row = dcc.Input(
        id=ids.IMPORT_HEADER_ROW,
        type="number",
        min=1,
        step=1,
        value=staged.header_row or None,
        className="form-control",
    )
    default_type = dcc.Dropdown(
        id=ids.IMPORT_DEFAULT_TYPE,
        options=[{"label": t("import.default_type.none", lang), "value": ""}]
        + [{"label": t(f"type.{k}", lang), "value": k} for k in AGREEMENT_TYPES],
        value=staged.default_type,
        clearable=False,
    )
    controls = html.Div(
        [
            _labelled("import.sheet", ids.IMPORT_SHEET, sheet_choice, lang),
            _labelled("import.header_row", ids.IMPORT_HEADER_ROW, header_row, lang),
            _labelled("import.default_type", ids.IMPORT_DEFAULT_TYPE, default_type, lang),
        ],
        className="import-sheet-controls",
    )
    note_of = staged.the_sheet_note()
    said = note_of.said if isinstance(note_of, SheetNote) else note_of
    note = html.P(
        Message.of("import.sheet_note", file=staged.file, note=said).text(lang), className="import-note"
    )
    error = [html.P(staged.error_text(lang), className="alert alert-warning")] if staged.error else []
    return [
        note,
        *error,
        controls,
        html.Table(html.Tbody(rows), className="import-mapping-table"),
        html.Button(
            t("import.remap", lang), id=ids.IMPORT_REMAP, n_clicks=0, className="btn btn-outline-primary"
        ),
        html.P(t("import.remap_hint", lang), className="import-note"),
    ]


def _labelled(key: str, target: str, control: Component, lang: str) -> html.Div:
    return html.Div([html.Label(t(key, lang), htmlFor=target, className="filter-label"), control])


# --- 3. report -----------------------------------------------------------------------------


def report_view(plan: ImportPlan | None, lang: str) -> list[Component]:
    """Counts (every row accounted for), the core's warnings, then the rows one by one."""
    if plan is None:
        return [_waiting(lang)]
    counts = {
        o: sum(r.outcome == o for r in plan.rows) for o in ("imported", "duplicate", "existing", "refused")
    }
    new = [p for p in plan.partners if p.new]
    cards = [
        _count(t("import.count.imported", lang), counts["imported"], "ok"),
        _count(t("import.count.placed", lang), sum(bool(p.placed_by) for p in new), "ok"),
        _count(t("import.count.unplaced", lang), sum(not p.placed_by for p in new), "warn"),
        _count(t("import.count.refused", lang), counts["refused"], "bad"),
        _count(t("import.count.merged", lang), counts["duplicate"] + counts["existing"], "muted"),
    ]
    report = report_of(plan)
    warnings = [p.render(lang) for p in report.errors + report.of("warning")]
    lines = html.Pre("\n".join(line.text(lang) for line in summary(plan)), className="import-summary")
    return [
        html.Div(cards, className="import-counts"),
        lines,
        problems_block(warnings, lang),
        _rows_table(plan, lang),
    ]


def _count(label: str, value: int, tone: str) -> html.Div:
    return html.Div(
        [html.Div(str(value), className="stat-value"), html.Div(label, className="stat-label")],
        className=f"stat-card import-count import-{tone}",
    )


def _rows_table(plan: ImportPlan, lang: str) -> html.Details:
    names = {p.id: p.name for p in plan.partners}
    ordered = sorted(plan.rows, key=lambda r: (r.outcome != "refused", r.row))  # refused first
    body = [
        html.Tr(
            [
                html.Td(str(r.row)),
                html.Td(
                    t(f"import.outcome.{r.outcome}", lang), className=f"import-{_OUTCOME_CLASS[r.outcome]}"
                ),
                html.Td(names.get(r.partner, "")),
                html.Td(r.reason_text(lang)),
            ]
        )
        for r in ordered[:ROWS_SHOWN]
    ]
    head = html.Tr(
        [html.Th(t(f"import.rows.{k}", lang), scope="col") for k in ("row", "outcome", "partner", "reason")]
    )
    more = (
        [html.P(t("import.rows.more", lang, shown=ROWS_SHOWN, total=len(ordered)), className="import-note")]
        if len(ordered) > ROWS_SHOWN
        else []
    )
    return html.Details(
        [
            html.Summary(t("import.rows.summary", lang, n=len(plan.rows))),
            html.Table([html.Thead(head), html.Tbody(body)], className="import-rows"),
            *more,
        ],
        open=any(r.outcome == "refused" for r in plan.rows),
        className="import-rows-block",
    )


# --- 4. places -----------------------------------------------------------------------------


def places_view(plan: ImportPlan | None, lang: str) -> list[Component]:
    """A line per new partner to place: not placed (with why), or placed among namesakes."""
    if plan is None:
        return [_waiting(lang)]
    todo = [p for p in plan.partners if p.new and (not p.placed_by or len(p.candidates) > 1)]
    if not todo:
        return [html.P(t("import.place.none", lang), className="text-muted")]
    head = html.Tr(
        [
            html.Th(t(f"import.place.{k}", lang), scope="col")
            for k in ("partner", "now", "candidate", "lat", "lon")
        ]
    )
    return [
        html.Table(
            [html.Thead(head), html.Tbody([_place_row(p, lang) for p in todo])], className="import-places"
        )
    ]


def _place_row(partner: Partner, lang: str) -> html.Tr:
    where = ", ".join(x for x in (partner.city, partner.country) if x)
    if partner.placed_by:
        now = t("import.place.placed", lang, how=t(f"import.placed_by.{partner.placed_by}", lang))
    else:
        now = Message.of("import.place.unplaced", reason=partner.reason_said or partner.reason).text(lang)
    rows = ", ".join(str(r) for r in partner.rows[:10])
    candidates = [{"label": _candidate_label(c, lang), "value": i} for i, c in enumerate(partner.candidates)]
    warning = "; ".join(m.text(lang) for m in partner.warning_said) or partner.warning
    picker = (
        dcc.Dropdown(
            id=ids.import_place(ids.IMPORT_CANDIDATE_TYPE, partner.id),
            options=candidates,  # type: ignore[arg-type]
            value=None,
            placeholder=t("import.place.pick", lang),
            className="import-candidate",
        )
        if candidates
        else html.Span(t("import.place.no_candidates", lang), className="text-muted")
    )
    return html.Tr(
        [
            html.Td(
                [
                    html.Strong(partner.name),
                    html.Br(),
                    html.Span(where),
                    html.Br(),
                    html.Span(
                        t("import.place.rows", lang, rows=rows, count=len(partner.rows)),
                        className="import-note",
                    ),
                ]
            ),
            html.Td([now, html.Br(), html.Span(warning, className="import-note")] if warning else now),
            html.Td(picker),
            html.Td(_coordinate(ids.IMPORT_LAT_TYPE, partner, "45.4781", lang)),
            html.Td(_coordinate(ids.IMPORT_LON_TYPE, partner, "9.2273", lang)),
        ]
    )


def _candidate_label(candidate: dict[str, object], lang: str) -> str:
    """A namesake as the drop-down names it, in ``lang`` (English in a plan stored without it)."""
    said = candidate.get("said")
    return Message.from_json(said).text(lang) if isinstance(said, dict) else str(candidate.get("label", ""))


def _coordinate(kind: str, partner: Partner, example: str, lang: str) -> html.Label:
    label = "import.place.lat" if kind == ids.IMPORT_LAT_TYPE else "import.place.lon"
    field = dcc.Input(
        id=ids.import_place(kind, partner.id),
        type="text",
        value="",
        placeholder=example,
        className="form-control import-coordinate",
    )
    # The label wraps its input (pattern-matching ids cannot be named by htmlFor).
    return html.Label([html.Span(f"{t(label, lang)}: {partner.name}", className="visually-hidden"), field])


# --- 5. save -------------------------------------------------------------------------------


def saved_view(applied: Applied, lang: str) -> list[Component]:
    """What saving did: files written and the kept version, or why nothing was written."""
    if not applied.ok:
        errors = [p.render(lang) for p in applied.report.errors]
        return [
            status_line("import.save.refused", lang),
            problems_block(errors, lang, heading="import.save.errors"),
        ]
    done = t("import.save.done", lang, files=", ".join(applied.written))
    shown: list[Component] = [html.P(done, className="alert alert-success")]
    if applied.version is not None:
        version = t("import.save.version", lang, version=applied.version.id)
        shown.append(html.P(version, className="import-note"))
    # A full page load (not a client-side link): the explorer's filters are built with the page.
    shown.append(html.A(t("import.save.view", lang), href="/", className="btn btn-primary"))
    return shown
