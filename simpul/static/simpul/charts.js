// Charts of the home pages, drawn with Chart.js (vendor/chartjs) from data the page carries in a json_script
// element: <canvas data-chart="<id of the json_script>">. No inline script (the CSP forbids them). The same figures
// are in a table beside each chart for screen readers and for printing.
(function () {
  "use strict";

  function rupiah(value, compact) {
    const lang = document.documentElement.lang || "id";
    const options = { style: "currency", currency: "IDR", maximumFractionDigits: 0 };
    if (compact) options.notation = "compact";
    return new Intl.NumberFormat(lang === "en" ? "en-ID" : "id-ID", options).format(value);
  }

  function numbers(list) {
    return (list || []).map(Number);
  }

  function draw(canvas) {
    const source = document.getElementById(canvas.dataset.chart);
    if (!source || typeof Chart === "undefined") return;
    const data = JSON.parse(source.textContent);
    const datasets = [];
    if (data.results) {
      datasets.push({
        type: "bar",
        label: canvas.dataset.labelResults || "",
        data: numbers(data.results),
        backgroundColor: numbers(data.results).map((v) => (v < 0 ? "rgba(185, 28, 28, 0.55)" : "rgba(22, 101, 52, 0.55)")),
        yAxisID: "result",
        order: 2,
      });
    }
    datasets.push({
      type: "line",
      label: canvas.dataset.labelSavings || "",
      data: numbers(data.savings),
      borderColor: "#1d4ed8",
      backgroundColor: "rgba(29, 78, 216, 0.12)",
      fill: !data.results,
      tension: 0.25,
      pointRadius: 2,
      yAxisID: "savings",
      order: 1,
    });
    const scales = {
      x: { ticks: { maxRotation: 0, autoSkip: true, font: { size: 10 } }, grid: { display: false } },
      savings: {
        position: "left",
        beginAtZero: true,
        ticks: { font: { size: 10 }, callback: (v) => rupiah(v, true) },
      },
    };
    if (data.results) {
      scales.result = {
        position: "right",
        ticks: { font: { size: 10 }, callback: (v) => rupiah(v, true) },
        grid: { drawOnChartArea: false },
      };
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
        scales: scales,
      },
    });
  }

  function drawAll() {
    document.querySelectorAll("canvas[data-chart]").forEach(draw);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", drawAll);
  } else {
    drawAll();
  }
})();
