/* Explore with JavaScript (dashboard/explore/app.py). Without it, the page is a plain GET form and its view.

   1. A change answers in place from the first moment: the form's fields go to /explore/_panel, which answers the
      new view (panel and form rendered by the server's own templates) and its canonical address. The panel's
      slots and the form are replaced, focus stays on the control that was used, the address is pushed. A newer
      change cancels an older request, so the last change wins; back and forward fetch the view of the address.
   2. The interactive chart (Dash: a dcc.Graph drawn from the same chart spec as the SVG) loads only when a reader
      asks for it (the "Interactive chart" button) or, on a wide screen, first uses the chart or a control. It is
      told the address's query (or a change's fields) through dash_clientside.set_props, and its callback draws
      that view; until it is ready, the latest query waits. Once it is shown, a change's panel answer carries the
      new figure, handed to the graph with set_props: one round trip per change. */
(function () {
  "use strict";
  var FORM = "explore-form";
  var SLOTS = ["explore-notice", "explore-title", "explore-subtitle", "explore-chart-slot", "explore-summary",
               "explore-table-slot", "explore-about", "share-panel"];
  var WIDE = "(min-width: 60rem)";
  var staleSvg = false;          // the panel came without its SVG (the interactive chart stood in for it)
  var seq = 0;
  var inflight = null;
  var query = window.location.search.replace(/^\?/, "");
  var dash = "idle";             // idle -> loading -> ready (or failed: the SVG stays)
  var live = false;              // the reader wants the interactive chart

  function byId(id) { return document.getElementById(id); }
  function form() { return byId(FORM); }
  function inForm(ev) { var t = ev.target; return !!t && (t.id === FORM || (!!t.form && t.form.id === FORM)); }
  function fieldsOf(f) { return new window.URLSearchParams(new window.FormData(f)).toString(); }
  function status(text) { var s = byId("explore-live-status"); if (s) { s.textContent = text; } }

  // ---- 1. a change answered in place ----------------------------------------------------------------------------
  function replaceForm(markup) {
    var old = form();
    var t = document.createElement("template");
    t.innerHTML = markup;
    var fresh = t.content.firstElementChild;
    if (!old || !fresh) { return; }
    var focused = document.activeElement && old.contains(document.activeElement) ? document.activeElement.id : "";
    old.replaceWith(fresh);
    var target = focused && byId(focused);
    if (target) { target.focus({preventScroll: true}); }
  }

  function apply(data, push, drawn) {
    var t = document.createElement("template");
    t.innerHTML = data.panel;
    SLOTS.forEach(function (id) {
      var fresh = t.content.getElementById ? t.content.getElementById(id) : t.content.querySelector("#" + id);
      var old = byId(id);
      if (fresh && old) { old.innerHTML = fresh.innerHTML; }
    });
    staleSvg = data.svg === false;
    if (data.figure && showing()) { window.dash_clientside.set_props("explore-graph", {figure: data.figure}); }
    replaceForm(data.form);
    document.title = data.title;
    query = data.query;
    if (push && data.url !== window.location.pathname + window.location.search) {
      window.history.pushState({explore: data.query}, "", data.url);
    }
    document.querySelectorAll(".share-native[hidden]").forEach(function (b) { if (navigator.share) { b.hidden = false; } });
    if (!drawn) { draw(); }
  }

  function request(fields, push) {
    // while the interactive chart is shown, the panel's answer carries its figure (one round trip); while it is
    // loading, it is told the fields now and draws them when ready
    var drawn = showing() || draw(fields);
    var panel = byId("explore-panel");
    var mine = ++seq;
    if (inflight) { inflight.abort(); }
    inflight = new window.AbortController();
    if (panel) { panel.setAttribute("aria-busy", "true"); }
    var url = (form().getAttribute("data-panel") || "/explore/_panel") + (fields ? "?" + fields : "");
    var headers = {Accept: "application/json"};
    if (showing()) { headers["X-Explore-Chart"] = "interactive"; }   // no SVG needed: the graph stands in for it
    window.fetch(url, {signal: inflight.signal, headers: headers, credentials: "same-origin"})
      .then(function (r) { if (!r.ok) { throw new Error("status " + r.status); } return r.json(); })
      .then(function (data) { if (mine === seq) { apply(data, push, drawn); } })
      .catch(function (err) {
        if (err && err.name === "AbortError") { return; }
        if (mine === seq) { window.location.assign(form().getAttribute("action") + (fields ? "?" + fields : "")); }
      })
      .then(function () { if (mine === seq && panel) { panel.removeAttribute("aria-busy"); } });
  }

  document.addEventListener("change", function (ev) { if (inForm(ev)) { request(fieldsOf(form()), true); } });
  document.addEventListener("submit", function (ev) {
    if (ev.target && ev.target.id === FORM) { ev.preventDefault(); request(fieldsOf(ev.target), true); }
  });
  window.addEventListener("popstate", function () { request(window.location.search.replace(/^\?/, ""), false); });

  // ---- 2. the interactive chart ---------------------------------------------------------------------------------
  function draw(fields) {
    if (dash !== "ready" || !live) { return false; }
    window.dash_clientside.set_props("explore-query", {data: fields === undefined ? query : fields});
    return true;
  }

  function showing() { return live && dash === "ready"; }

  function show(on) {
    live = on;
    if (!on && staleSvg) { staleSvg = false; request(query, false); }   // the SVG of the view shown, again
    document.documentElement.classList.toggle("explore-live", on && dash === "ready");
    var root = byId("react-entry-point");
    if (root) { root.hidden = !(on && dash === "ready"); }
    var b = byId("explore-live-button");
    if (b) { b.setAttribute("aria-pressed", on ? "true" : "false"); }
  }

  function scripts() {
    var list = byId("explore-scripts");
    var cfg = list ? JSON.parse(list.textContent) : {};
    return (cfg.plotly ? [cfg.plotly] : []).concat(cfg.dash || []);
  }

  function load() {
    if (dash !== "idle") { return; }
    var srcs = scripts();
    if (!srcs.length || typeof window.Promise !== "function") { dash = "failed"; return; }
    dash = "loading";
    status("Loading the interactive chart…");
    var left = srcs.length;
    srcs.forEach(function (src) {
      var s = document.createElement("script");
      s.src = src;
      s.async = false;                         // download together, run in order
      s.onload = function () {
        left -= 1;
        if (left === 0 && typeof window.DashRenderer === "function") { window.dashRenderer = new window.DashRenderer(); }
      };
      s.onerror = function () { dash = "failed"; status("The interactive chart could not be loaded; the chart above is complete."); };
      document.body.appendChild(s);
    });
  }

  function engage() { if (!live) { show(true); } load(); draw(); }

  document.addEventListener("click", function (ev) {
    var b = ev.target && ev.target.closest ? ev.target.closest("#explore-live-button") : null;
    if (!b) { return; }
    if (live && dash === "ready") { show(false); } else { engage(); }
  });
  function wideEngage(ev) {
    var onChart = ev.target && ev.target.closest && ev.target.closest("#explore-chart-slot");
    if ((inForm(ev) || onChart) && window.matchMedia(WIDE).matches && dash === "idle") { engage(); }
  }
  ["focusin", "pointerdown"].forEach(function (type) { document.addEventListener(type, wideEngage, {passive: true}); });
  document.addEventListener("pointerover", wideEngage, {passive: true});

  // Dash calls these (clientside callbacks, dashboard/explore/app.py): the app is ready; a figure was drawn.
  window.dash_clientside = window.dash_clientside || {};
  window.dash_clientside.explore = {
    ready: function () {
      dash = "ready";
      draw();
      return window.dash_clientside.no_update;
    },
    drawn: function (fig) {
      if (fig && fig.data && fig.data.length) { show(live); status(""); }
      return window.dash_clientside.no_update;
    }
  };

  var button = byId("explore-live-button");
  if (button) { button.hidden = false; }
  var details = byId("explore-controls");
  if (details && window.matchMedia(WIDE).matches) { details.open = true; }
})();
