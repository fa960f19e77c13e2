#!/usr/bin/env bash
# Vendor the third-party Italian texts the page needs offline (dashboard.web.language):
#   assets/vendor/ag-grid/locale.it.json   AG Grid's own texts (menus, filters, "Loading..."),
#                                          from @ag-grid-community/locale, AG Grid's version;
#   assets/vendor/plotly/plotly-locale-it.js  plotly.js's Italian (tool bar, dates), from the
#                                          plotly.js that scripts/plotly/build.sh bundles.
# Versions: AG Grid as dash-ag-grid pins it (its package-info.json), plotly.js as plotly.py ships it.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
grid="${1:-$(python -c 'import json, dash_ag_grid, pathlib; print(json.loads((pathlib.Path(dash_ag_grid.__file__).parent / "package-info.json").read_text())["dependencies"]["ag-grid-community"])')}"
plotly="${2:-$(python -c 'import plotly.offline as o; print(o.get_plotlyjs_version())')}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cd "$work"
npm pack --silent "@ag-grid-community/locale@$grid" "plotly.js@$plotly" >/dev/null
mkdir grid plotly
tar xzf ag-grid-community-locale-*.tgz -C grid
tar xzf plotly.js-*.tgz -C plotly package/dist/plotly-locale-it.js package/LICENSE
mkdir -p "$root/assets/vendor/ag-grid"
node -e '
const it = require(process.argv[1]).AG_GRID_LOCALE_IT;
if (!it || !it.noRowsToShow) { throw new Error("no AG_GRID_LOCALE_IT in the package"); }
const sorted = Object.fromEntries(Object.keys(it).sort().map(k => [k, it[k]]));
process.stdout.write(JSON.stringify(sorted, null, 1) + "\n");
' "$work/grid/package/dist/package/main.cjs.js" > "$root/assets/vendor/ag-grid/locale.it.json"
cp grid/package/LICENSE.txt "$root/assets/vendor/ag-grid/AG-GRID-LOCALE-LICENSE"
{ echo "/* plotly.js $plotly Italian locale (MIT, see PLOTLY-LICENSE); vendored by scripts/locales/build.sh */"; cat plotly/package/dist/plotly-locale-it.js; } \
    > "$root/assets/vendor/plotly/plotly-locale-it.js"
echo "wrote assets/vendor/ag-grid/locale.it.json (AG Grid $grid) and assets/vendor/plotly/plotly-locale-it.js (plotly.js $plotly)"
