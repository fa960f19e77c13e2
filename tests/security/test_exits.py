"""Data is text, everywhere (issue 16, part 2): every exit outside a Dash component, fed the hostile set.

One data folder names every partner, the home, the title and a consortium with the texts of
:data:`tests.security.payloads.HOSTILE_TEXT` (:func:`tests.helpers.write_hostile`); each test
takes that text out through one real exit (SECURITY.md lists them) and reads the result back
as its reader would: an HTML parser, a Markdown renderer, an XML parser, a spreadsheet, a
log. Whatever the text, it must come back as the same text, never as markup.
"""

from __future__ import annotations

import csv
import io
import json
import logging
import re
import zipfile
from html.parser import HTMLParser
from pathlib import Path

import pytest
from dash import Dash, Input, Output, html
from lxml import etree
from markdown_it import MarkdownIt
from openpyxl import load_workbook

from dashboard import create_app
from dashboard.cli import main
from dashboard.config import Settings
from dashboard.escape import (
    INJECTION_PREFIXES,
    XML_ILLEGAL,
    document_text,
    file_name,
    log_value,
    markdown_text,
)
from dashboard.i18n import t
from dashboard.network.model import build_model
from dashboard.network.view_state import ViewState
from dashboard.outputs.deck import deck_bytes
from dashboard.outputs.exports import export_bytes
from dashboard.web.app import callback_failed
from dashboard.web.callbacks.exports import make_download
from dashboard.web.render import ExplorerOutputs
from tests.helpers import HOSTILE_CONSORTIUM, write_hostile
from tests.security.payloads import HOSTILE_TEXT

# A NUL makes a CSV file binary, which the loader refuses as a whole; every other text loads.
TEXTS = tuple(text for text in HOSTILE_TEXT if "\x00" not in text)


def _as_read(text: str) -> str:
    """The text as the loader keeps it (cells are stripped) and XML can hold it."""
    return XML_ILLEGAL.sub("", text.strip())


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_hostile(tmp_path_factory.mktemp("hostile") / "data", TEXTS)


@pytest.fixture(scope="module")
def views(folder: Path) -> ExplorerOutputs:
    from dashboard.data.dataset import load_dataset

    return ExplorerOutputs(build_model(load_dataset(folder)), "en")


