"""What ``dataset.toml`` says about coverage: one sentence and the home's published totals.

``coverage`` is shown on every output beside the figures (explorer, slides, charts, deck,
report) so that nobody reads a sourced subset as the whole network. ``[published.<key>]``
tables hold totals the home publishes itself (">400 Erasmus+ partners"); each names the
count of the data it compares with (``measure``), so Insights can say which share of it the
data covers.
"""

from __future__ import annotations

from dataclasses import dataclass

from dashboard.data import schema
from dashboard.data.cells import is_web_url, parse_date
from dashboard.data.problems import Message, Report

# How a published figure is phrased: "more than 400", "about 160", "400".
QUALIFIERS = ("more_than", "about", "exactly")
# Counts of the data a published total can be compared with (data/README.md documents them).
# A published total is of agreements in force: each counts ``active`` agreements only.
MEASURES = {
    "agreement_partners": "partners with at least one agreement in force",
    "academic_agreement_partners": "universities, schools and research institutes with an agreement in force",
    "exchange_partners": "partners with an exchange agreement in force",
    "double_degree_partners": "partners with a double-degree agreement in force",
    "double_degree_agreements": "double-degree agreement rows in force",
}


@dataclass(frozen=True)
class PublishedTotal:
    """One total the home publishes, and the count of the data it compares with.

    Attributes:
        key: Its table name in ``dataset.toml`` (``[published.erasmus_partners]``).
        label: What it counts, in the publisher's words.
        value: The figure.
        qualifier: ``more_than``, ``about`` or ``exactly``.
        measure: A key of :data:`MEASURES`.
        regions: Region slugs the measure is limited to (empty: all).
        exclude_regions: Region slugs the measure leaves out.
        source: Public URL stating the figure.
        as_of: Date of the source (or the day it was read).
    """

    key: str
    label: str
    value: int
    qualifier: str
    measure: str
    regions: tuple[str, ...]
    exclude_regions: tuple[str, ...]
    source: str
    as_of: str


def read_coverage(settings: dict[str, object], report: Report) -> str:
    """The ``coverage`` sentence, or ``""`` (reported as a note) when absent."""
    value = settings.get("coverage", "")
    if not isinstance(value, str):
        report.say("warning", schema.SETTINGS_FILE, "problem.published.coverage_text", column="coverage")
        return ""
    if not value.strip():
        report.say("info", schema.SETTINGS_FILE, "problem.published.no_coverage", column="coverage")
    return " ".join(value.split())


# dataset.toml's texts that may be given per language (the text problem.published.text_fields names them)
TRANSLATED = ("title", "coverage")


def read_texts(settings: dict[str, object], report: Report) -> tuple[tuple[str, str, str], ...]:
    """``[text.<lang>]`` tables: ``title``, ``coverage`` and the published totals' labels
    (``[text.<lang>.published]``, by the total's name) in another language.

    Examples:
        >>> read_texts({"text": {"it": {"title": "Rete", "colour": "x", "published": {"dd": "doppi titoli"}}}}, Report())
        (('it', 'title', 'Rete'), ('it', 'published.dd', 'doppi titoli'))
    """
    tables = settings.get("text", {})
    found: list[tuple[str, str, str]] = []
    if not isinstance(tables, dict):
        report.say("warning", schema.SETTINGS_FILE, "problem.published.text_tables", column="text")
        return ()
    for lang, table in tables.items():
        if not isinstance(table, dict):
            report.say(
                "warning",
                schema.SETTINGS_FILE,
                "problem.published.text_table",
                column="text",
                language=str(lang),
            )
            continue
        for name, value in table.items():
            if (
                name == "published"
                and isinstance(value, dict)
                and all(isinstance(v, str) for v in value.values())
            ):
                found.extend(
                    (str(lang), f"published.{key}", " ".join(v.split()))
                    for key, v in value.items()
                    if v.strip()
                )
            elif name not in TRANSLATED or not isinstance(value, str):
                report.say(
                    "warning",
                    schema.SETTINGS_FILE,
                    "problem.published.text_fields",
                    column="text",
                    language=str(lang),
                    name=str(name),
                )
            elif value.strip():
                found.append((str(lang), name, " ".join(value.split())))
    return tuple(found)


def read_published(
    settings: dict[str, object], region_slugs: set[str], report: Report
) -> tuple[PublishedTotal, ...]:
    """Every valid ``[published.<key>]`` table; a bad one is a warning and left out."""
    tables = settings.get("published", {})
    if not isinstance(tables, dict):
        report.say("warning", schema.SETTINGS_FILE, "problem.published.tables")
        return ()
    out = []
    for key, table in tables.items():
        problem, total = _published(str(key), table, region_slugs)
        if problem is not None:
            report.say("warning", schema.SETTINGS_FILE, problem, column=f"published.{key}")
        elif total is not None:
            out.append(total)
    return tuple(out)


def _published(
    key: str, table: object, region_slugs: set[str]
) -> tuple[Message | None, PublishedTotal | None]:
    """The total of one ``[published.<key>]`` table, or why it is ignored (and ``None``)."""
    if not isinstance(table, dict):
        return Message.of("problem.published.not_table"), None
    value, measure = table.get("value"), table.get("measure", "")
    qualifier, source = table.get("qualifier", "exactly"), str(table.get("source", ""))
    if not isinstance(value, int) or isinstance(value, bool) or value <= 0:
        return Message.of("problem.published.value"), None
    if measure not in MEASURES:
        return Message.of("problem.published.measure", measures=", ".join(MEASURES)), None
    if qualifier not in QUALIFIERS:
        return Message.of("problem.published.qualifier", qualifiers=", ".join(QUALIFIERS)), None
    if not is_web_url(source):
        return Message.of("problem.published.source"), None
    lists = {}
    for name in ("regions", "exclude_regions"):
        slugs = table.get(name, [])
        if not isinstance(slugs, list) or not all(isinstance(s, str) for s in slugs):
            return Message.of("problem.published.slug_list", name=name), None
        if unknown := sorted(set(slugs) - region_slugs):
            return Message.of("problem.published.unknown_slugs", name=name, slugs=", ".join(unknown)), None
        lists[name] = tuple(slugs)
    try:
        as_of = parse_date(str(table.get("as_of", "")))
    except ValueError:
        return Message.of("problem.published.as_of"), None
    label = str(table.get("label", "")).strip() or key.replace("_", " ")
    total = PublishedTotal(
        key, label, value, str(qualifier), str(measure), source=source, as_of=as_of, **lists
    )
    return None, total
