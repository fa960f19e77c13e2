"""Plain-sentence answers about the network, for the Insights view and ``report``.

``insights(model, partner_ids, lang=…)`` returns an :class:`Insights` object: one
:class:`Answer` per question, each with sentences, items (rows that name institutions, so
a view can make each one clickable) and the numbers behind them. ``to_markdown`` and
``to_json`` render the same object for documents and decks.
"""

from __future__ import annotations

import heapq
import json
from dataclasses import asdict, dataclass, field
from typing import Any

from dashboard.data.schema import ACADEMIC_KINDS, AGREEMENT_TYPES
from dashboard.escape import markdown_text
from dashboard.i18n import country_name, format_date, format_number, t, term
from dashboard.network import consortia, coverage, metrics, timeline
from dashboard.network.counted import published_shares
from dashboard.network.graph import Filters, partner_node
from dashboard.network.groups import group_names
from dashboard.network.headline import Headline, describe, headline
from dashboard.network.model import Model

TOP = 5


@dataclass(frozen=True)
class Precomputed:
    """What does not depend on the filters: computed once per model.

    Attributes:
        centrality: node -> degree, betweenness, eigenvector (:func:`metrics.centralities`).
        communities: :func:`metrics.communities` of the whole network.
        eche: ECHE holders per country, or ``None`` (:func:`coverage.load_eche_counts`).
    """

    centrality: dict[str, dict[str, float]]
    communities: list[list[str]]
    eche: dict[str, int] | None


def precompute(model: Model) -> Precomputed:
    """Compute the filter-independent metrics of a model (call once, at start-up)."""
    return Precomputed(
        centrality=model.centrality,
        communities=model.groups,
        eche=coverage.load_eche_counts(model.ds.data_dir),
    )


@dataclass
class Answer:
    """One question and its answer.

    Attributes:
        key: Stable id (``scope``, ``matter``, ``ties``, ``overlap``, ``brokers``,
            ``thin``, ``growth``, ``communities``, ``path``).
        question: The question, as a heading.
        sentences: The answer in plain sentences.
        items: Rows ``{"lead", "institutions": [{"id", "name"}], "detail"}``.
        data: The numbers behind the answer (plain JSON types).
        how: How it is computed (the measures and their scores), for who asks: the
            sentences stay in plain words.
        sources: Where outside data in the answer comes from (shown in the sources note).
    """

    key: str
    question: str
    sentences: list[str] = field(default_factory=list)
    items: list[dict[str, Any]] = field(default_factory=list)
    data: dict[str, Any] = field(default_factory=dict)
    how: list[str] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)


@dataclass
class Insights:
    """Every answer for one set of filters; ``sources`` are the data attributions, shown last."""

    title: str
    notes: list[str]
    answers: list[Answer]
    sources: list[str] = field(default_factory=list)
    counts: dict[str, Any] = field(default_factory=dict)
    lang: str = "en"


class _Ctx:
    """Look-ups shared by the answer builders (one per call)."""

    def __init__(self, model: Model, partner_ids: list[str], lang: str, pre: Precomputed) -> None:
        self.model, self.lang, self.pre = model, lang, pre
        self.ids = [p for p in partner_ids if p in model.partners.index]
        self.rows = model.partners.loc[self.ids]
        home = model.ds.home_row
        self.home = str(home["short_name"] or home["name"])
        self.country = str(home["country"])
        self.country_name = country_name(self.country, lang, home["country_name"])
        academic = self.rows["kind"].isin(ACADEMIC_KINDS)
        self.intl = list(self.rows[academic & (self.rows["country"] != self.country)].index)
        self.ranked = self.intl or self.ids
        self.cons = model.ds.consortia["short_name"].to_dict()
        # plain dicts for the sort keys: a pandas look-up per comparison took seconds at 8k partners
        self._name = self.rows["name"].astype(str).to_dict()
        self._strength = self.rows["strength"].astype(int).to_dict()

    def tr(self, key: str, **values: object) -> str:
        return t(key, self.lang, **values)

    def inst(self, iid: str) -> dict[str, object]:
        return {"id": iid, "name": str(self.model.ds.institutions.loc[iid, "short_name"] or iid)}

    def names(self, ids: list[str]) -> str:
        names = [str(self.inst(i)["name"]) for i in ids]
        if len(names) < 2:
            return "".join(names) or "—"
        return self.tr("insights.and").join(names[:-1]) + self.tr("insights.and_last") + names[-1]

    def score(self, iid: str, key: str) -> float:
        return self.pre.centrality.get(partner_node(self.model.G, iid), {}).get(key, 0.0)

    def top(self, key: str, ids: list[str] | None = None, *, n: int = TOP) -> list[str]:
        pool = self.ranked if ids is None else ids
        if key == "strength":
            return heapq.nsmallest(n, pool, key=lambda i: (-self._strength[i], self._name[i]))
        return heapq.nsmallest(n, pool, key=lambda i: (-self.score(i, key), self._name[i]))


