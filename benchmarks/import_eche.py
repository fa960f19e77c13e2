"""Benchmark: import an agreements sheet with every Erasmus Charter holder as a partner.

    python -m benchmarks.import_eche [--rows-without-code 0.15] [--seed 7] [--write-results]

The partners are **real**: the 5,912 rows of the European Commission / EACEA list of ECHE
holders 2021–2027 as shared in ``../shared/data/eche-2021-2027/`` (name, city, country, Erasmus
code exactly as published: no-break spaces in codes, EU country codes, capitals, ``CEDEX``,
``?`` for lost characters). The **agreement rows are synthetic**: one per holder, with a
seeded type in Italian or English, dates in mixed forms, an Italian header under a title row
and a totals row, saved as .xlsx. A share of rows has the code removed (matched by name), and
a share has the code's spaces rewritten (``IMILANO02``, ``i milano02``) as offices type them.

Times the steps of ``python -m dashboard import`` in this process: reading the workbook and
planning, checking the resulting folder (the loader's full validation, the same work as
``python -m dashboard check``; stated as the baseline), and writing. Prints rows/s and the
shares matched by code, by name, geocoded and not placed. Not a test: nothing here asserts.
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import re
import tempfile
import time
from pathlib import Path

import openpyxl

from dashboard.cli import main as cli_main
from dashboard.config import PROJECT_ROOT
from dashboard.data.import_apply import apply_import, check_import, plan_file
from dashboard.data.import_report import summary

SOURCE = PROJECT_ROOT.parent / "shared" / "data" / "eche-2021-2027" / "eche_holders_2021_2027.csv"
RESULTS = Path(__file__).with_name("results.md")
TYPES = ("Erasmus+ KA131", "Scambio", "Doppio titolo", "Accordo quadro", "KA171 mobilità", "Exchange", "MoU")
HOME_CODE = "I\u00a0 MILANO02"
BEGIN, END = "<!-- import-benchmark:begin -->", "<!-- import-benchmark:end -->"


def _dates(rng: random.Random) -> tuple[object, object]:
    year = rng.randint(2014, 2024)
    form = rng.randrange(4)
    if form == 0:
        return f"01/09/{year}", f"31/08/{year + 6}"
    if form == 1:
        return f"{year}/{year + 1}", f"{year + 5}/{year + 6}"
    if form == 2:
        return year, ""
    return f"{year}-09-01", ""


def _respaced(code: str, rng: random.Random) -> str:
    compact = "".join(code.split())
    prefix = re.match(r"^[A-Z]{1,3}", compact)
    cut = prefix.end() if prefix else 1
    return rng.choice(
        [compact, compact.lower(), f"{compact[:cut]} {compact[cut:]}", f"{compact[:cut]}   {compact[cut:]}"]
    )


def build_sheet(path: Path, *, without_code: float, respaced: float, seed: int) -> dict[str, int]:
    """Write the agreements workbook; return how many rows carry a code."""
    rng = random.Random(seed)
    with SOURCE.open(encoding="utf-8", newline="") as handle:
        holders = list(csv.DictReader(handle))
    wb = openpyxl.Workbook(write_only=True)
    ws = wb.create_sheet("Accordi")
    ws.append(["Accordi internazionali — foglio di prova (partner reali ECHE, accordi sintetici)"])
    ws.append(
        [
            "Istituzione partner",
            "Codice Erasmus",
            "Paese",
            "Città",
            "Tipo accordo",
            "Data inizio",
            "Data fine",
        ]
    )
    coded = uncoded = 0
    for holder in holders:
        code = holder["erasmus_code"]
        if rng.random() < without_code:
            code = ""
        elif rng.random() < respaced:
            code = _respaced(code, rng)
        is_home = holder["erasmus_code"] == HOME_CODE  # home's own row is refused as home: counted in neither
        coded += bool(code) and not is_home
        uncoded += not code and not is_home
        start, end = _dates(rng)
        ws.append([holder["name"], code, holder["country"], holder["city"], rng.choice(TYPES), start, end])
    ws.append(["Totale", len(holders)])
    wb.save(path)
    return {"rows": len(holders), "coded": coded, "uncoded": uncoded}


def run(args: argparse.Namespace) -> dict[str, object]:
    """Build the sheet and a fresh folder, time the import, return the figures."""
    with tempfile.TemporaryDirectory(prefix="import-bench-") as tmp:
        sheet = Path(tmp) / "accordi_eche.xlsx"
        built = build_sheet(
            sheet, without_code=args.rows_without_code, respaced=args.respaced, seed=args.seed
        )
        folder = Path(tmp) / "network"
        cli_main(["init", str(folder), "--home", "Politecnico di Milano", "--country", "IT", "--city", "Milano",
                  "--erasmus-code", "I  MILANO02"])  # fmt: skip
        c0, t0 = time.process_time(), time.perf_counter()
        plan, report = plan_file(sheet, folder, today="2026-12-02")
        c1, t1 = time.process_time(), time.perf_counter()
        assert plan is not None, report.render()
        checked = check_import(plan, folder)
        c2, t2 = time.process_time(), time.perf_counter()
        applied = apply_import(plan, folder)
        c3, t3 = time.process_time(), time.perf_counter()
    new = [p for p in plan.partners if p.new]
    by = {key: sum(p.placed_by == key for p in new) for key in ("code", "name", "city", "coordinates", "")}
    coded_rows = {r.row for r in plan.rows if r.outcome != "skipped"}
    code_matched = sum(len(p.rows) for p in new if p.identified_by == "code")
    total = t1 - t0 + (t3 - t2)  # plan + write (the write runs the check again before writing)
    return {
        **built,
        "imported": sum(r.outcome == "imported" for r in plan.rows),
        "refused": sum(r.outcome == "refused" for r in plan.rows),
        "partners": len(new),
        "by": by,
        "identified_by_code": code_matched,
        "identified_by_name": sum(len(p.rows) for p in new if p.identified_by == "name"),
        "plan_s": t1 - t0,
        "check_s": t2 - t1,
        "apply_s": t3 - t2,
        "total_s": total,
        "cpu": (c1 - c0, c2 - c1, c3 - c2, c1 - c0 + c3 - c2),
        "load": os.getloadavg()[0],
        "ok": checked.ok and applied.ok,
        "lines": [str(line) for line in summary(plan)],
        "data_rows": len(coded_rows),
    }


def render(r: dict[str, object]) -> str:
    """The results section (Markdown)."""
    rows, coded, partners = int(r["rows"]), int(r["coded"]), int(r["partners"])  # type: ignore[call-overload]
    uncoded = int(r["uncoded"])  # type: ignore[call-overload]
    by: dict[str, int] = r["by"]  # type: ignore[assignment]
    pct = lambda n, d: f"{100 * n / d:.1f} %" if d else "-"  # noqa: E731
    total = float(r["total_s"])  # type: ignore[arg-type]
    cpu: tuple[float, ...] = r["cpu"]  # type: ignore[assignment]
    return "\n".join(
        [
            BEGIN,
            "## Import of an agreements sheet (5,912 real ECHE partners, synthetic agreement rows)",
            "",
            "`python -m benchmarks.import_eche --write-results`: the partners are the real list of Erasmus Charter",
            "holders 2021–2027 as published (codes with no-break spaces, EU country codes, capitals, CEDEX, `?`);",
            "the agreement rows (types, dates, the Italian header, title and totals rows) are synthetic; .xlsx.",
            f"{coded:,} of {rows:,} rows carry an Erasmus code (some with its spaces rewritten: `IMILANO02`,",
            "`i milano02`); the others give only name, city and country. Home's own row (Politecnico di Milano) is",
            "refused as home and counted in neither.",
            "",
            f"Machine: {os.cpu_count()} cores, load average {float(r['load']):.1f} at the end of the run (other work",  # type: ignore[arg-type]
            "shares the cores: wall time includes waiting for them; CPU time is this process alone).",
            "",
            "| step | wall s | CPU s |",
            "| --- | ---: | ---: |",
            f"| read the workbook and plan (identify, geocode, every row accounted for) | {float(r['plan_s']):.2f} | {cpu[0]:.2f} |",  # type: ignore[arg-type]
            f"| baseline: check the resulting folder (the loader's full validation, as `check`) | {float(r['check_s']):.2f} | {cpu[1]:.2f} |",  # type: ignore[arg-type]
            f"| write (check again in a copy, keep a version, atomic writes) | {float(r['apply_s']):.2f} | {cpu[2]:.2f} |",  # type: ignore[arg-type]
            f"| **import = plan + write** (target ≤ 20 s) | **{total:.2f}** | **{cpu[3]:.2f}** |",
            "",
            f"{rows / total:,.0f} rows/s (wall); the import costs {total / float(r['check_s']):.1f}× a `check` of the folder it writes.",  # type: ignore[arg-type]
            "",
            "| outcome | rows / partners | share |",
            "| --- | ---: | ---: |",
            f"| coded rows matched by Erasmus code (target ≥ 99 %) | {r['identified_by_code']:,} of {coded:,} | {pct(int(r['identified_by_code']), coded)} |",  # type: ignore[call-overload]
            f"| rows without a code matched by name in the country | {r['identified_by_name']:,} of {uncoded:,} | {pct(int(r['identified_by_name']), uncoded)} |",  # type: ignore[call-overload]
            f"| partners placed, identified by code (city geocoded) | {by['code']:,} | {pct(by['code'], partners)} |",
            f"| partners placed, identified by name (city geocoded) | {by['name']:,} | {pct(by['name'], partners)} |",
            f"| partners placed by geocoding their own city (not identified) | {by['city']:,} | {pct(by['city'], partners)} |",
            f"| partners not placed (kept, not on the map; reasons in the report) | {by['']:,} | {pct(by[''], partners)} |",
            "",
            "The report as the command prints it:",
            "",
            "```",
            *r["lines"],  # type: ignore[misc]
            "```",
            END,
        ]
    )


def main(argv: list[str] | None = None) -> int:
    """Run, print the section, and with --write-results put it into results.md."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks.import_eche")
    parser.add_argument("--rows-without-code", type=float, default=0.15)
    parser.add_argument(
        "--respaced", type=float, default=0.2, help="share of codes with their spaces rewritten"
    )
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--write-results", action="store_true")
    args = parser.parse_args(argv)
    section = render(run(args))
    print(section)
    if args.write_results:
        text = RESULTS.read_text(encoding="utf-8")
        if BEGIN in text:
            text = text[: text.index(BEGIN)] + section + text[text.index(END) + len(END) :]
        else:
            text = text.rstrip("\n") + "\n\n" + section + "\n"
        RESULTS.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
