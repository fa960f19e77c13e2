"""axe-core in the browser tests: the vendored copy (``tests/e2e/vendor/axe-core/``), never the internet.

:func:`audit` injects ``axe.min.js`` into the page through selenium and runs the WCAG 2.1 A
and AA rules; :func:`blocking` keeps the critical and serious violations and
:func:`describe` writes them out, one line per offending element, for a failing test.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

AXE_JS = Path(__file__).resolve().parent / "vendor" / "axe-core" / "axe.min.js"
WCAG_21_AA = ("wcag2a", "wcag2aa", "wcag21a", "wcag21aa")
BLOCKING = ("critical", "serious")

_RUN = """
const done = arguments[arguments.length - 1];
axe.run(document, {runOnly: {type: "tag", values: arguments[0]}, resultTypes: ["violations"]})
  .then(r => done(r.violations.map(v => ({
      id: v.id, impact: v.impact, help: v.help,
      nodes: v.nodes.map(n => ({target: n.target.join(" "), summary: n.failureSummary || "",
                                html: n.html.slice(0, 160)}))}))))
  .catch(e => done([{id: "axe-error", impact: "critical", help: String(e), nodes: []}]));
"""


def audit(driver: Any) -> list[dict[str, Any]]:
    """Every WCAG 2.1 A/AA violation axe finds on the page as it is now."""
    if not driver.execute_script("return typeof window.axe === 'object';"):
        driver.execute_script(AXE_JS.read_text(encoding="utf-8"))
    driver.set_script_timeout(120)
    return list(driver.execute_async_script(_RUN, list(WCAG_21_AA)))


def blocking(violations: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The critical and serious ones: what the tests fail on."""
    return [v for v in violations if v["impact"] in BLOCKING]


def describe(where: str, violations: list[dict[str, Any]]) -> str:
    """A readable account: rule, impact, help, then each element with axe's reason."""
    lines = []
    for v in violations:
        lines.append(f"{where}: {v['id']} ({v['impact']}): {v['help']} — {len(v['nodes'])} element(s)")
        for node in v["nodes"][:8]:
            summary = " ".join(node["summary"].split())[:300]
            lines.append(f"    {node['target']}  {node['html']!r}  {summary}")
    return "\n".join(lines)