def _scope(c: _Ctx, figures: Headline) -> Answer:
    rows = c.rows
    academic = rows["kind"].isin(ACADEMIC_KINDS)
    non = rows[~academic]
    values = {
        "partners": len(rows),
        "total": len(c.model.partners),
        "intl": len(c.intl),
        "countries": int(rows.loc[c.intl, "country"].nunique()),
        "domestic": int((academic & (rows["country"] == c.country)).sum()),
        "nonacademic": len(non),
        "nonacademic_home": int((non["country"] == c.country).sum()),
    }
    regions = [
        describe(part, c.tr, key="counts.region", region=term("region", region, c.lang))
        for region, part in figures.by_region.items()
        if part.partners
    ]
    shares = published_shares(c.model, c.lang)
    sentences = [
        describe(figures.counts, c.tr),
        c.tr("insights.scope.partners", home=c.home, **values),
        _groups(c, values),
        c.tr("insights.scope.regions", regions="; ".join(regions) or "—"),
        *[_published_sentence(c, share) for share in shares],
    ]
    if note := c.model.ds.text("coverage", c.lang):
        sentences.append(note)
    how = [
        c.tr("insights.scope.rankings", count=len(c.intl))
        if c.intl
        else c.tr("insights.scope.rankings_all", count=len(c.ids))
    ]
    data = {
        **values,
        "counts": figures.counts.as_dict(),
        "by_region": {r: part.as_dict() for r, part in figures.by_region.items() if part.partners},
        "published": shares,
        "coverage": c.model.ds.coverage,
    }
    return Answer("scope", c.tr("insights.scope.question"), sentences, [], data, how)


def _groups(c: _Ctx, values: dict[str, int]) -> str:
    country = c.country_name
    return c.tr(
        "insights.scope.groups",
        intl=c.tr("insights.scope.intl", count=values["intl"], country=country),
        countries=c.tr("insights.count.countries", count=values["countries"]),
        domestic=c.tr("insights.scope.domestic", count=values["domestic"], country=country),
        nonacademic=c.tr("insights.scope.nonacademic", count=values["nonacademic"]),
        nonacademic_home=values["nonacademic_home"],
        country=country,
    )


def _published_sentence(c: _Ctx, share: dict[str, Any]) -> str:
    """ "Erasmus+ partners: PoliMi publishes more than 400 (…); the data holds 13 universities, schools
    and research institutes in Europe and Eastern Europe with an agreement in force: at most 3.3 %"."""
    quantity = c.tr(f"published.{share['qualifier']}", value=share["value"])
    names = dict(zip(c.model.ds.regions["region_slug"], c.model.ds.regions["region"], strict=False))
    where = ""
    for key in ("regions", "exclude_regions"):
        if share[key]:
            listed = [term("region", names.get(slug, slug), c.lang) for slug in share[key]]
            joined = c.tr("insights.and").join(listed[:-1]) + c.tr("insights.and_last") + listed[-1]
            where = c.tr(f"published.scope.{key}", regions=joined if len(listed) > 1 else listed[0])
    what = c.tr(f"published.measure.{share['measure']}", count=share["counted"], where=where)
    pct = share["share_at_most_pct"] if share["qualifier"] == "more_than" else share["share_pct"]
    return c.tr(
        "insights.scope.published_share",
        home=c.home,
        quantity=quantity,
        what=what,
        share=c.tr(f"published.share.{share['qualifier']}", pct=pct),
        label=str(share["label"])[:1].upper() + str(share["label"])[1:],
        source=share["source"],
        as_of=format_date(share["as_of"], c.lang),
        counted=share["counted"],
    )


