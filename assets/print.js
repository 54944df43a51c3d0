/* Redraw Plotly charts at the printed width before printing (and back after), so a chart printed from a
   wide window is not cut off. Used by the briefing and topic pages' print stylesheet (assets/print.css). */
(function () {
  function resizeAll() {
    if (!window.Plotly || !window.Plotly.Plots) { return; }
    document.querySelectorAll('.js-plotly-plot').forEach(function (g) { window.Plotly.Plots.resize(g); });
  }
  window.addEventListener('beforeprint', resizeAll);
  window.addEventListener('afterprint', resizeAll);
}());
