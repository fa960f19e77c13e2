"""Text alternatives of the Insights charts (WCAG 1.1.1): what a sighted reader takes from each.

Each function takes the data its chart is drawn from (the same arguments as the figure
builder in :mod:`dashboard.figures.insight_charts`) and returns one or two plain sentences in
a language: the largest values first, named, with their numbers written the language's way
and their plurals right (:func:`dashboard.i18n.t`). No Dash here: the view puts the text under
its chart (:func:`dashboard.web.a11y_layout.chart_caption`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import pandas as pd

from dashboard.i18n import t

TOP = 3


def _listed(parts: Sequence[str], lang: str) -> str:
    """``a``, ``a and b``, ``a, b and c`` in a language.

    Examples:
        >>> _listed(["A", "B", "C"], "en"), _listed(["A", "B"], "it"), _listed([], "en")
        ('A, B and C', 'A e B', '—')
    """
    if len(parts) < 2:
        return "".join(parts) or "—"
    return t("insights.and", lang).join(parts[:-1]) + t("insights.and_last", lang) + parts[-1]


def centrality_text(names: Sequence[str], values: Sequence[float], *, lang: str) -> str:
    """The centrality bars in words: the (up to) three highest partners with their score.

    Examples:
        >>> centrality_text(["Delft", "ETH", "Aalto", "KTH"], [0.5, 0.25, 0.125, 0.1], lang="en")
        'The 3 partners most connected to our other partners are Delft (score 0.5), ETH (0.25) and Aalto (0.125).'
        >>> centrality_text(["Delft"], [0.5], lang="it")
        'Il partner più collegato agli altri nostri partner è Delft (punteggio 0,5).'
    """
    if not names:
        return t("charts.centrality.none", lang)
    top = list(zip(names, values, strict=False))[:TOP]
    parts = [t("charts.centrality.first", lang, name=top[0][0], value=float(top[0][1]))]
    parts += [t("charts.centrality.next", lang, name=n, value=float(v)) for n, v in top[1:]]
    return t("charts.centrality", lang, count=len(top), names=_listed(parts, lang))


def overlap_text(matrix: pd.DataFrame, names: dict[str, str], *, lang: str) -> str:
    """The overlap grid in words: how many consortia it compares and the largest overlap.

    Examples:
        >>> m = pd.DataFrame([[3, 2, 0], [2, 4, 1], [0, 1, 2]], index=list("abc"), columns=list("abc"))
        >>> overlap_text(m, {"a": "ALPHA", "b": "BETA"}, lang="en")
        'The grid compares 3 consortia. The largest overlap is between ALPHA and BETA: 2 members in common.'
    """
    consortia = list(matrix.index)
    if not consortia:
        return t("charts.overlap.none", lang)
    best: tuple[int, str, str] = (0, "", "")
    for i, a in enumerate(consortia):
        for b in consortia[i + 1 :]:
            shared = int(matrix.loc[a, b])
            if shared > best[0]:
                best = (shared, a, b)
    text = t("charts.overlap.count", lang, count=len(consortia))
    if not best[0]:
        return f"{text} {t('charts.overlap.apart', lang)}"
    shared, a, b = best
    members = t("charts.overlap.members", lang, count=shared)
    top = t("charts.overlap.top", lang, a=names.get(a, a), b=names.get(b, b), members=members)
    return f"{text} {top}"


def sankey_countries(partners: pd.DataFrame, countries: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The Sankey's countries: those drawn by name, and the rest of each region grouped.

    Args:
        partners: Rows with ``region`` and ``country_name`` (one per partner).
        countries: How many countries (the ones with most partners) are drawn by name.

    Returns:
        ``named``: ``region``, ``country_name``, ``n`` (partners), most partners first;
        ``grouped``: per region, ``n`` partners in ``k`` countries not drawn by name.
    """
    counts = partners.groupby(["region", "country_name"]).size().reset_index(name="n")
    counts = counts.sort_values(["n", "country_name"], ascending=[False, True])
    named = counts[counts["country_name"].isin(set(counts["country_name"][:countries]))]
    rest = counts[~counts.index.isin(named.index)]
    grouped = rest.groupby("region").agg(n=("n", "sum"), k=("country_name", "size")).reset_index()
    return named, grouped


def sankey_text(
    partners: pd.DataFrame,
    *,
    lang: str,
    countries: int = 16,
    region_name: Callable[[str], str] = str,
) -> str:
    """The Sankey in words: partners per largest region, the top countries, the ones grouped.

    Args:
        partners: As for :func:`dashboard.figures.insight_charts.region_sankey` (countries
            already named in the language).
        lang: Language.
        countries: How many countries the chart draws by name.
        region_name: A region's name in the language.

    Examples:
        >>> rows = pd.DataFrame({"region": ["Europe"] * 4 + ["Asia"],
        ...                      "country_name": ["France", "France", "Spain", "Italy", "Japan"]})
        >>> sankey_text(rows, lang="en", countries=2)
        '5 partners in 4 countries; most in Europe (4). Top countries: France (2) and Italy (1). 2 countries with fewer partners are grouped as “others” (2 partners).'
    """
    if partners.empty:
        return t("charts.sankey.none", lang)
    named, grouped = sankey_countries(partners, countries)
    regions = partners["region"].value_counts()
    top = [
        t("charts.named_count", lang, name=name, count=int(n))
        for name, n in zip(named["country_name"][:TOP], named["n"][:TOP], strict=True)
    ]
    text = t(
        "charts.sankey",
        lang,
        partners=t("charts.partners", lang, count=len(partners)),
        countries=t("insights.count.countries", lang, count=int(partners["country_name"].nunique())),
        region=region_name(str(regions.index[0])),
        count=int(regions.iloc[0]),
        top=_listed(top, lang),
    )
    if grouped.empty:
        return text
    others = t(
        "charts.sankey.others",
        lang,
        count=int(grouped["k"].sum()),
        partners=t("charts.partners", lang, count=int(grouped["n"].sum())),
    )
    return f"{text} {others}"