def _matter(c: _Ctx) -> Answer:
    tops = {key: c.top(key) for key in ("eigenvector", "betweenness", "strength")}
    first, rest = tops["eigenvector"][:1], tops["eigenvector"][1:]
    sentences = [
        c.tr("insights.matter.eigenvector", name=c.names(first), names=c.names(rest))
        if rest
        else c.tr("insights.matter.eigenvector_one", name=c.names(first)),
        c.tr(
            "insights.matter.betweenness", names=c.names(tops["betweenness"]), count=len(tops["betweenness"])
        ),
        c.tr("insights.matter.strength", home=c.home, names=c.names(tops["strength"])),
    ]
    ranked = set(c.ranked)
    others = [p for p in c.ids if p not in ranked]
    if others:
        best = c.top("eigenvector", others)[0]
        kind, code, country = c.rows.loc[best, ["kind", "country", "country_name"]]
        country = country_name(code, c.lang, country)
        name = c.inst(best)["name"]
        kind = term("kind", kind, c.lang)
        sentences.append(c.tr("insights.matter.outside", name=name, kind=kind, country=country))
    named = list(dict.fromkeys(tops["eigenvector"] + tops["betweenness"] + tops["strength"]))
    items = []
    for iid in named:
        detail = c.tr(
            "insights.matter.detail",
            country=c.rows.loc[iid, "country"],
            count=int(c.rows.loc[iid, "strength"]),
        )
        items.append({"lead": "", "institutions": [c.inst(iid)], "detail": detail})
    scores = "; ".join(
        c.tr(
            "insights.matter.score",
            name=c.inst(i)["name"],
            eigenvector=c.score(i, "eigenvector"),
            betweenness=c.score(i, "betweenness"),
        )
        for i in named
    )
    how = [c.tr("insights.matter.method"), c.tr("insights.matter.scores", scores=scores or "—")]
    scores_of = {i: dict(c.pre.centrality.get(partner_node(c.model.G, i), {})) for i in named}
    data = {"top": dict(tops), "scores": scores_of}
    return Answer("matter", c.tr("insights.matter.question"), sentences, items, data, how)


def _ties(c: _Ctx) -> Answer:
    strong = [i for i in c.ranked if c.rows.loc[i, "strength"] >= 2]
    items = []
    for iid in c.top("strength", strong, n=2 * TOP):
        rec = c.rows.loc[iid]
        kinds = [c.tr(f"type.{k}") for k in rec["types"] if k != "consortium"]
        if rec["consortia"]:
            kinds.append(c.tr("insights.ties.consortia", count=len(rec["consortia"])))
        detail = c.tr(
            "insights.ties.detail",
            country=rec["country"],
            count=int(rec["strength"]),
            kinds=", ".join(kinds),
        )
        items.append({"lead": "", "institutions": [c.inst(iid)], "detail": detail})
    sentences = [c.tr("insights.ties.summary", count=len(strong), home=c.home)]
    return Answer("ties", c.tr("insights.ties.question"), sentences, items, {"strong": len(strong)})


