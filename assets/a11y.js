// Accessibility glue for Dash 4's own widgets and the explorer's keyboard paths (WCAG 2.1 AA).
// Served by the app itself (no fetch, nothing external). UI words come from the page (labels,
// data- attributes written from the locale catalog), never from this file.
//  - Names: a checklist, radio group, slider or drop-down is named by the <label for="its id">
//    the layout gives it. Dash renders checklists as a listbox of options holding checkboxes
//    (focusable inside focusable); they become a group of native checkboxes instead.
//  - Drop-downs: Dash 4 puts an aria-hidden, focusable proxy input before the real button;
//    the button takes the Tab stop and the proxy leaves the tab order.
//  - The details panel: focus moves into it when a user opens it and back where it came
//    from when it closes (close button or Esc).
//  - The table: Esc inside the grid leaves it in one key press.
//  - Skip links move focus without changing the URL (the URL is the view's state).
(function () {
    "use strict";
    let lastUser = 0, lastKeyboard = false, opener = null, detailsShown = "", scheduled = false;

    function labelOf(element) {
        if (!element.id) { return null; }
        const label = document.querySelector('label[for="' + CSS.escape(element.id) + '"]');
        if (label && !label.id) { label.id = element.id + "-label"; }
        return label;
    }

    function name(element, label) {
        if (element.getAttribute("aria-labelledby") !== label.id) { element.setAttribute("aria-labelledby", label.id); }
    }

    function fixOptionLists() {
        document.querySelectorAll(".dash-checklist, .dash-radioitems").forEach(function (list) {
            const role = list.classList.contains("dash-radioitems") ? "radiogroup" : "group";
            if (list.getAttribute("role") !== role) { list.setAttribute("role", role); }
            const label = labelOf(list);
            if (label) { name(list, label); }
            list.querySelectorAll("label[role=option], label[aria-selected]").forEach(function (option) {
                option.removeAttribute("role");
                option.removeAttribute("aria-selected");
            });
        });
    }

    function fixUploads() {  // dcc.Upload's hidden file input is named by the drop zone's own text
        document.querySelectorAll("input[type=file]").forEach(function (input) {
            const zone = input.parentElement && input.parentElement.closest("[id]");
            if (zone && input.getAttribute("aria-labelledby") !== zone.id) { input.setAttribute("aria-labelledby", zone.id); }
        });
    }

    function fixSliders() {
        document.querySelectorAll(".dash-slider-container").forEach(function (slider) {
            const label = labelOf(slider);
            if (!label) { return; }
            const base = label.textContent.trim();
            const parts = (label.getAttribute("data-a11y-range") || "").split("|");
            const thumbs = slider.querySelectorAll("[role=slider]");
            const inputs = slider.querySelectorAll("input");
            [thumbs, inputs].forEach(function (group) {
                group.forEach(function (element, index) {
                    const part = group.length > 1 && parts[index] ? base + ", " + parts[index] : base;
                    if (element.getAttribute("aria-label") !== part) { element.setAttribute("aria-label", part); }
                });
            });
        });
    }

    function fixDropdowns() {
        document.querySelectorAll(".dash-dropdown-focus-target").forEach(function (proxy) {
            if (proxy.tabIndex !== -1) { proxy.tabIndex = -1; }
            const button = proxy.nextElementSibling;
            if (!button || button.tagName !== "BUTTON") { return; }
            if (!button.disabled && button.tabIndex !== 0) { button.tabIndex = 0; }
            const label = labelOf(button);
            const value = button.id + "-value";
            const wanted = label ? label.id + " " + value : null;
            if (wanted && button.getAttribute("aria-labelledby") !== wanted) {
                button.setAttribute("aria-labelledby", wanted);
            }
        });
    }

    function visible(element) {
        return element && element.isConnected && element.getClientRects().length > 0;
    }

    function followDetails() {
        const panel = document.getElementById("details");
        if (!panel) { return; }
        const heading = panel.querySelector(".details-name");
        const shown = panel.classList.contains("has-focus") && heading ? heading.textContent : "";
        if (shown === detailsShown) { return; }
        const closed = detailsShown && !shown;
        detailsShown = shown;
        // A page load with ?focus= does not steal focus: nothing has been pressed yet. After
        // that, however long the server takes to answer (a busy worker), focus follows.
        if (!lastUser) { return; }
        const active = document.activeElement;
        if (shown) {
            if (!panel.contains(active)) { opener = active; }
            heading.setAttribute("tabindex", "-1");
            heading.focus({preventScroll: !lastKeyboard});
        } else if (closed && (panel.contains(active) || active === document.body)) {
            // The opener found again by its id, if the page drew it anew meanwhile.
            const again = opener && opener.id ? document.getElementById(opener.id) : null;
            const back = visible(again) ? again : visible(opener) ? opener
                : document.querySelector("[data-a11y-fallback] button");
            if (back) { back.focus(); }
            opener = null;
        }
    }

    function fixAll() {
        scheduled = false;
        fixOptionLists();
        fixSliders();
        fixDropdowns();
        fixUploads();
        followDetails();
    }

    function schedule() {
        if (!scheduled) { scheduled = true; window.requestAnimationFrame(fixAll); }
    }

    function focusTarget(selector) {
        const target = document.querySelector(selector);
        if (!target) { return; }
        if (!target.hasAttribute("tabindex")) { target.setAttribute("tabindex", "-1"); }
        target.focus();
    }

    document.addEventListener("keydown", function (event) {
        lastUser = Date.now();
        lastKeyboard = true;
        if (event.key !== "Escape") { return; }
        const active = document.activeElement;
        const grid = active && active.closest(".ag-root-wrapper");
        const panel = active && active.closest("#details");
        if (grid && !document.querySelector(".ag-popup")) {
            event.preventDefault();
            focusTarget(grid.closest("[data-a11y-leave]").getAttribute("data-a11y-leave"));
        } else if (panel && panel.classList.contains("has-focus")) {
            event.preventDefault();
            const close = document.getElementById("details-close");
            if (close) { close.click(); }
        }
    }, true);
    document.addEventListener("mousedown", function () { lastUser = Date.now(); lastKeyboard = false; }, true);
    document.addEventListener("click", function (event) {
        const link = event.target.closest && event.target.closest("a[data-a11y-skip]");
        if (!link) { return; }
        event.preventDefault();
        focusTarget(link.getAttribute("data-a11y-skip"));
    });
    new MutationObserver(schedule).observe(document.documentElement, {
        subtree: true, childList: true, attributes: true, attributeFilter: ["class", "tabindex", "role", "aria-selected"]
    });
    schedule();
})();
