"""The import page's callbacks: upload, apply columns, place partners, save (admins only).

Registered only when an admin can exist (:mod:`dashboard.web.auth`); :func:`register`
returns the keys of the callbacks it added, which the auth gate refuses (403) to anyone
else. Each step reads the import being prepared from disk by its token, so any worker can
answer; the token store's ``rev`` changes with every step so the page redraws.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from dash import ALL, Dash, Input, Output, State, no_update

from dashboard.data.import_apply import default_source
from dashboard.data.problems import Report
from dashboard.i18n import t
from dashboard.web import ids
from dashboard.web import import_session as session
from dashboard.web.import_layout import (
    IMPORT_PATH,
    mapping_view,
    places_view,
    problems_block,
    report_view,
    saved_view,
    status_line,
)
from dashboard.web.import_session import Staging, UploadError
from dashboard.web.language import ByLanguage

Token = dict[str, Any] | None


def _notes(report: Report, lang: str) -> list[str]:
    return [p.render(lang) for p in report.errors + report.of("warning")]


def _next(token: str, data: Token) -> dict[str, Any]:
    return {"token": token, "rev": int((data or {}).get("rev", 0)) + 1}


class ImportSteps:
    """What each callback does, for one data folder and one staging folder."""

    def __init__(self, folder: Path, staging: Staging, lang: str) -> None:
        """Import into ``folder``; keep imports being prepared in ``staging``."""
        self.folder, self.staging, self.lang = folder, staging, lang

    def _expired(self) -> list[Any]:
        return [status_line("import.status.expired", self.lang)]

    def upload(self, contents: str | None, filename: str | None, source: str | None) -> tuple[Any, Any, Any]:
        """Read the uploaded file, plan it with the detected columns, stage it: (token, status, result)."""
        try:
            name, data = session.decode_upload(contents, filename)
        except UploadError as exc:
            return no_update, [status_line(exc.key, self.lang, **exc.params)], ""
        today = dt.date.today().isoformat()
        label = (source or "").strip() or default_source(name, today)
        staged, report = session.start(name, data, self.folder, source=label, today=today)
        if staged is None:
            return (
                no_update,
                [
                    status_line("import.status.failed", self.lang, file=name),
                    problems_block(_notes(report, self.lang), self.lang),
                ],
                "",
            )
        token = self.staging.put(staged)
        plan = staged.the_plan()
        rows = len(plan.rows) if plan is not None else len(staged.the_sheet().rows)
        status = [
            status_line("import.status.read", self.lang, file=name, rows=rows),
            problems_block(_notes(report, self.lang), self.lang),
        ]
        return {"token": token, "rev": 0}, status, ""

    def show(self, data: Token) -> tuple[Any, Any, Any, bool]:
        """The columns, the report, the places to pick and whether saving is possible."""
        staged = self.staging.get((data or {}).get("token"))
        if staged is None:
            waiting = [status_line("import.waiting", self.lang)]
            return (self._expired() if data else waiting), waiting, waiting, True
        plan = staged.the_plan()
        return (
            mapping_view(staged, self.lang),
            report_view(plan, self.lang),
            places_view(plan, self.lang),
            plan is None,
        )

    def remap(
        self,
        data: Token,
        sheet: str,
        header_row: int | None,
        columns: dict[str, int | None],
        default_type: str | None,
    ) -> tuple[Any, Any]:
        """Plan again with the chosen sheet, header row and columns: (token, status)."""
        token = (data or {}).get("token") or ""
        staged = self.staging.get(token)
        if staged is None:
            return no_update, self._expired()
        row = int(header_row) if header_row else None
        new, report = session.remap(
            staged, self.folder, sheet=sheet, header_row=row, columns=columns, default_type=default_type or ""
        )
        if new is None:
            return no_update, [problems_block(_notes(report, self.lang), self.lang)]
        self.staging.put(new, token)
        return _next(token, data), [problems_block(_notes(report, self.lang), self.lang)]

    def place(
        self, data: Token, candidates: dict[str, int | None], coordinates: dict[str, tuple[str, str]]
    ) -> tuple[Any, Any]:
        """Place partners by a picked namesake or typed coordinates: (token, status)."""
        token = (data or {}).get("token") or ""
        staged = self.staging.get(token)
        if staged is None:
            return no_update, self._expired()
        chosen = {k: v for k, v in candidates.items() if v is not None}
        typed = {k: v for k, v in coordinates.items() if (v[0] or "").strip() or (v[1] or "").strip()}
        if not chosen and not typed:
            return no_update, t("import.place.nothing", self.lang)
        new, problems = session.place(staged, candidates=chosen, coordinates=typed, lang=self.lang)
        self.staging.put(new, token)
        plan = new.the_plan()
        names = {p.id: p.name for p in plan.partners} if plan else {}
        lines = [
            t("import.place.problem", self.lang, partner=names.get(k, k), problem=v)
            for k, v in problems.items()
        ]
        done = t("import.place.done", self.lang, count=len(set(chosen) | set(typed)) - len(problems))
        return _next(token, data), " ".join([done, *lines])

    def save(self, data: Token) -> tuple[Any, Any]:
        """Write the import into the data folder if the result passes the check: (result, token)."""
        token = (data or {}).get("token") or ""
        staged = self.staging.get(token)
        if staged is None:
            return self._expired(), no_update
        applied = session.save(staged, self.folder)
        if not applied.ok:
            return saved_view(applied, self.lang), no_update
        self.staging.drop(token)
        return saved_view(applied, self.lang), None


def _by_partner(values: list[Any], id_list: list[dict[str, str]]) -> dict[str, Any]:
    return {i["partner"]: v for i, v in zip(id_list, values, strict=False)}


def register(app: Dash, by_lang: ByLanguage[ImportSteps]) -> set[str]:
    """Register the import page's callbacks on ``app``; returns their keys in ``app.callback_map``."""
    before = set(app.callback_map)
    column = {"type": ids.IMPORT_COLUMN_TYPE, "field": ALL}

    def place_state(kind: str, prop: str) -> State:
        return State({"type": kind, "partner": ALL}, prop)

    @app.callback(
        Output(ids.IMPORT_TOKEN, "data"),
        Output(ids.IMPORT_STATUS, "children"),
        Output(ids.IMPORT_RESULT, "children"),
        Input(ids.IMPORT_UPLOAD, "contents"),
        State(ids.IMPORT_UPLOAD, "filename"),
        State(ids.IMPORT_SOURCE, "value"),
        State(ids.LANG, "data"),
        prevent_initial_call=True,
    )
    def upload(
        contents: str | None, filename: str | None, source: str | None, lang: str | None
    ) -> tuple[Any, Any, Any]:
        """A file was chosen: read and plan it."""
        return by_lang[lang].upload(contents, filename, source)

    @app.callback(
        Output(ids.IMPORT_MAPPING, "children"),
        Output(ids.IMPORT_REPORT, "children"),
        Output(ids.IMPORT_PLACES, "children"),
        Output(ids.IMPORT_SAVE, "disabled"),
        Input(ids.IMPORT_TOKEN, "data"),
        State(ids.LANG, "data"),
        prevent_initial_call=True,
    )
    def show(data: Token, lang: str | None) -> tuple[Any, Any, Any, bool]:
        """The import changed: show its columns, report and places."""
        return by_lang[lang].show(data)

    @app.callback(
        Output(ids.IMPORT_TOKEN, "data", allow_duplicate=True),
        Output(ids.IMPORT_STATUS, "children", allow_duplicate=True),
        Input(ids.IMPORT_REMAP, "n_clicks"),
        State(ids.IMPORT_TOKEN, "data"),
        State(ids.IMPORT_SHEET, "value"),
        State(ids.IMPORT_HEADER_ROW, "value"),
        State(column, "value"),
        State(column, "id"),
        State(ids.IMPORT_DEFAULT_TYPE, "value"),
        State(ids.LANG, "data"),
        prevent_initial_call=True,
    )
    def remap(
        n: int | None,
        data: Token,
        sheet: str,
        row: int | None,
        values: list[Any],
        col_ids: list[dict[str, str]],
        default_type: str | None,
        lang: str | None,
    ) -> tuple[Any, Any]:
        """Apply the columns as chosen."""
        if not n:
            return no_update, no_update
        columns = {i["field"]: v for i, v in zip(col_ids, values, strict=False)}
        return by_lang[lang].remap(data, sheet, row, columns, default_type)

    @app.callback(
        Output(ids.IMPORT_TOKEN, "data", allow_duplicate=True),
        Output(ids.IMPORT_PLACE_STATUS, "children"),
        Input(ids.IMPORT_PLACE, "n_clicks"),
        State(ids.IMPORT_TOKEN, "data"),
        place_state(ids.IMPORT_CANDIDATE_TYPE, "value"),
        place_state(ids.IMPORT_CANDIDATE_TYPE, "id"),
        place_state(ids.IMPORT_LAT_TYPE, "value"),
        place_state(ids.IMPORT_LAT_TYPE, "id"),
        place_state(ids.IMPORT_LON_TYPE, "value"),
        place_state(ids.IMPORT_LON_TYPE, "id"),
        State(ids.LANG, "data"),
        prevent_initial_call=True,
    )
    def place(
        n: int | None,
        data: Token,
        picked: list[Any],
        picked_ids: list[dict[str, str]],
        lats: list[Any],
        lat_ids: list[dict[str, str]],
        lons: list[Any],
        lon_ids: list[dict[str, str]],
        lang: str | None,
    ) -> tuple[Any, Any]:
        """Use the picked places and typed coordinates."""
        if not n:
            return no_update, no_update
        lat, lon = _by_partner(lats, lat_ids), _by_partner(lons, lon_ids)
        coordinates = {k: (str(lat.get(k) or ""), str(lon.get(k) or "")) for k in set(lat) | set(lon)}
        return by_lang[lang].place(data, _by_partner(picked, picked_ids), coordinates)

    @app.callback(
        Output(ids.IMPORT_RESULT, "children", allow_duplicate=True),
        Output(ids.IMPORT_TOKEN, "data", allow_duplicate=True),
        Input(ids.IMPORT_SAVE, "n_clicks"),
        State(ids.IMPORT_TOKEN, "data"),
        State(ids.LANG, "data"),
        prevent_initial_call=True,
    )
    def save(n: int | None, data: Token, lang: str | None) -> tuple[Any, Any]:
        """Save the import into the data folder."""
        if not n:
            return no_update, no_update
        return by_lang[lang].save(data)

    app.clientside_callback(
        f"""function (pathname) {{
            const path = (pathname || "").replace(/\\/+$/, "");
            return path.endsWith("{IMPORT_PATH}") ? {{display: "block"}} : {{display: "none"}};
        }}""",
        Output(ids.IMPORT_PAGE, "style"),
        Input(ids.URL, "pathname"),
    )
    return set(app.callback_map) - before
