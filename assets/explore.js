/* Explore: Dash as the enhancement of a page that already works (dashboard/explore/__init__.py).

   A reading visitor never pays for Dash: its scripts load on the first interaction with the form (focus, pointer
   or key on a control). Until Dash is ready, a change submits the form (a plain page load). Dash renders its
   layout (the same view, built from this page's query) into a hidden copy of #react-entry-point; when the view
   is there, the copy replaces the server's HTML in one step, so nothing moves. From then on a change sends the
   form's fields to Dash's one callback, which answers with the view, the canonical URL and the new form. */
(function () {
  "use strict";
  var FORM = "explore-form";
  var state = "idle";            // idle -> loading -> staged -> live (or failed: the form keeps submitting)
  var observer = null;

  function form() { return document.getElementById(FORM); }

  function fields(f) {
    var out = {};
    new window.FormData(f).forEach(function (value, name) { (out[name] = out[name] || []).push(String(value)); });
    return out;
  }

  function send() {
    window.dash_clientside.set_props("explore-fields", {data: {fields: fields(form()), t: Date.now()}});
  }

  function submit(f) {
    if (f.requestSubmit) { f.requestSubmit(); } else { f.submit(); }
  }

  // Dash's layout request carries this page's query, so Dash starts from the view the server sent.
  function withQuery() {
    var original = window.fetch;
    window.fetch = function (input, init) {
      if (typeof input === "string" && /_dash-layout$/.test(input)) { input += window.location.search; }
      return original.call(this, input, init);
    };
  }

  function ready(stage) {
    var panel = stage.querySelector("#explore-panel");
    if (!panel) { return false; }
    var needsChart = document.querySelector("#explore-static .chart-pair");
    return !needsChart || !!panel.querySelector(".chart-pair svg");
  }

  function swap(stage, staticEntry) {
    if (observer) { observer.disconnect(); observer = null; }
    staticEntry.remove();
    stage.hidden = false;
    state = "live";
    document.documentElement.classList.add("explore-live");
  }

  function start() {
    var entry = document.getElementById("react-entry-point");
    if (!entry || typeof window.DashRenderer !== "function") { state = "failed"; return; }
    var stage = entry.cloneNode(false);
    entry.id = "explore-static";
    stage.hidden = true;
    entry.parentNode.insertBefore(stage, entry.nextSibling);
    state = "staged";
    observer = new window.MutationObserver(function () { if (ready(stage)) { swap(stage, entry); } });
    observer.observe(stage, {childList: true, subtree: true});
    window.dashRenderer = new window.DashRenderer();
  }

  function load() {
    if (state !== "idle") { return; }
    state = "loading";
    var list = document.getElementById("explore-scripts");
    var srcs = list ? JSON.parse(list.textContent) : [];
    if (!srcs.length) { state = "failed"; return; }
    withQuery();
    var left = srcs.length;
    srcs.forEach(function (src) {
      var s = document.createElement("script");
      s.src = src;
      s.async = false;                         // download together, run in order
      s.onload = function () { left -= 1; if (left === 0) { start(); } };
      s.onerror = function () { state = "failed"; };
      document.body.appendChild(s);
    });
  }

  function inForm(ev) { var t = ev.target; return t && (t.id === FORM || (t.form && t.form.id === FORM)); }

  ["focusin", "pointerdown", "keydown"].forEach(function (type) {
    document.addEventListener(type, function (ev) { if (inForm(ev)) { load(); } }, {passive: true});
  });
  document.addEventListener("change", function (ev) {
    if (!inForm(ev)) { return; }
    if (state === "live") { send(); } else { submit(ev.target.form); }
  });
  document.addEventListener("submit", function (ev) {
    if (ev.target && ev.target.id === FORM && state === "live") { ev.preventDefault(); send(); }
  });

  // The one clientside callback: the new form (drawn by the server for the new view) takes the old one's place,
  // with focus kept on the control that was used; the document title follows the view.
  window.dash_clientside = window.dash_clientside || {};
  window.dash_clientside.explore = {
    replaceForm: function (data) {
      var old = form();
      if (!data || !data.form || !old) { return; }
      var focused = document.activeElement && old.contains(document.activeElement) ? document.activeElement.id : null;
      var t = document.createElement("template");
      t.innerHTML = data.form;
      var fresh = t.content.firstElementChild;
      if (!fresh) { return; }
      old.replaceWith(fresh);
      if (data.title) { document.title = data.title; }
      var target = focused && document.getElementById(focused);
      if (target) { target.focus({preventScroll: true}); }
    }
  };
})();