def _overlap(c: _Ctx) -> Answer:
    matrix, common = consortia.overlap_matrix(c.model, c.ids)
    pairs = sorted(common.items(), key=lambda kv: (-len(kv[1]), kv[0]))
    shared = consortia.shared_partners(c.model, c.ids)
    sentences = [
        c.tr(
            "insights.overlap.summary",
            pairs=c.tr("insights.overlap.pairs", count=len(pairs), home=c.home),
            home=c.home,
            shared=c.tr("insights.overlap.shared", count=len(shared)),
        )
    ]
    if pairs:
        (a, b), members = pairs[0]
        sentences.append(c.tr("insights.overlap.top", a=c.cons[a], b=c.cons[b], count=len(members)))
    items = [
        {
            "lead": c.tr("insights.overlap.pair", a=c.cons[a], b=c.cons[b], count=len(members)),
            "institutions": [c.inst(i) for i in members],
            "detail": "",
        }
        for (a, b), members in pairs[: 2 * TOP]
    ]
    data = {
        "consortia": list(matrix.index),
        "matrix": [[int(x) for x in row] for row in matrix.to_numpy()],
        "pairs": [{"a": a, "b": b, "members": m} for (a, b), m in pairs],
        "shared_partners": shared,
    }
    return Answer("overlap", c.tr("insights.overlap.question"), sentences, items, data)


def _brokers(c: _Ctx) -> Answer:
    ranked = consortia.brokers(c.model, c.ranked, limit=2 * TOP)
    sentences = []
    if ranked:
        best = [r for r in ranked if r["count"] == ranked[0]["count"]]
        key = "insights.brokers.summary" if len(best) == 1 else "insights.brokers.tied"
        ids = [str(r["id"]) for r in best]
        sentences.append(
            c.tr(key, name=c.names(ids), names=c.names(ids), count=ranked[0]["count"], home=c.home)
        )
    else:
        sentences.append(c.tr("insights.none"))
    items = [
        {
            "lead": "",
            "institutions": [c.inst(str(r["id"]))],
            "detail": c.tr(
                "insights.brokers.detail",
                count=r["count"],
                consortia=", ".join(c.cons[x] for x in r["consortia"]),  # type: ignore[attr-defined]
            ),
        }
        for r in ranked
    ]
    return Answer("brokers", c.tr("insights.brokers.question"), sentences, items, {"brokers": ranked})


def _place(c: _Ctx, row: dict[str, object], name_key: str) -> str:
    return c.tr(
        "insights.thin.place",
        name=country_name(row["country"], c.lang, row[name_key])
        if name_key == "country_name"
        else row[name_key],
        partners=row["partners"],
        holders=row["eche_holders"],
        share=row["share_pct"],
    )


def _region_countries(c: _Ctx, names: list[str]) -> str:
    return (
        ", ".join(sorted(names))
        if len(names) <= 3
        else c.tr("insights.thin.region_countries", count=len(names))
    )


def _region_place(c: _Ctx, row: dict[str, object], rows: list[dict[str, object]]) -> str:
    return c.tr(
        "insights.thin.region_place",
        name=term("region", row["region"], c.lang),
        countries=_region_countries(
            c,
            [
                country_name(r["country"], c.lang, r["country_name"])
                for r in rows
                if r["region"] == row["region"]
            ],
        ),
        partners=row["partners"],
        holders=row["eche_holders"],
        share=row["share_pct"],
    )


def _thin(c: _Ctx, filters: Filters | None) -> Answer:
    question = c.tr("insights.thin.question")
    if c.pre.eche is None:
        return Answer("thin", question, [c.tr("insights.thin.none")])
    scope = None
    if filters and (filters.regions or filters.countries):
        regions = c.model.ds.regions
        scope = set(regions.index[regions["region_slug"].isin(filters.regions)]) | set(filters.countries)
    rows = coverage.country_coverage(c.model, c.ids, c.pre.eche, countries=scope)
    by_region = coverage.region_coverage(rows)
    thin = coverage.thinnest([r for r in rows if r["partners"]], min_holders=coverage.MIN_HOLDERS)
    empty = sorted((r for r in rows if r["partners"] == 0), key=lambda r: -int(r["eche_holders"]))  # type: ignore[call-overload]
    sentences: list[str] = []
    if thin:
        places = "; ".join(_place(c, r, "country_name") for r in thin)
        sentences.append(c.tr("insights.thin.countries", min=coverage.MIN_HOLDERS, places=places))
    if by_region:
        sentences.append(
            c.tr("insights.thin.regions", places="; ".join(_region_place(c, r, rows) for r in by_region))
        )
    if empty:
        names = c.tr("insights.and").join(
            f"{country_name(r['country'], c.lang, r['country_name'])} ({format_number(r['eche_holders'], c.lang)})"
            for r in empty[:TOP]
        )
        sentences.append(c.tr("insights.thin.empty", count=len(empty), places=names))
    how = [c.tr("insights.thin.denominator", country=c.country_name)]
    data = {"countries": rows, "regions": by_region}
    return Answer(
        "thin", question, sentences or [c.tr("insights.none")], [], data, how, [c.tr("insights.thin.source")]
    )


