#!/usr/bin/env bash
# Rebuild assets/vendor/plotly/plotly-dashboard.min.js: plotly.js with only the trace types the
# app draws (scattergeo, choropleth, scatter, bar, heatmap, sankey). 1.6 MB instead of 4.8 MB:
# the browser compiles it in a fraction of the time, which is most of a first page load.
# dcc.Graph uses window.Plotly when a page already defines it, so Dash then never loads its own
# full bundle; without this file it falls back to that bundle, unchanged.
# Keep the version equal to the plotly.js that plotly.py ships:
#   python -c "import plotly.offline as o; print(o.get_plotlyjs_version())"
set -euo pipefail
version="${1:-$(python -c 'import plotly.offline as o; print(o.get_plotlyjs_version())')}"
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cd "$work"
npm install --no-audit --no-fund "plotly.js@$version" esbuild@0.28.2 >/dev/null
cp "$here/index-dashboard.js" node_modules/plotly.js/lib/index-dashboard.js
npx esbuild node_modules/plotly.js/lib/index-dashboard.js --bundle --minify --format=iife \
    --global-name=Plotly --define:global=window --legal-comments=none \
    --outfile="$work/plotly-dashboard.min.js"
# Offline by construction: the default base-map location becomes the app's own folder (every
# geo graph also passes topojsonURL; this covers one that would not).
sed -i 's#"https://cdn.plot.ly/un/"#"/assets/topojson/"#' "$work/plotly-dashboard.min.js"
grep -q '"/assets/topojson/"' "$work/plotly-dashboard.min.js"
{ echo "/* plotly.js $version (MIT, see PLOTLY-LICENSE): scattergeo, choropleth, scatter, bar, heatmap, sankey; built by scripts/plotly/build.sh */"; cat "$work/plotly-dashboard.min.js"; } \
    > "$root/assets/vendor/plotly/plotly-dashboard.min.js"
cp node_modules/plotly.js/LICENSE "$root/assets/vendor/plotly/PLOTLY-LICENSE"
echo "wrote assets/vendor/plotly/plotly-dashboard.min.js ($version)"
