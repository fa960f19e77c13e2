// The network chart, readable from the back of a room.
//
// Cytoscape draws text in graph units, so a label's size on screen is its font size times the
// zoom: fitted to a small panel, a 12 px label becomes 6 px. The stylesheet the server sends
// gives every size as it should look on screen at zoom 1; below zoom 1 this script enlarges
// the text by 1 / zoom, so labels never shrink below those sizes. It also re-fits the graph to
// its panel whenever its elements or layout change (a preset layout keeps the old viewport),
// and shows the label of the node under the pointer (class "hover").
(function () {
    const SCALED = ["font-size", "text-outline-width", "text-margin-y", "text-max-width"];
    const PADDING = 30;

    function graphOf(id) {
        const box = document.getElementById(id);
        return box && box._cyreg && box._cyreg.cy;
    }

    function scaleOf(cy) {
        return Math.max(1, 1 / cy.zoom());
    }

    function scaledStyle(sheet, factor) {
        const rules = sheet.map(function (rule) {
            const style = Object.assign({}, rule.style);
            SCALED.forEach(function (key) {
                const value = parseFloat(style[key]);
                if (!isNaN(value)) { style[key] = value * factor; }
            });
            return {selector: rule.selector, style: style};
        });
        // Last, so they win over every rule the server sent (a focus included).
        rules.push({selector: ".label-hidden", style: {label: ""}});
        rules.push({selector: ".hover", style: {label: "data(label)", "z-index": 30}});
        return rules;
    }

    function rank(node) {
        const kind = node.data("kind");
        const focused = parseFloat(node.style("border-width")) >= 4 ? 2 : 0;
        const base = kind === "home" ? 6 : kind === "consortium" ? 1 : 0;
        return [-(base + focused), -(node.data("strength") || 0), String(node.data("label"))];
    }

    function before(a, b) {
        for (let i = 0; i < a.length; i++) {
            if (a[i] < b[i]) { return -1; }
            if (a[i] > b[i]) { return 1; }
        }
        return 0;
    }

    function overlaps(a, b) {
        return a.x1 < b.x2 && b.x1 < a.x2 && a.y1 < b.y2 && b.y1 < a.y2;
    }

    // No two names drawn over each other: the most important keep their label (home, the
    // focus, consortia, then the strongest partners); the others show theirs on hover.
    function declutter(cy) {
        // Outside a batch: the styles must be current before the labels are measured.
        cy.nodes(".label-hidden").removeClass("label-hidden");
        const named = cy.nodes().filter(n => n.style("label") && !n.hasClass("hover"));
        const order = named.toArray().sort((a, b) => before(rank(a), rank(b)));
        const kept = [];
        const hide = [];
        const gap = 2 / cy.zoom();
        order.forEach(function (node) {
            const faded = parseFloat(node.style("opacity")) < 0.5;
            const box = node.boundingBox({includeNodes: false, includeEdges: false, includeLabels: true});
            const padded = {x1: box.x1 - gap, x2: box.x2 + gap, y1: box.y1 - gap, y2: box.y2 + gap};
            if (faded || kept.some(other => overlaps(padded, other))) {
                hide.push(node);
            } else {
                kept.push(padded);
            }
        });
        cy.batch(function () { hide.forEach(node => node.addClass("label-hidden")); });
    }

    function restyle(cy) {
        const sheet = cy.scratch("_dashboardSheet");
        const factor = scaleOf(cy);
        if (!sheet || Math.abs(factor - (cy.scratch("_dashboardScale") || 0)) < 0.02) { return; }
        cy.scratch("_dashboardScale", factor);
        cy.style(scaledStyle(sheet, factor));
    }

    // Label sizes are measured when the graph next draws: declutter after that.
    function settle(cy) {
        restyle(cy);
        window.requestAnimationFrame(function () { declutter(cy); });
    }

    function fitAndSettle(cy) {
        cy.resize();
        cy.fit(undefined, PADDING);
        cy.scratch("_dashboardScale", 0);
        settle(cy);
    }

    // New elements or new positions (a layout switch, a filter) re-fit the graph, once the
    // graph has taken them all; a node dragged by hand does not.
    function watch(cy) {
        if (cy.scratch("_dashboardWatched")) { return; }
        cy.scratch("_dashboardWatched", true);
        let pending = false;
        let timer = null;
        cy.on("zoom", function () {
            if (pending) { return; }
            pending = true;
            window.requestAnimationFrame(function () { pending = false; settle(cy); });
        });
        cy.on("add remove position", function () {
            if (cy.nodes(":grabbed").length) { return; }
            window.clearTimeout(timer);
            timer = window.setTimeout(function () { fitAndSettle(cy); }, 50);
        });
        cy.on("mouseover", "node", function (event) { event.target.addClass("hover"); });
        cy.on("mouseout", "node", function (event) { event.target.removeClass("hover"); });
    }

    // Dash handed the graph new elements or a new stylesheet; the graph applies them on its
    // next render. A new stylesheet alone (a focus) keeps the viewport the reader chose.
    function refit(elements, stylesheet, id) {
        const triggered = (window.dash_clientside.callback_context.triggered || []).map(t => t.prop_id);
        const moved = triggered.some(p => p.endsWith(".elements"));
        window.setTimeout(function () {
            const cy = graphOf(id);
            if (!cy) { return; }
            watch(cy);
            if (stylesheet) { cy.scratch("_dashboardSheet", stylesheet); }
            if (moved) { fitAndSettle(cy); } else { cy.scratch("_dashboardScale", 0); settle(cy); }
        }, 60);
        return window.dash_clientside.no_update;
    }

    window.dash_clientside = Object.assign({}, window.dash_clientside, {
        network: {refit: refit, graphOf: graphOf, scale: scaleOf, declutter: declutter}
    });
})();