class _Tags(HTMLParser):
    """Every start tag and the text of every ``<title>`` of an HTML page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.titles: list[str] = []
        self._in_title = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self._in_title = tag == "title"
        if self._in_title:
            self.titles.append("")

    def handle_endtag(self, tag: str) -> None:
        self._in_title = self._in_title and tag != "title"

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.titles[-1] += data


def _parse(page: str) -> _Tags:
    parser = _Tags()
    parser.feed(page)
    parser.close()
    return parser


# --- the page: <title>, meta tags and Dash's index template -------------------------------------


@pytest.mark.parametrize("path", ["/", "/present"])
def test_page_title_holds_the_home_name_as_text(folder: Path, path: str) -> None:
    app = create_app(Settings(data_dir=folder, cache_off=True))
    page = app.server.test_client().get(path).get_data(as_text=True)
    parsed = _parse(page)
    home = _as_read(" ".join(TEXTS))
    assert parsed.titles == [f"{home} — {t('app.title', 'en')}"]
    # The index template is filled once: the title's "{%config%}" is not a second config.
    assert page.count('id="_dash-config"') == 1
    assert page.count('id="react-entry-point"') == 1
    assert set(parsed.tags) <= {"html", "head", "meta", "title", "link", "body", "div", "footer", "script"}
    assert "img" not in parsed.tags and "svg" not in parsed.tags


# --- the Markdown report ------------------------------------------------------------------------

_REPORT_TAGS = {"h1", "h2", "p", "ul", "li", "strong", "em", "details", "summary"}


def test_markdown_report_renders_every_name_as_text(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["report", "--format", "json", "--data", str(folder)]) == 0
    answers = json.loads(capsys.readouterr().out)["answers"]
    assert main(["report", "--format", "md", "--data", str(folder)]) == 0
    report = capsys.readouterr().out
    renderer = MarkdownIt("commonmark").enable(["table", "strikethrough"])
    rendered = renderer.render(report)
    parsed = _parse(rendered)
    assert set(parsed.tags) <= _REPORT_TAGS, rendered
    assert parsed.tags.count("h1") == 1
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", rendered))
    shown = re.sub(r"\s+", " ", _unescape(text))
    names = {i["name"] for a in answers for item in a["items"] for i in item["institutions"]}
    assert names & {_as_read(x) for x in TEXTS}, "the report names none of the hostile partners"
    for name in names:
        assert re.sub(r"\s+", " ", _as_read(name)) in shown


def _unescape(text: str) -> str:
    import html as html_module

    return html_module.unescape(text)


@pytest.mark.parametrize("text", HOSTILE_TEXT)
def test_markdown_text_reads_back_as_the_same_text(text: str) -> None:
    rendered = MarkdownIt("commonmark").enable(["table", "strikethrough"]).render(markdown_text(text))
    assert set(_parse(rendered).tags) <= {"p"}
    assert _unescape(re.sub(r"<[^>]+>", "", rendered)).strip() == " ".join(_as_read(text).split())


# --- the HTML snapshot and the SVG export -------------------------------------------------------


@pytest.mark.parametrize("view", ["map", "network"])
def test_html_snapshot_keeps_names_out_of_the_markup(views: ExplorerOutputs, view: str) -> None:
    page = export_bytes(views, ViewState(), view=view, fmt="html", date="2026-01-01").decode("utf-8")
    parsed = _parse(page)
    assert set(parsed.tags) <= {"html", "head", "meta", "title", "style", "script", "body", "div"}
    assert page.count("<script") == page.count("</script>")
    assert len(parsed.titles) == 1 and _as_read(TEXTS[-1]) in parsed.titles[0]  # the home's short name
    for text in TEXTS:
        if "<" in text:
            assert text not in page


def test_svg_export_is_well_formed_with_names_as_text(views: ExplorerOutputs) -> None:
    svg = export_bytes(views, ViewState(), view="network", fmt="svg", date="2026-01-01")
    root = etree.fromstring(svg)
    tags = {etree.QName(el).localname for el in root.iter() if isinstance(el.tag, str)}
    assert not tags & {"script", "img", "foreignObject", "x", "a", "b", "iframe"}
    ns = {"s": "http://www.w3.org/2000/svg"}
    assert root.find("s:title", ns).text.startswith(t("view.network", "en"))
    drawn = " ".join(root.itertext())
    assert _as_read(TEXTS[0]) in drawn  # the first partner's name, as typed


# --- the deck -----------------------------------------------------------------------------------


def test_deck_text_is_the_data_as_typed(views: ExplorerOutputs) -> None:
    from pptx import Presentation

    deck = Presentation(io.BytesIO(deck_bytes(views, ViewState(), date="2026-01-01")))
    texts = [  # python-pptx writes a carriage return as the escape _x000D_ and reads it back as such
        shape.text_frame.text.replace("_x000D_", "\r")
        for slide in deck.slides
        for shape in slide.shapes
        if shape.has_text_frame
    ]
    assert texts[0] == document_text(" ".join(TEXTS))  # the title slide: the data's title
    joined = "\n".join(texts)
    assert any(_as_read(text) in joined for text in TEXTS if "<" in text)


# --- spreadsheets, graph files and download names ------------------------------------------------


def test_csv_and_xlsx_cells_never_start_a_formula(views: ExplorerOutputs) -> None:
    rows = list(
        csv.reader(io.StringIO(export_bytes(views, ViewState(), view="table", fmt="csv").decode("utf-8-sig")))
    )
    book = load_workbook(io.BytesIO(export_bytes(views, ViewState(), view="table", fmt="xlsx")))
    cells = [c for row in rows for c in row]
    cells += [c.value for ws in book.worksheets for row in ws.iter_rows() for c in row if c.data_type != "n"]
    assert not [c for ws in book.worksheets for row in ws.iter_rows() for c in row if c.data_type == "f"]
    texts = [c for c in cells if isinstance(c, str)]
    assert not [c for c in texts if c.startswith(INJECTION_PREFIXES)]
    assert "'" + _as_read('=HYPERLINK("http://evil.example","x")') in texts


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_graph_files_are_well_formed_xml_with_names_as_values(views: ExplorerOutputs, fmt: str) -> None:
    content = export_bytes(views, ViewState(), view="network", fmt=fmt, date="2026-01-01")
    if content[:2] == b"PK":  # a zip with the file and its about text
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            content = next(archive.read(n) for n in archive.namelist() if n.endswith(f".{fmt}"))
    root = etree.fromstring(content)
    values = {el.text for el in root.iter() if isinstance(el.tag, str)} | {
        v for el in root.iter() if isinstance(el.tag, str) for v in el.attrib.values()
    }
    assert _as_read("</title><script>alert(2)</script>") in values


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "html"])
def test_download_names_are_plain_words(views: ExplorerOutputs, fmt: str) -> None:
    view = "map" if fmt == "html" else "table"
    data, status = make_download(views, f"?consortium={HOSTILE_CONSORTIUM}", view, fmt)
    assert status == ""
    assert re.fullmatch(r"[a-z0-9-]+\.[a-z]+", data["filename"]), data["filename"]  # type: ignore[index]
    assert "evil-con-1" in data["filename"]  # type: ignore[index]


@pytest.mark.parametrize("text", HOSTILE_TEXT)
def test_file_name_keeps_only_words(text: str) -> None:
    assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", file_name("home", text))


# --- log lines ----------------------------------------------------------------------------------

_FORGED = "FAKE log line: admin signed in"


def _lines_of(records: list[logging.LogRecord]) -> list[str]:
    """The records as a log handler writes them, traceback included."""
    formatter = logging.Formatter("%(levelname)s %(message)s")
    return [line for record in records for line in formatter.format(record).splitlines()]


def _assert_not_forged(lines: list[str]) -> None:
    assert lines, "nothing was logged"
    for line in lines:
        assert _FORGED not in line or not line.startswith("FAKE")
        assert "\x1b" not in line and "\u202e" not in line
    assert not [line for line in lines if line.startswith(_FORGED)]


def test_a_failed_request_logs_its_path_on_one_line(folder: Path, caplog: pytest.LogCaptureFixture) -> None:
    app = create_app(Settings(data_dir=folder, cache_off=True))

    def fail(rest: str) -> str:
        raise ValueError(rest)

    app.server.add_url_rule("/boom/<rest>", view_func=fail)  # [^/]+: a line break matches
    with caplog.at_level(logging.ERROR, logger="dashboard"):
        answer = app.server.test_client().get("/boom/line%0AFAKE%20log%20line:%20admin%20signed%20in%1B[31m")
    assert answer.status_code == 500
    _assert_not_forged(_lines_of(caplog.records))


@pytest.mark.parametrize("text", [x for x in HOSTILE_TEXT if any(c in x for c in "\n\r\x1b\u202e")])
def test_a_failed_callback_logs_its_message_on_one_line(text: str, caplog: pytest.LogCaptureFixture) -> None:
    app = Dash("probe", on_error=lambda exc: callback_failed(exc, lang="en"))
    app.layout = html.Div([html.Button(id="go"), html.Div(id="out"), html.Div(id="error-notice")])

    @app.callback(Output("out", "children"), Input("go", "n_clicks"))
    def explode(_: int | None) -> str:
        raise ValueError(text)

    body = {
        "output": "out.children",
        "outputs": {"id": "out", "property": "children"},
        "inputs": [{"id": "go", "property": "n_clicks", "value": 1}],
        "changedPropIds": ["go.n_clicks"],
        "state": [],
    }
    with caplog.at_level(logging.ERROR, logger="dashboard"):
        app.server.test_client().post("/_dash-update-component", json=body)
    lines = _lines_of(caplog.records)
    _assert_not_forged(lines)
    assert f"ValueError: {log_value(text, limit=2000)}" in lines  # the message is kept, escaped
