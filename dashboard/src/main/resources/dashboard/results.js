// leadpipe operator dashboard: "What works" (issue 18). Strategy results from the notifier as bars of each variant's
// uplift against the holdout with its 95 % interval, overall or broken down by reason or segment; and how often the
// inferred hesitation reason was the one visitors stated, as a small heat map. Same rule as dashboard.js: every value
// goes into the page as text, never as markup. Drawing helpers and the operator's admin key come from dashboard.js.
'use strict';

(function () {
  const STRATEGIES = '/dashboard/api/results/strategies';
  const ACCURACY = '/dashboard/api/results/reason-accuracy';
  const REFRESH_MS = 30000;
  // One bar row: label column, plot, value column (px); the plot spans the widest interval of the strategy.
  const BAR = { label: 130, plot: 300, value: 170, row: 22, pad: 4 };

  const $ = (id) => document.getElementById(id);
  const d = () => window.LeadpipeDashboard;

  function text(tag, value, className) {
    const el = document.createElement(tag);
    el.textContent = value == null ? '' : String(value);
    if (className) el.className = className;
    return el;
  }

  // Percentage points with a sign: uplifts are differences of conversion rates.
  const points = (x) => (typeof x === 'number' ? (x > 0 ? '+' : '') + d().number(x * 100, 1) + ' pp' : '–');

  // The groups a strategy's results are shown in: overall, or one per reason / segment value.
  function groups(result, by) {
    if (by === 'reasons' || by === 'segments') {
      return Object.entries(result[by] || {}).map(([value, arms]) => ({ title: value, arms }));
    }
    return [{ title: null, arms: result.arms || [] }];
  }

  // Bars of the treated arms' rate difference against the holdout, each with its interval as a whiskered line;
  // a zero line; significant arms (interval excluding 0) marked. Arms without a comparison yet are listed as such.
  function upliftChart(arms) {
    const treated = arms.filter((a) => !a.holdout);
    const compared = treated.filter((a) => a.versusHoldout);
    const reach = Math.max(0.01, ...compared.flatMap((a) => [Math.abs(a.versusHoldout.rateLower),
      Math.abs(a.versusHoldout.rateUpper)]));
    const x = (v) => BAR.label + BAR.plot / 2 + (v / reach) * (BAR.plot / 2 - BAR.pad);
    const w = BAR.label + BAR.plot + BAR.value;
    const h = Math.max(1, treated.length) * BAR.row;
    const chartEl = d().svg('svg', { viewBox: '0 0 ' + w + ' ' + h, width: w, height: h, role: 'img',
      class: 'uplift-chart' });
    chartEl.appendChild(d().svg('line', { x1: x(0), y1: 0, x2: x(0), y2: h, class: 'zero' }));
    treated.forEach((a, i) => {
      const y = i * BAR.row;
      const mid = y + BAR.row / 2;
      const u = a.versusHoldout;
      const g = d().svg('g', { class: 'arm' + (u && u.rateSignificant ? ' significant' : '') });
      g.appendChild(d().svg('text', { x: BAR.label - 6, y: mid + 4, 'text-anchor': 'end', class: 'label' },
        (u && u.rateSignificant ? '★ ' : '') + a.variantId));
      if (u) {
        const from = Math.min(x(0), x(u.rateDifference));
        g.appendChild(d().svg('rect', { x: from, y: y + 5, width: Math.max(1, Math.abs(x(u.rateDifference) - x(0))),
          height: BAR.row - 10, class: 'uplift' + (u.rateDifference < 0 ? ' negative' : '') }));
        g.appendChild(d().svg('line', { x1: x(u.rateLower), y1: mid, x2: x(u.rateUpper), y2: mid, class: 'ci' }));
        [u.rateLower, u.rateUpper].forEach((v) => g.appendChild(d().svg('line',
          { x1: x(v), y1: mid - 5, x2: x(v), y2: mid + 5, class: 'ci' })));
        g.appendChild(d().svg('text', { x: w - 4, y: mid + 4, 'text-anchor': 'end', class: 'value' },
          points(u.rateDifference) + ' [' + points(u.rateLower) + ', ' + points(u.rateUpper) + ']'));
      } else {
        g.appendChild(d().svg('text', { x: BAR.label, y: mid + 4, class: 'value' }, 'no comparison yet'));
      }
      g.appendChild(d().svg('title', {}, a.variantId + ': ' + d().number(a.converted) + ' of '
        + d().number(a.assigned) + ' bought' + (u ? ', uplift ' + points(u.rateDifference) + ', 95 % interval '
        + points(u.rateLower) + ' to ' + points(u.rateUpper) + (u.rateSignificant ? ' (significant)' : '') : '')));
      chartEl.appendChild(g);
    });
    return chartEl;
  }

  function holdoutLine(arms) {
    const holdout = arms.find((a) => a.holdout);
    return holdout ? 'holdout: ' + d().number(holdout.converted) + ' of ' + d().number(holdout.assigned)
      + ' bought (' + d().percent(holdout.conversionRate) + ')' : 'no holdout visitors yet';
  }

  function renderStrategies(answer, by) {
    const results = (answer && answer.results) || [];
    show('strategy-results-na', results.length === 0);
    $('strategy-results').replaceChildren(...results.map((r) => {
      const box = document.createElement('div');
      box.className = 'strategy-result';
      box.appendChild(text('h3', r.strategyId + ' (version ' + r.strategyVersion + ')'));
      const shown = groups(r, by);
      if (shown.length === 0) box.appendChild(text('p', 'no visitors in any ' + by.replace(/s$/, '') + ' yet', 'na'));
      shown.forEach((g) => {
        if (g.title != null) box.appendChild(text('h4', g.title));
        box.appendChild(text('p', holdoutLine(g.arms), 'hint'));
        box.appendChild(upliftChart(g.arms));
      });
      return box;
    }));
  }

  function show(id, visible) {
    $(id).hidden = !visible;
  }

  // Rows inferred, columns stated; a cell's shade is its share of the largest cell, the diagonal outlined.
  function renderAccuracy(a) {
    show('reason-accuracy-na', !a);
    if (!a) {
      $('reason-accuracy').replaceChildren();
      setSummary('');
      return;
    }
    const acc = a.accuracy;
    setSummary(acc ? d().percent(acc.value) + ' right (95 % ' + d().percent(acc.lower) + '–'
      + d().percent(acc.upper) + ') of ' + d().number(a.answered) + ' answers' : 'nobody answered yet');
    const rows = a.matrix.filter((r) => r.total > 0);
    const max = Math.max(1, ...rows.flatMap((r) => r.visitors));
    const table = document.createElement('table');
    table.className = 'confusion';
    const head = document.createElement('tr');
    head.appendChild(text('th', 'inferred ↓ stated →'));
    a.stated.forEach((s) => head.appendChild(text('th', s)));
    table.appendChild(head);
    rows.forEach((r) => {
      const tr = document.createElement('tr');
      tr.appendChild(text('th', r.inferred));
      r.visitors.forEach((n, i) => {
        const td = text('td', n || '', 'num' + (a.stated[i] === r.inferred ? ' diagonal' : ''));
        td.style.backgroundColor = 'rgba(51, 102, 204, ' + (n / max).toFixed(2) + ')';
        if (n / max > 0.5) td.classList.add('dark');
        tr.appendChild(td);
      });
      table.appendChild(tr);
    });
    $('reason-accuracy').replaceChildren(table);
  }

  function setSummary(value) {
    $('reason-accuracy-summary').textContent = value;
  }

  async function loadStrategies() {
    const key = d() && d().adminKey();
    show('strategy-results-locked', !key);
    if (!key) {
      $('strategy-results').replaceChildren();
      show('strategy-results-na', false);
      return;
    }
    try {
      const response = await fetch(STRATEGIES, { credentials: 'same-origin',
        headers: { 'X-Admin-Key': key, Accept: 'application/json' } });
      renderStrategies(response.ok ? await response.json() : null, $('strategy-results-by').value);
    } catch (e) {
      renderStrategies(null, null);
    }
  }

  async function loadAccuracy() {
    const segment = $('reason-accuracy-segment').value.trim();
    try {
      const response = await fetch(ACCURACY + (segment ? '?segment=' + encodeURIComponent(segment) : ''),
        { credentials: 'same-origin' });
      renderAccuracy(response.ok ? await response.json() : null);
    } catch (e) {
      renderAccuracy(null);
    }
  }

  document.addEventListener('DOMContentLoaded', () => {
    $('strategy-results-by').addEventListener('change', loadStrategies);
    $('strategy-results-load').addEventListener('click', loadStrategies);
    $('reason-accuracy-form').addEventListener('submit', (e) => { e.preventDefault(); loadAccuracy(); });
    loadAccuracy();
    setInterval(() => { loadAccuracy(); if (d().adminKey()) loadStrategies(); }, REFRESH_MS);
  });
}());