def _consortium_only(c: _Ctx) -> int:
    undated = c.rows[c.rows["first_year"].isna()]
    return int(sum(1 for types in undated["types"] if set(types) == {"consortium"}))


def _growth(c: _Ctx) -> Answer:
    decades = timeline.by_decade(c.model, c.ids)
    undated = decades.pop("undated")
    text = c.tr("insights.and").join(f"{d} {n}" for d, n in decades.items()) or "—"
    sentences = [
        c.tr("insights.growth.decades", decades=text, home=c.home),
        c.tr("insights.growth.undated", count=undated, total=len(c.ids), consortium_only=_consortium_only(c)),
    ]
    first = timeline.first_years(c.model, c.ranked)
    oldest = heapq.nsmallest(TOP, ((y, c._name[i], i) for i, y in first.items() if y is not None))
    items = [
        {"lead": "", "institutions": [c.inst(i)], "detail": c.tr("insights.growth.detail", year=y)}
        for y, _, i in oldest
    ]
    if items:
        sentences.append(c.tr("insights.growth.first"))
    data = {"by_decade": decades, "undated": undated, "by_region": timeline.growth_by_region(c.model, c.ids)}
    return Answer("growth", c.tr("insights.growth.question"), sentences, items, data)


def _communities(c: _Ctx) -> Answer:
    shown = {partner_node(c.model.G, p): p for p in c.ids}  # node -> partner id
    groups: list[dict[str, Any]] = []
    items: list[dict[str, Any]] = []
    how = [c.tr("insights.communities.method")]
    names = group_names(c.model.G, c.pre.communities, lang=c.lang)
    for number, (group, name) in enumerate(zip(c.pre.communities, names, strict=True), start=1):
        partners = [shown[n] for n in group if n in shown]
        if not partners:
            continue
        consortia = [c.cons.get(n[2:], n[2:]) for n in group if n.startswith("c:")]
        groups.append(
            {
                "number": number,
                "name": name,
                "size": len(group),
                "consortia": consortia,
                "partners": sorted(partners),
            }
        )
        if len(items) < 2 * TOP:
            home = c.tr("insights.communities.home", home=c.home) if f"i:{c.model.ds.home}" in group else ""
            lead = c.tr("insights.communities.group", name=name, count=len(group), home=home)
            top = c.top("eigenvector", partners, n=3)
            items.append({"lead": lead, "institutions": [c.inst(i) for i in top], "detail": ""})
            if consortia:
                how.append(c.tr("insights.communities.consortia", name=name, consortia=", ".join(consortia)))
    count, found = len(c.pre.communities), len(groups)
    shown_groups = c.tr("insights.communities.shown", count=found)
    sentences = [c.tr("insights.communities.summary", count=count, shown=shown_groups)]
    data = {"groups": groups}
    return Answer("communities", c.tr("insights.communities.question"), sentences, items, data, how)


def _kinds(c: _Ctx, kinds: list[str]) -> str:
    return "/".join(c.tr(f"type.{k}") if k in AGREEMENT_TYPES else term("role", k, c.lang) for k in kinds)


