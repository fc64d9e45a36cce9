/**
 * The dashboard page's own script (plain browser JavaScript, run after Chart.js): reads the embedded data and
 * draws the charts. Every label comes from the data and is drawn on a canvas, never parsed as HTML. Colours
 * always come with words: a bar's label says met / not met.
 */
export const DASHBOARD_SCRIPT = `(function () {
  'use strict';
  var data = JSON.parse(document.getElementById('dashboard-data').textContent);
  var report = data.report;
  var MET = '#1a7f37', NOT_MET = '#cf222e', NO_TARGET = '#57606a', TARGET = '#afb8c1';
  var SERIES = ['#0969da', '#8250df', '#bf8700', '#1a7f37', '#cf222e', '#57606a', '#e16f24', '#1b7c83', '#bf3989', '#6e7781'];
  var HOUR = 3600000;
  Chart.defaults.animation = false;
  Chart.defaults.font.family = getComputedStyle(document.body).fontFamily;
  Chart.defaults.color = '#24292f';
  Chart.defaults.plugins.legend.labels.boxWidth = 12;

  function countChart(id, counts, horizontal) {
    var labels = Object.keys(counts);
    var axis = horizontal ? 'x' : 'y';
    var scales = {};
    scales[axis] = { beginAtZero: true, ticks: { precision: 0 } };
    return new Chart(document.getElementById(id), {
      type: 'bar',
      data: {
        labels: labels,
        datasets: [{
          label: 'Changes',
          data: labels.map(function (key) { return counts[key]; }),
          backgroundColor: labels.map(function (_, index) { return SERIES[index % SERIES.length]; }),
        }],
      },
      options: {
        indexAxis: horizontal ? 'y' : 'x',
        maintainAspectRatio: false,
        plugins: { legend: { display: false } },
        scales: scales,
      },
    });
  }

  function metWord(metric) {
    if (metric.value === null) return 'n/a';
    if (metric.met === true) return 'met';
    if (metric.met === false) return 'not met';
    return 'no target';
  }

  function colourOf(metric) {
    return metric.met === true ? MET : metric.met === false ? NOT_MET : NO_TARGET;
  }

  // Metrics against targets: the value's bar is green when met, red when not, grey without a target, and its
  // label ends with the words; the target is the light bar beside it.
  function targetChart(id, metrics, scale, unit) {
    return new Chart(document.getElementById(id), {
      type: 'bar',
      data: {
        labels: metrics.map(function (metric) { return metric.title + ' (' + metWord(metric) + ')'; }),
        datasets: [
          {
            label: 'Value',
            data: metrics.map(function (metric) { return metric.value === null ? null : scale(metric.value); }),
            backgroundColor: metrics.map(colourOf),
          },
          {
            label: 'Target',
            data: metrics.map(function (metric) { return metric.target === null ? null : scale(metric.target.value); }),
            backgroundColor: TARGET,
          },
        ],
      },
      options: {
        indexAxis: 'y',
        maintainAspectRatio: false,
        scales: { x: { beginAtZero: true, title: { display: true, text: unit } } },
        plugins: {
          // The legend is the page's (words beside each colour): one dataset's colours vary by bar.
          legend: { display: false },
          tooltip: {
            callbacks: {
              label: function (context) {
                var metric = metrics[context.dataIndex];
                if (context.datasetIndex === 1) return metric.target ? 'Target ' + metric.target.display : 'No target';
                return metric.display + ' (' + metWord(metric) + ')';
              },
            },
          },
        },
      },
    });
  }

  var hours = function (ms) { return Math.round((ms / HOUR) * 100) / 100; };
  var same = function (value) { return value; };
  countChart('chart-status', report.by_status, true);
  countChart('chart-priority', report.by_priority);
  countChart('chart-type', report.by_type);
  targetChart('chart-rates', report.metrics.filter(function (metric) { return metric.unit === 'percent'; }), same, 'Percent');
  targetChart('chart-durations', report.metrics.filter(function (metric) { return metric.unit === 'duration_ms'; }), hours, 'Hours');
  document.documentElement.setAttribute('data-charts', 'drawn');
})();
`;
