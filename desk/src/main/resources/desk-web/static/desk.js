// Seawall desk dashboard: charts from the API, htmx error messages. No inline script (CSP: script-src 'self').
"use strict";

document.addEventListener("htmx:responseError", (ev) => {
  const box = document.getElementById("htmx-error");
  if (!box) return;
  let text = "Request failed (" + ev.detail.xhr.status + ")";
  try {
    const body = JSON.parse(ev.detail.xhr.responseText);
    if (body && body.message) text = body.message;
  } catch (e) { /* not JSON: keep the status line */ }
  box.textContent = text;
  box.hidden = false;
});

function drawCharts(section) {
  fetch(section.dataset.charts, { credentials: "same-origin", headers: { "Accept": "application/json" } })
    .then((r) => {
      if (!r.ok) throw new Error("chart data: HTTP " + r.status);
      return r.json();
    })
    .then((data) => {
      section.querySelectorAll("canvas[data-series]").forEach((canvas) => {
        const series = data[canvas.dataset.series];
        if (!series) return;
        new Chart(canvas, {
          type: canvas.dataset.kind || "bar",
          data: { labels: series.labels, datasets: [{ label: canvas.dataset.label || "", data: series.values }] },
          options: { animation: false, responsive: true, plugins: { legend: { display: false } },
                     scales: { y: { beginAtZero: true, ticks: { precision: 0 } } } },
        });
      });
      section.dataset.loaded = "true";
    })
    .catch((e) => {
      section.dataset.loaded = "error";
      const p = document.createElement("p");
      p.className = "flash error";
      p.textContent = e.message;
      section.prepend(p);
    });
}

document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll("[data-charts]").forEach(drawCharts);
});
