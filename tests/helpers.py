"""Test helpers shared by every tier: the tiny dataset and a writer for data folders.

The institutions are invented test fixtures in real cities; they are never shown as any
university's real network. Import them as ``from tests.helpers import TINY, write_dataset``.
"""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import time
from collections.abc import Sequence
from pathlib import Path

from dashboard.config import DEFAULT_DATA_DIR

HEADERS = {
    "institutions.csv": "id,name,short_name,kind,city,country,lat,lon,website,ror",
    "consortia.csv": "id,name,short_name,kind,founded,website,description,source",
    "memberships.csv": "consortium_id,institution_id,role,since,source,as_of,note",
    "agreements.csv": "institution_id,type,field,since,until,source,as_of,note",
}

TINY = {
    "dataset.toml": 'home = "home"\ntitle = "Home Tech test network"\nas_of = "2026-01-01"\n',
    "institutions.csv": [
        "home,Home Institute of Technology,HIT,university,Milan,IT,45.4781,9.2273,https://home.example.org,",
        "delft,Delft Test University,DTU,university,Delft,NL,,,,",
        "warsaw,Warsaw Test Polytechnic,WTP,university,Warsaw,PL,,,,",
        "boston,Boston Test Institute,BTI,university,Boston,US,42.3601,-71.0942,,",
        "sing,Singapore Test University,STU,university,Singapore,SG,1.2966,103.7764,,",
        "vancouver,Vancouver Test College,VTC,university,Vancouver,CA,49.2606,-123.2460,,",
        "acme,Acme Test Company,ACME,company,Turin,IT,,,,",
    ],
    "consortia.csv": [
        "alpha,Alpha Alliance,ALPHA,alliance,2010,,A test alliance,",
        "beta,Beta Network,BETA,network,,,A test network,",
    ],
    "memberships.csv": [
        "alpha,home,founder,2010,https://example.org/alpha,2024-01-01,",
        "alpha,delft,member,2010,https://example.org/alpha,2024-01-01,",
        "alpha,warsaw,member,2015,https://example.org/alpha,2024-01-01,",
        "beta,home,member,,https://example.org/beta,2024,",
        "beta,delft,member,,https://example.org/beta,2024,",
        "beta,acme,partner,,https://example.org/beta,2024,",
    ],
    "agreements.csv": [
        "delft,double_degree,Architecture,2012,,https://example.org/a1,2024-05-01,",
        "delft,exchange,,2005,,https://example.org/a2,2024-05-01,",
        "boston,research,Materials,2005,2015,https://example.org/a3,2020,",
        "sing,mou,,2021,,https://example.org/a4,2021,",
        "vancouver,exchange,Design,,,https://example.org/a5,2023,",
    ],
}


def write_dataset(folder: Path, files: dict[str, object]) -> Path:
    """Write a data folder; list values are CSV data rows under the standard header."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, content in files.items():
        if content is None:
            continue
        if isinstance(content, list):
            text = "\n".join([HEADERS[name], *content]) + "\n"
        else:
            text = str(content)
        (folder / name).write_text(text, encoding="utf-8")
    shutil.copy(DEFAULT_DATA_DIR / "regions.csv", folder / "regions.csv")
    return folder


def write_tiny(folder: Path) -> Path:
    """The tiny dataset in ``folder``, for module-scoped fixtures (``tiny_dir`` is per test)."""
    return write_dataset(folder, TINY)


def _csv_rows(rows: list[list[str]]) -> list[str]:
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    return [out.getvalue().rstrip("\n")]  # one block: quoted cells may hold line breaks


HOSTILE_CONSORTIUM = "evil.con:1"  # ids are checked at load ([A-Za-z0-9._:-]); this one is legal


def write_hostile(folder: Path, texts: Sequence[str]) -> Path:
    """A data folder whose every name is hostile text: each of ``texts`` names one partner.

    The home's short name (hence the page title and every chart title) is all of ``texts``
    at once; each partner ``p<i>`` has ``texts[i]`` as name, short name, agreement field and
    note, is in Delft with coordinates, and the first three share a consortium named by the
    texts too, so the text reaches every view, export, deck and report.
    """
    joined = " ".join(texts)
    institutions = [["home", texts[0], joined, "university", "Milan", "IT", "45.4781", "9.2273", "", ""]]
    agreements = []
    for i, text in enumerate(texts):
        institutions.append(
            [f"p{i}", text, text, "university", "Delft", "NL", "52.0", f"{4 + i / 100:.2f}", "", ""]
        )
        agreements.append([f"p{i}", "exchange", text, "2010", "", "https://example.org/a", "2024", text])
    members = [
        [HOSTILE_CONSORTIUM, i, "member", "2015", "https://example.org/c", "2024", ""]
        for i in ("home", "p0", "p1", "p2")
    ]
    title = json.dumps(joined)  # a TOML basic string: JSON's escapes are TOML's
    return write_dataset(
        folder,
        {
            "dataset.toml": f'home = "home"\ntitle = {title}\nas_of = "2026-01-01"\ncoverage = {title}\n',
            "institutions.csv": _csv_rows(institutions),
            "consortia.csv": _csv_rows(
                [[HOSTILE_CONSORTIUM, texts[1], texts[2], "alliance", "2010", "", texts[3], ""]]
            ),
            "memberships.csv": _csv_rows(members),
            "agreements.csv": _csv_rows(agreements),
        },
    )


def add_partner(folder: Path, ident: str) -> None:
    """A valid edit: one more partner in Oslo with one agreement."""
    for name, line in (
        ("institutions.csv", f"{ident},New {ident} University,N{ident},university,Oslo,NO,59.91,10.75,,"),
        ("agreements.csv", f"{ident},exchange,,2020,,https://example.org/{ident},2025,"),
    ):
        path = folder / name
        path.write_text(path.read_text(encoding="utf-8").rstrip("\n") + "\n" + line + "\n", encoding="utf-8")
        later = time.time() + 5
        os.utime(path, (later, later))  # visible within one mtime tick
