"""Measure one data folder in a fresh process and print the figures as JSON.

    python -m benchmarks.measure DATA_DIR [--naive] [--reps 5]

A fresh process per folder and per approach, so that peak RSS belongs to that run alone.
Callbacks are driven through Dash's real endpoint with Flask's test client.
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import sys
import time
from pathlib import Path
from typing import Any

import orjson

from benchmarks import dashclient as dc


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def _timed(module: Any, name: str, sink: dict[str, float]) -> None:
    original = getattr(module, name)

    def wrapper(*args: Any, **kwargs: Any) -> Any:
        start = time.perf_counter()
        try:
            return original(*args, **kwargs)
        finally:
            sink[name] = sink.get(name, 0.0) + time.perf_counter() - start

    setattr(module, name, wrapper)


def _use_naive_map() -> None:
    """Swap the explorer's map for the naive one (this process only)."""
    from benchmarks.naive import naive_partner_map
    from dashboard.web import views as render

    def naive(self: Any, state: Any, partners: Any, **_: Any) -> Any:
        return naive_partner_map(partners, self.home)

    render.ExplorerViews.map_figure = naive  # type: ignore[method-assign]
    render.to_wire = lambda fig: fig  # type: ignore[assignment]


def measure(data_dir: Path, *, naive: bool, reps: int) -> dict[str, Any]:
    """Every figure of one run (see the module docstring)."""
    import dashboard.data.dataset
    import dashboard.network.model
    from dashboard import create_app
    from dashboard.config import Settings
    from dashboard.figures.maps import to_wire
    from dashboard.network import graph, metrics
    from dashboard.network import positions as layouts
    from dashboard.network.view_state import ViewState

    if naive:
        _use_naive_map()
    phases: dict[str, float] = {}
    # model.py calls load_dataset by the name it imported: time it there (the app loads through it)
    _timed(dashboard.network.model, "load_dataset", phases)
    _timed(dashboard.network.model, "build_model", phases)
    for module, name in ((graph, "build_graph"), (metrics, "communities"), (metrics, "centralities")):
        _timed(module, name, phases)
    _timed(dashboard.network.model, "compute_layouts", phases)
    made = _capture_views()
    start = time.perf_counter()
    app = create_app(Settings(data_dir=data_dir))
    phases["create_app"] = time.perf_counter() - start
    client = app.server.test_client()
    client.get("/_dash-layout")  # the page's first paint comes from the app's views
    views = made[-1]
    model = views.model
    top_country = str(model.partners["country"].value_counts().index[0])
    home_consortia = model.ds.memberships.loc[model.ds.memberships["institution_id"] == model.ds.home]
    sizes = model.ds.memberships.groupby("consortium_id").size()
    consortium = str(sizes.loc[home_consortia["consortium_id"]].idxmax())
    states = dc.filter_states(top_country=top_country, consortium=consortium, years=(2010, 2020))

    per_state = []
    all_times: list[float] = []
    view_times: dict[str, list[float]] = {"network": [], "table": []}

    def forget_filter_states() -> None:
        # Each timed request filters afresh, as the first one of a new filter state does: only
        # what one request asks for twice comes from the views' memo of filter states.
        for each in made:  # every language's views
            each.forget_filter_states()

    def timed_posts(payload: dict[str, Any], *, warm: bool) -> tuple[list[float], bytes]:
        if warm:  # first use of this state
            client.post(dc.UPDATE_URL, json=payload)
        times, body = [], b""
        for _ in range(reps):
            forget_filter_states()
            t0 = time.perf_counter()
            response = client.post(dc.UPDATE_URL, json=payload)
            times.append(time.perf_counter() - t0)
            assert response.status_code == 200, (payload["output"], response.status_code)
            body = response.data
        return times, body

    for name, filters, options in states:
        # the map (the naive map has nothing to warm)
        times, body = timed_posts(dc.render_payload(filters, **options), warm=not naive)
        figure = orjson.loads(body)["response"][dc.ids.MAP]["figure"]
        # the network and the table, sent only while on screen (the same for both approaches)
        if naive:  # the naive approach differs in the map only
            net_times, net_body, table_times, table_body = [0.0], b"", [0.0], b""
        else:
            net_times, net_body = timed_posts(dc.network_payload(filters, **options), warm=True)
            table_times, table_body = timed_posts(dc.table_payload(filters), warm=True)
        view_times["network"] += net_times
        view_times["table"] += table_times
        state = ViewState.from_dict(filters)
        shown = views.shown(state)
        t0 = time.perf_counter()
        for _ in range(reps):
            fig = views.map_figure(
                state,
                shown,
                color_by=options.get("color_by", "type"),
                choropleth=options.get("choropleth", False),
                labelled=[],
                focus="",
            )
            if naive:
                fig.to_dict()  # what Dash sends: the validated figure as JSON-ready data
            else:
                to_wire(fig)
        build = (time.perf_counter() - t0) / reps
        all_times += times
        per_state.append(
            {
                "state": name,
                "partners": len(shown),
                "p50_ms": statistics.median(times) * 1000,
                "max_ms": max(times) * 1000,
                "response_bytes": len(body),
                "figure_bytes": len(orjson.dumps(figure)),
                "traces": len(figure["data"]),
                "figure_build_ms": build * 1000,
                "network_p50_ms": statistics.median(net_times) * 1000,
                "network_bytes": len(net_body),
                "table_p50_ms": statistics.median(table_times) * 1000,
                "table_bytes": len(table_body),
            }
        )
    sync_times = []
    for search, controls in (
        ("?region=europe", None),
        ("", {dc.ids.REGION: ["north-america"]}),
        ("?type=double_degree&view=table", None),
        ("", {dc.ids.SEARCH: "poly"}),
    ):
        payload = dc.sync_payload(search, controls)
        for _ in range(reps):
            forget_filter_states()
            t0 = time.perf_counter()
            response = client.post(dc.UPDATE_URL, json=payload)
            sync_times.append(time.perf_counter() - t0)
            assert response.status_code == 200
    t0 = time.perf_counter()
    layouts.compute_layouts(model.G, model.partners, home=graph.inst_node(model.ds.home))
    layout_s = time.perf_counter() - t0
    return {
        "naive": naive,
        "institutions": len(model.ds.institutions),
        "partners": len(model.partners),
        "relations_rows": len(model.ds.agreements) + len(model.ds.memberships),
        "graph_nodes": model.G.number_of_nodes(),
        "graph_edges": model.G.number_of_edges(),
        "phases_s": phases,
        "layout_s": layout_s,
        "render_p50_ms": statistics.median(all_times) * 1000,
        "render_p95_ms": _pct(all_times, 0.95) * 1000,
        "sync_p50_ms": statistics.median(sync_times) * 1000,
        "sync_p95_ms": _pct(sync_times, 0.95) * 1000,
        "network_p50_ms": statistics.median(view_times["network"]) * 1000,
        "network_p95_ms": _pct(view_times["network"], 0.95) * 1000,
        "table_p50_ms": statistics.median(view_times["table"]) * 1000,
        "table_p95_ms": _pct(view_times["table"], 0.95) * 1000,
        "max_response_bytes": max(
            max(s["response_bytes"], s["network_bytes"], s["table_bytes"]) for s in per_state
        ),
        "states": per_state,
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def _capture_views() -> list[Any]:
    """Every ``ExplorerViews`` built from now on (the app builds one per data version)."""
    from dashboard.web.views import ExplorerViews

    made: list[Any] = []
    original = ExplorerViews.__post_init__

    def post_init(self: Any) -> None:
        original(self)
        made.append(self)

    ExplorerViews.__post_init__ = post_init  # type: ignore[method-assign]
    return made


def main(argv: list[str] | None = None) -> int:
    """Command line: print one run's figures as JSON."""
    parser = argparse.ArgumentParser()
    parser.add_argument("data_dir", type=Path)
    parser.add_argument("--naive", action="store_true")
    parser.add_argument("--reps", type=int, default=5)
    args = parser.parse_args(argv)
    result = measure(args.data_dir, naive=args.naive, reps=args.reps)
    json.dump(result, sys.stdout)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