def _coverage_place(row: dict[str, object], lang: str) -> str:
    return t(
        "charts.coverage.place",
        lang,
        name=row["country_name"],
        share=float(row["share_pct"]),  # type: ignore[arg-type]
        partners=row["partners"],
        holders=row["eche_holders"],
    )


def coverage_text(rows: Sequence[dict[str, object]], *, lang: str, limit: int = 30) -> str:
    """The coverage bars in words: how many countries, the highest and the lowest share.

    Args:
        rows: :func:`dashboard.network.coverage.country_coverage` rows, thinnest first
            (countries already named in the language).
        lang: Language.
        limit: How many of them the chart shows.

    Examples:
        >>> rows = [{"country_name": "Spain", "share_pct": 1.5, "partners": 3, "eche_holders": 200},
        ...         {"country_name": "Malta", "share_pct": 50.0, "partners": 1, "eche_holders": 2}]
        >>> coverage_text(rows, lang="it")
        '2 paesi Erasmus. Quota più alta: Malta, 50% (1 partner su 2 titolari ECHE); più bassa: Spain, 1,5% (3 partner su 200 titolari ECHE).'
    """
    if not rows:
        return t("charts.coverage.none", lang)
    ranked = sorted(rows, key=lambda r: float(r["share_pct"]))  # type: ignore[arg-type]
    low, high = ranked[0], ranked[-1]
    text = t("charts.coverage.count", lang, count=len(rows))
    if len(rows) > limit:
        text = f"{text} {t('charts.coverage.shown', lang, count=limit)}"
    if len(rows) == 1:
        return f"{text} {_coverage_place(low, lang)}."
    extremes = t(
        "charts.coverage.extremes", lang, high=_coverage_place(high, lang), low=_coverage_place(low, lang)
    )
    return f"{text} {extremes}"


def growth_text(growth: dict[str, object], *, lang: str, region_name: Callable[[str], str] = str) -> str:
    """The growth chart in words: dated partners in the first and the last year, the largest region.

    Args:
        growth: :func:`dashboard.network.timeline.growth_by_region`.
        lang: Language.
        region_name: A region's name in the language.

    Examples:
        >>> g = {"years": [2000, 2001, 2002], "series": {"Europe": [1, 2, 5], "Asia": [0, 0, 1]},
        ...      "undated_total": 1}
        >>> growth_text(g, lang="en")
        'Partners with a dated relation grew from 1 in 2000 to 6 in 2002; most are in Europe (5). 1 partner has no start year and is not counted.'
    """
    years: list[int] = growth["years"]  # type: ignore[assignment]
    series: dict[str, list[int]] = growth["series"]  # type: ignore[assignment]
    undated = int(growth.get("undated_total", 0))  # type: ignore[call-overload]
    totals = [sum(values[i] for values in series.values()) for i in range(len(years))]
    if not years or not totals[-1]:
        text = t("charts.growth.none", lang)
    else:
        region, last = max(series.items(), key=lambda kv: (kv[1][-1], kv[0]))
        text = t(
            "charts.growth",
            lang,
            first=totals[0],
            start=years[0],
            last=totals[-1],
            end=years[-1],
            region=region_name(region),
            count=last[-1],
        )
    return f"{text} {t('charts.growth.undated', lang, count=undated)}" if undated else text


def as_of_text(year: int, dated: pd.DataFrame, undated: int, *, lang: str) -> str:
    """The "network as of a year" map and graph in words: "In 2015: 40 partners in 12 countries."

    Args:
        year: The slider's year.
        dated: The partners whose first relation started by then (``country`` column).
        undated: How many partners have no start year (drawn in every year).
        lang: Language.

    Examples:
        >>> rows = pd.DataFrame({"country": ["FR", "FR", "ES"]})
        >>> as_of_text(2015, rows, 0, lang="en"), as_of_text(2015, rows.head(1), 2, lang="it")[:35]
        ('In 2015: 3 partners in 2 countries.', 'Nel 2015: 1 partner in 1 paese. Alt')
    """
    text = t(
        "charts.as_of",
        lang,
        year=int(year),
        partners=t("charts.partners", lang, count=len(dated)),
        countries=t("insights.count.countries", lang, count=int(dated["country"].nunique())),
    )
    return f"{text} {t('charts.as_of.undated', lang, count=undated)}" if undated else text
