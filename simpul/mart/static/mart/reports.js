// Charts of the mart's reports, drawn with Chart.js (vendor/chartjs) from data the page carries in a json_script
// element: <canvas data-mart-chart="<id of the json_script>" data-label-sales="…" data-label-margin="…">.
// No inline script (the CSP forbids them); the same figures are in a table beside each chart.
(function () {
  "use strict";

  function rupiah(value, compact) {
    const lang = document.documentElement.lang || "id";
    const options = { style: "currency", currency: "IDR", maximumFractionDigits: 0 };
    if (compact) options.notation = "compact";
    return new Intl.NumberFormat(lang === "en" ? "en-ID" : "id-ID", options).format(value);
  }

  function draw(canvas) {
    const source = document.getElementById(canvas.dataset.martChart);
    if (!source || typeof Chart === "undefined") return;
    const data = JSON.parse(source.textContent);
    const datasets = [
      {
        type: "bar",
        label: canvas.dataset.labelSales || "",
        data: (data.sales || []).map(Number),
        backgroundColor: "rgba(29, 78, 216, 0.55)",
        order: 2,
      },
    ];
    if (data.margin) {
      datasets.push({
        type: "line",
        label: canvas.dataset.labelMargin || "",
        data: data.margin.map(Number),
        borderColor: "#166534",
        backgroundColor: "rgba(22, 101, 52, 0.12)",
        tension: 0.25,
        pointRadius: 2,
        order: 1,
      });
    }
    new Chart(canvas, {
      data: { labels: data.labels, datasets: datasets },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        interaction: { mode: "index", intersect: false },
        plugins: {
          legend: { position: "bottom", labels: { boxWidth: 12, font: { size: 11 } } },
          tooltip: { callbacks: { label: (item) => `${item.dataset.label}: ${rupiah(item.parsed.y, false)}` } },
        },
        scales: {
          x: { ticks: { maxRotation: 0, autoSkip: true, font: { size: 10 } }, grid: { display: false } },
          y: { beginAtZero: true, ticks: { font: { size: 10 }, callback: (v) => rupiah(v, true) } },
        },
      },
    });
  }

  function drawAll() {
    document.querySelectorAll("canvas[data-mart-chart]").forEach(draw);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", drawAll);
  } else {
    drawAll();
  }
})();
