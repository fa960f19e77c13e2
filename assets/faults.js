// A callback request that gets no answer (a gunicorn worker killed mid-request, a dropped
// connection, a proxy's 502) would leave the page silently stale: with debug off, Dash's
// renderer only writes it to the console. This shows the page's notice instead, with the text
// and the notice id the server put in <meta name="dashboard-no-answer"> (UI text stays in the
// locale catalog, ids in ids.py). A served file, not an inline script: the CSP allows it.
(function () {
    const originalFetch = window.fetch;
    let leaving = false;  // requests cut short by a reload or by leaving the page are not faults
    window.addEventListener("pagehide", function () { leaving = true; });

    function tell() {
        const meta = document.querySelector('meta[name="dashboard-no-answer"]');
        const api = window.dash_clientside;
        if (leaving || !meta || !api || !api.set_props) { return; }
        api.set_props(meta.getAttribute("data-notice"), {children: meta.content, hidden: false});
    }

    window.fetch = function (resource) {
        const answer = originalFetch.apply(this, arguments);
        const url = resource instanceof Request ? resource.url : String(resource);
        if (url.indexOf("_dash-update-component") === -1) { return answer; }
        return answer.then(function (response) {
            if (response.status !== 200 && response.status !== 204) { tell(); }  // 204: no update
            return response;
        }, function (error) {
            tell();
            throw error;
        });
    };
})();
