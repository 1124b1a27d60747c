// leadpipe dashboard, Forecast section (issue 19): expected revenue from current prospects with its 95 % interval
// (overall and per segment, bars with whiskers), the backtest (forecast against actual per day, paired bars) and
// the propensity model card (version, examples, Brier, AUC, reliability by decile). Same rule as dashboard.js:
// every value goes into the page as text, never as markup (segment names are typed by operators).
'use strict';

(function () {
  const FORECAST = '/dashboard/api/forecast';
  const BACKTEST = '/dashboard/api/forecast/backtest?days=14';
  const MODEL = '/dashboard/api/forecast/model';
  // Sums change with every published profile; the model and the backtest at most once per closed snapshot.
  const REFRESH_MS = 30000;
  const COLORS = { forecast: '#3366cc', actual: '#109618', whisker: '#333333', diagonal: '#bbbbbb' };
  const BARS = { label: 130, bar: 300, value: 190, row: 22 };
  const PAIRS = { h: 200, top: 16, bottom: 34, left: 56, group: 44, bar: 16 };
  const RELIABILITY = { size: 220, pad: 34 };

  const $ = (id) => document.getElementById(id);
  const svg = (...args) => window.LeadpipeDashboard.svg(...args);
  const money = (n) => (typeof n === 'number' ? n.toLocaleString(undefined, { maximumFractionDigits: 0 }) : '–');
  const fixed = (n, digits) => (typeof n === 'number' ? n.toFixed(digits) : '–');

  function clear(id) {
    const el = $(id);
    while (el.firstChild) el.removeChild(el.firstChild);
    return el;
  }

  async function load(url) {
    const response = await fetch(url, { headers: { Accept: 'application/json' } });
    if (!response.ok) throw new Error(url + ' answered ' + response.status);
    return response.json();
  }

  // One bar per group (expected revenue), its whisker from the interval's low to high end.
  function forecastChart(rows) {
    const top = Math.max(1, ...rows.map((r) => r.figures.high));
    const w = BARS.label + BARS.bar + BARS.value;
    const h = rows.length * BARS.row + 4;
    const chartEl = svg('svg', { viewBox: '0 0 ' + w + ' ' + h, width: w, height: h, role: 'img',
      'aria-label': 'expected revenue per segment with its 95 % interval' });
    const x = (v) => BARS.label + (v / top) * BARS.bar;
    rows.forEach((r, i) => {
      const y = i * BARS.row;
      const f = r.figures;
      chartEl.appendChild(svg('text', { x: BARS.label - 6, y: y + 15, 'text-anchor': 'end' }, r.label));
      chartEl.appendChild(svg('rect', { x: BARS.label, y: y + 4, width: Math.max(1, x(f.expectedRevenue) - BARS.label),
        height: BARS.row - 8, fill: COLORS.forecast }));
      const mid = y + BARS.row / 2;
      chartEl.appendChild(svg('line', { x1: x(f.low), y1: mid, x2: x(f.high), y2: mid, stroke: COLORS.whisker }));
      [f.low, f.high].forEach((v) => chartEl.appendChild(
        svg('line', { x1: x(v), y1: mid - 5, x2: x(v), y2: mid + 5, stroke: COLORS.whisker })));
      chartEl.appendChild(svg('text', { x: w - 4, y: y + 15, 'text-anchor': 'end' },
        money(f.expectedRevenue) + ' (' + money(f.low) + '–' + money(f.high) + ')'));
      chartEl.appendChild(svg('title', {}, r.label + ': ' + money(f.expectedRevenue) + ' expected from '
        + f.visitors + ' visitors, 95 % interval ' + money(f.low) + '–' + money(f.high)));
    });
    return chartEl;
  }

  function renderForecast(report) {
    $('forecast-na').hidden = report != null;
    const chartEl = clear('forecast-segments');
    if (!report) {
      $('forecast-overall').textContent = '';
      return;
    }
    const o = report.overall;
    $('forecast-horizon').textContent = String(report.horizonDays);
    $('forecast-overall').textContent = money(o.expectedRevenue) + ' expected (95 %: ' + money(o.low) + '–'
      + money(o.high) + ') from ' + o.visitors + ' visitors, about ' + fixed(o.expectedBuyers, 1)
      + ' buyers; ' + o.valuedVisitors + ' valued by their cart or orders, the rest at the buyers\' average order '
      + 'value ' + money(o.averageOrderValue) + '. The interval takes the propensities as exact.';
    const rows = [{ label: 'all', figures: o }].concat(
      report.segments.map((s) => ({ label: s.name || s.segmentId, figures: s.forecast })));
    chartEl.appendChild(forecastChart(rows));
  }

  // Per day: the forecast (Σ p·v) beside the revenue bought within the horizon.
  function renderBacktest(report) {
    const chartEl = clear('forecast-backtest');
    const days = report ? report.days : [];
    $('forecast-backtest-na').hidden = days.length > 0;
    if (!days.length) return;
    const top = Math.max(1, ...days.map((d) => Math.max(d.forecastRevenue, d.actualRevenue)));
    const w = PAIRS.left + days.length * PAIRS.group + 8;
    const plot = PAIRS.h - PAIRS.top - PAIRS.bottom;
    const y = (v) => PAIRS.top + plot - (v / top) * plot;
    const el = svg('svg', { viewBox: '0 0 ' + w + ' ' + PAIRS.h, width: w, height: PAIRS.h, role: 'img',
      'aria-label': 'forecast against actual revenue per day' });
    el.appendChild(svg('text', { x: PAIRS.left - 4, y: PAIRS.top + 4, 'text-anchor': 'end' }, money(top)));
    el.appendChild(svg('text', { x: PAIRS.left - 4, y: y(0), 'text-anchor': 'end' }, '0'));
    days.forEach((d, i) => {
      const x0 = PAIRS.left + i * PAIRS.group;
      [['forecast', d.forecastRevenue], ['actual', d.actualRevenue]].forEach(([kind, v], j) => {
        const bar = svg('rect', { x: x0 + j * PAIRS.bar, y: y(v), width: PAIRS.bar - 2, height: Math.max(0, y(0) - y(v)),
          fill: COLORS[kind] });
        bar.appendChild(svg('title', {}, d.day + ' ' + kind + ': ' + money(v)
          + (kind === 'forecast' ? ' (' + fixed(d.expectedBuyers, 1) + ' buyers expected)'
            : ' (' + d.buyers + ' of ' + d.snapshots + ' bought)')));
        el.appendChild(bar);
      });
      el.appendChild(svg('text', { x: x0, y: PAIRS.h - PAIRS.bottom + 14 }, d.day.substring(5)));
    });
    el.appendChild(svg('text', { x: PAIRS.left, y: PAIRS.h - 4, fill: COLORS.forecast }, '■ forecast'));
    el.appendChild(svg('text', { x: PAIRS.left + 80, y: PAIRS.h - 4, fill: COLORS.actual }, '■ actual'));
    chartEl.appendChild(el);
  }

  // Mean prediction against observed rate per decile; a calibrated model lies on the diagonal.
  function reliabilityChart(bins) {
    const s = RELIABILITY.size;
    const p = RELIABILITY.pad;
    const top = Math.max(0.05, ...bins.map((b) => Math.max(b.meanPredicted, b.observedRate)));
    const at = (v) => (v / top) * (s - 2 * p);
    const el = svg('svg', { viewBox: '0 0 ' + s + ' ' + s, width: s, height: s, role: 'img',
      'aria-label': 'reliability by decile: mean predicted against observed purchase rate' });
    el.appendChild(svg('line', { x1: p, y1: s - p, x2: s - p, y2: p, stroke: COLORS.diagonal }));
    el.appendChild(svg('text', { x: s / 2, y: s - 6, 'text-anchor': 'middle' }, 'predicted'));
    el.appendChild(svg('text', { x: 4, y: p - 8 }, 'observed (max ' + fixed(top, 2) + ')'));
    bins.forEach((b) => {
      const dot = svg('circle', { cx: p + at(b.meanPredicted), cy: s - p - at(b.observedRate), r: 4,
        fill: COLORS.forecast });
      dot.appendChild(svg('title', {}, 'decile ' + b.decile + ': predicted ' + fixed(b.meanPredicted, 3)
        + ', observed ' + fixed(b.observedRate, 3) + ' (' + b.examples + ' examples)'));
      el.appendChild(dot);
    });
    return el;
  }

  function renderModel(card) {
    const rows = clear('forecast-model');
    const chartEl = clear('forecast-reliability');
    if (!card) return;
    // The serving version's own record carries its figures; before the trainer published, version 0 scores.
    const serving = (card.versions || []).find((v) => v.version === card.servingVersion) || card.serving;
    const e = serving ? serving.evaluation : null;
    const facts = [
      ['model', card.model],
      ['serving version', String(card.servingVersion)],
      ['examples trained', serving ? String(serving.examplesTrained) : '–'],
      ['holdout examples', e ? e.examples + ' (' + e.positives + ' bought)' : 'none yet'],
      ['Brier score', e && e.brier != null ? fixed(e.brier, 4) : '–'],
      ['AUC', e && e.auc != null ? fixed(e.auc, 3) : '–'],
    ];
    facts.forEach(([label, value]) => {
      const tr = document.createElement('tr');
      const th = document.createElement('th');
      th.textContent = label;
      const td = document.createElement('td');
      td.textContent = value;
      tr.append(th, td);
      rows.appendChild(tr);
    });
    if (e && e.reliability && e.reliability.length) chartEl.appendChild(reliabilityChart(e.reliability));
  }

  async function refresh() {
    const [forecast, backtest, model] = await Promise.all(
      [FORECAST, BACKTEST, MODEL].map((url) => load(url).catch(() => null)));
    renderForecast(forecast);
    renderBacktest(backtest);
    renderModel(model);
  }

  document.addEventListener('DOMContentLoaded', () => {
    refresh();
    setInterval(refresh, REFRESH_MS);
  });
}());
