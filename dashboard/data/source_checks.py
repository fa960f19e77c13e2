"""Checks across sources: one programme entered twice, one page behind many rows, weak hosts.

These run after the rows are valid and only add warnings and notes: the data is usable, but
a count built on it may say more than the sources do (``data/README.md``, "What check warns
about").
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

import pandas as pd

from dashboard.config import DEFAULT_DATA_DIR
from dashboard.data import schema
from dashboard.data.cells import is_web_url
from dashboard.data.problems import Report, Severity

SECONDARY_HOSTS_FILE = Path("reference") / "secondary_hosts.txt"
# An agreement source behind this many partners or more is probably one multilateral
# programme (the MEDes master's page listed 6 schools) rather than that many bilateral ones.
REPEATED_SOURCE_PARTNERS = 5
# Above this share of relations on secondary hosts, check warns (the bundled data's target).
SECONDARY_SHARE_WARN = 0.05


def read_secondary_hosts(data_dir: Path) -> tuple[tuple[str, ...], Path]:
    """The hosts treated as secondary, from the folder's list or else the bundled one.

    Returns:
        The hosts (lower case, in file order) and the file they came from.
    """
    path = data_dir / SECONDARY_HOSTS_FILE
    if not path.is_file():
        path = DEFAULT_DATA_DIR / SECONDARY_HOSTS_FILE
    if not path.is_file():
        return (), path
    hosts = []
    for line in path.read_text(encoding="utf-8-sig").splitlines():
        host = line.split("#", 1)[0].strip().lower()
        if host:
            hosts.append(host)
    return tuple(hosts), path


def secondary_host(url: str, hosts: tuple[str, ...]) -> str:
    """The listed host that ``url`` is on (itself or a subdomain), or ``""``.

    Examples:
        >>> secondary_host("https://x.blogspot.com/a", ("blogspot.com",))
        'blogspot.com'
        >>> secondary_host("https://en.wikipedia.org/wiki/X", ("simple.wikipedia.org",))
        ''
        >>> secondary_host("MoveON export 2026", ("blogspot.com",))
        ''
    """
    if not is_web_url(url):
        return ""
    name = (urlsplit(url).hostname or "").lower()
    for host in hosts:
        if name == host or name.endswith("." + host):
            return host
    return ""


def check_sources(
    memberships: pd.DataFrame, agreements: pd.DataFrame, data_dir: Path, report: Report
) -> None:
    """Add the cross-source warnings and the secondary-host notes to ``report``."""
    _shared_with_memberships(memberships, agreements, report)
    _repeated_across_partners(agreements, report)
    _secondary_hosts(memberships, agreements, data_dir, report)


def _shared_with_memberships(memberships: pd.DataFrame, agreements: pd.DataFrame, report: Report) -> None:
    urls = {url for url in memberships["source"] if is_web_url(url)}
    both = agreements.loc[agreements["source"].isin(urls)]
    for url, rows in both.groupby("source", sort=False):
        consortia = sorted(set(memberships.loc[memberships["source"] == url, "consortium_id"]))
        report.say(
            "warning",
            schema.AGREEMENTS.file,
            "problem.source.shared",
            row=int(rows["row"].iloc[0]),
            column="source",
            value=url,
            consortia=", ".join(consortia),
            count=len(rows),
            rows=_rows(rows),
        )


def _repeated_across_partners(agreements: pd.DataFrame, report: Report) -> None:
    web = agreements.loc[[is_web_url(url) for url in agreements["source"]]]
    for url, rows in web.groupby("source", sort=False):
        partners = rows["institution_id"].nunique()
        if partners >= REPEATED_SOURCE_PARTNERS:
            report.say(
                "warning",
                schema.AGREEMENTS.file,
                "problem.source.repeated",
                row=int(rows["row"].iloc[0]),
                column="source",
                value=url,
                partners=int(partners),
                rows=_rows(rows),
            )


def _secondary_hosts(
    memberships: pd.DataFrame, agreements: pd.DataFrame, data_dir: Path, report: Report
) -> None:
    hosts, path = read_secondary_hosts(data_dir)
    sources = pd.concat([memberships["source"], agreements["source"]], ignore_index=True)
    if not hosts or sources.empty:
        return
    on = sources.map(lambda url: secondary_host(url, hosts))
    weak = on[on != ""]
    share = len(weak) / len(sources)
    where = str(path) if path.parent.parent != data_dir else str(SECONDARY_HOSTS_FILE)
    report.say("info", where, "problem.source.hosts", hosts=", ".join(hosts))
    counted = ", ".join(f"{host} {n}" for host, n in weak.value_counts().items())
    severity: Severity = "warning" if share > SECONDARY_SHARE_WARN else "info"
    if severity == "warning":
        key = "problem.source.secondary_above"
    else:
        key = "problem.source.secondary_on" if counted else "problem.source.secondary"
    report.say(
        severity,
        where,
        key,
        weak=len(weak),
        total=len(sources),
        share=float(f"{share * 100:.1f}"),  # rounded as ``:.1%`` rounds: every language shows one figure
        counted=counted,
        limit=float(f"{SECONDARY_SHARE_WARN * 100:.0f}"),
    )


def _rows(rows: pd.DataFrame) -> str:
    numbers = [str(n) for n in rows["row"]]
    return ", ".join(numbers) if len(numbers) <= 8 else ", ".join(numbers[:8]) + ", …"
