// A callback request that gets no answer (a gunicorn worker killed mid-request, a dropped
// connection, a proxy's 502) would leave the page silently stale: with debug off, Dash's
// renderer only writes it to the console. This shows the page's notice instead, with the text
// and the notice id the server put in <meta name="dashboard-no-answer"> (UI text stays in the
// locale catalog, ids in ids.py). A served file, not an inline script: the CSP allows it.
//
// It also keeps a page on the data version it was built from (dashboard/web/versions.py):
// every callback request says which version the page shows (the layout's
// [data-dashboard-version] mark); the server answers from that version while it holds it,
// says when newer data exists (header X-Dashboard-Data: newer), and answers 409 when it no
// longer holds it: the page then asks for a reload instead of mixing two versions.
(function () {
    const originalFetch = window.fetch;
    let leaving = false;  // requests cut short by a reload or by leaving the page are not faults
    window.addEventListener("pagehide", function () { leaving = true; });

    function tell(name) {
        const meta = document.querySelector('meta[name="' + name + '"]');
        const api = window.dash_clientside;
        if (leaving || !meta || !api || !api.set_props) { return; }
        api.set_props(meta.getAttribute("data-notice"), {children: meta.content, hidden: false});
    }

    function withVersion(init) {
        const mark = document.querySelector("[data-dashboard-version]");
        const version = mark && mark.getAttribute("data-dashboard-version");
        if (!version) { return init; }
        const out = Object.assign({}, init || {});
        const headers = new Headers(out.headers || {});
        headers.set("X-Dashboard-Data-Version", version);
        out.headers = headers;
        return out;
    }

    window.fetch = function (resource, init) {
        const url = resource instanceof Request ? resource.url : String(resource);
        if (url.indexOf("_dash-update-component") === -1) { return originalFetch.apply(this, arguments); }
        const answer = originalFetch.call(this, resource, withVersion(init));
        return answer.then(function (response) {
            if (response.status === 409) {
                tell("dashboard-data-gone");
            } else if (response.status !== 200 && response.status !== 204) {  // 204: no update
                tell("dashboard-no-answer");
            }
            if (response.headers.get("X-Dashboard-Data") === "newer") { tell("dashboard-data-newer"); }
            return response;
        }, function (error) {
            tell("dashboard-no-answer");
            throw error;
        });
    };
})();
