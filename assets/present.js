// Presentation mode keys: what presentation clickers send (arrows, PageUp/PageDown, space),
// F for full screen and Esc back to the explorer. Clicks the page's own buttons, so every
// step goes through the same Dash callbacks and lands in the URL.
(function () {
    const KEYS = {
        ArrowRight: "present-next", PageDown: "present-next", " ": "present-next", Spacebar: "present-next",
        ArrowDown: "present-next", ArrowLeft: "present-prev", PageUp: "present-prev", ArrowUp: "present-prev",
        Escape: "present-exit", f: "present-fullscreen", F: "present-fullscreen"
    };
    document.addEventListener("keydown", function (event) {
        if (!window.location.pathname.replace(/\/+$/, "").endsWith("/present")) { return; }
        if (event.altKey || event.ctrlKey || event.metaKey) { return; }
        const tag = (event.target && event.target.tagName || "").toLowerCase();
        if (tag === "input" || tag === "textarea" || tag === "select") { return; }
        const target = KEYS[event.key];
        if (!target) { return; }
        if (event.key === "Escape" && document.fullscreenElement) { return; }  // first Esc leaves full screen
        const element = document.getElementById(target);
        if (element) {
            event.preventDefault();
            element.click();
        }
    });
})();