def _path(c: _Ctx, target: str) -> Answer:
    institutions = c.model.ds.institutions
    name = str(institutions.loc[target, "short_name"] or target) if target in institutions.index else target
    question = c.tr("insights.path.question", name=name)
    paths = metrics.connection_paths(c.model.G, target)
    if not paths:
        return Answer("path", question, [c.tr("insights.path.none", name=name, home=c.home)])
    step_text = c.tr("insights.path.steps", count=len(paths[0]["steps"]))
    sentences = [c.tr("insights.path.summary", count=len(paths), steps=step_text)]
    items: list[dict[str, Any]] = []
    for path in paths:
        names: list[str] = path["names"]
        steps: list[list[str]] = path["steps"]
        text = names[0] + "".join(f" –[{_kinds(c, kinds)}]→ {names[k + 1]}" for k, kinds in enumerate(steps))
        nodes = [n[2:] for n in path["nodes"][1:] if n.startswith("i:")]
        items.append({"lead": f"{text} · ", "institutions": [c.inst(i) for i in nodes], "detail": ""})
    return Answer("path", question, sentences, items, {"target": target, "paths": paths})


def insights(
    model: Model,
    partner_ids: list[str],
    *,
    lang: str = "en",
    filters: Filters | None = None,
    target: str = "",
    pre: Precomputed | None = None,
) -> Insights:
    """Answer every question for the shown partners.

    Args:
        model: The model.
        partner_ids: The partners the filters show (:func:`dashboard.network.graph.filter_partners`).
        lang: Language of the text.
        filters: The filters (limits the coverage denominators to chosen regions/countries).
        target: Institution id for "how are we connected to …" (no path answer when empty).
        pre: :func:`precompute` of the model; computed here when omitted.

    Returns:
        The answers, in a fixed order.
    """
    c = _Ctx(model, partner_ids, lang, pre or precompute(model))
    figures = headline(model.ds, model.relations, c.ids)
    answers = [_scope(c, figures), _matter(c), _ties(c), _overlap(c), _brokers(c)]
    answers += [_thin(c, filters), _growth(c), _communities(c)]
    if target:
        answers.append(_path(c, target))
    title = c.tr("insights.title", home=c.home)
    sources = [c.tr("insights.as_of", date=format_date(model.ds.as_of, lang))]
    sources += [s for a in answers for s in a.sources]
    notes = [note] if (note := model.ds.text("coverage", lang)) else []
    counts = {
        **figures.counts.as_dict(),
        "by_region": {r: part.as_dict() for r, part in figures.by_region.items() if part.partners},
    }
    return Insights(title, notes, answers, sources, counts, lang)


def to_markdown(result: Insights) -> str:
    """Render as Markdown: a heading per question, sentences, then a bullet per item.

    Every sentence is plain text that may hold names from the data, so each goes through
    :func:`~dashboard.escape.markdown_text`; only the headings, bullets, bold names and the
    ``<details>`` block are Markdown.
    """
    md = markdown_text
    lines = [f"# {md(result.title)}", "", *[f"_{md(n)}_" for n in result.notes], ""]
    for answer in result.answers:
        lines += [f"## {md(answer.question)}", "", *[md(s) for s in answer.sentences], ""]
        for item in answer.items:
            names = ", ".join(md(i["name"]) for i in item["institutions"])  # type: ignore[attr-defined]
            lines.append(f"- {md(item['lead'])}**{names}**{md(item['detail'])}")
        if answer.items:
            lines.append("")
        if answer.how:
            lines += [
                f"<details><summary>{md(t('insights.how', result.lang))}</summary>",
                "",
                *[md(h) for h in answer.how],
                "",
                "</details>",
                "",
            ]
    if result.sources:
        lines += [
            f"## {md(t('insights.sources', result.lang))}",
            "",
            *[f"- {md(s)}" for s in result.sources],
            "",
        ]
    return "\n".join(lines).rstrip() + "\n"


def to_json(result: Insights) -> str:
    """Render as indented JSON (stable key order)."""
    return json.dumps(asdict(result), ensure_ascii=False, indent=2)
