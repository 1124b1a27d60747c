// leadpipe operator dashboard. Renders the live snapshot pushed by /dashboard/api/stream and the prospect list
// from /dashboard/api/prospects. Rule: every value goes into the page as text (textContent, option.text, canvas
// labels), never as markup, because much of it was typed by visitors (comments, names, ids).
'use strict';

(function () {
  const STREAM = '/dashboard/api/stream';
  const SNAPSHOT = '/dashboard/api/snapshot';
  const PROSPECTS = '/dashboard/api/prospects';
  const PROSPECT_REFRESH_MS = 10000;
  const COLORS = ['#3366cc', '#dc3912', '#ff9900', '#109618', '#990099', '#0099c6', '#dd4477', '#66aa00',
    '#b82e2e', '#316395'];
  const charts = {};

  // ---- DOM helpers: text only ----
  const $ = (id) => document.getElementById(id);

  function cell(value, className) {
    const td = document.createElement('td');
    td.textContent = value == null ? '' : String(value);
    if (className) td.className = className;
    return td;
  }

  function row(cells, className) {
    const tr = document.createElement('tr');
    cells.forEach((c) => tr.appendChild(c instanceof Node ? c : cell(c)));
    if (className) tr.className = className;
    return tr;
  }

  function fill(tbodyId, rows) {
    $(tbodyId).replaceChildren(...rows);
  }

  function setText(id, value) {
    $(id).textContent = value == null ? '' : String(value);
  }

  function show(id, visible) {
    $(id).hidden = !visible;
  }

  const number = (n, digits) => (typeof n === 'number' ? n.toLocaleString(undefined,
    { maximumFractionDigits: digits == null ? 0 : digits }) : '');
  const time = (t) => (t ? new Date(t).toLocaleTimeString() : '');
  const entries = (obj) => Object.entries(obj || {}).sort((a, b) => b[1] - a[1]);
  const compact = (obj) => entries(obj).map(([k, v]) => k + ' ' + v).join(', ');

  const percent = (share) => (typeof share === 'number' ? number(share * 100, 0) + ' %' : '–');

  // ---- charts (Chart.js from its WebJar; labels are drawn on a canvas, never parsed as markup) ----
  function chart(id, type, labels, datasets, options) {
    if (typeof Chart === 'undefined') return;
    const data = { labels, datasets: datasets.map((d, i) => Object.assign({
      borderColor: COLORS[i % COLORS.length], backgroundColor: COLORS[i % COLORS.length],
      pointRadius: 0, borderWidth: 2 }, d)) };
    if (!charts[id]) {
      charts[id] = new Chart($(id), { type, data, options: Object.assign({
        animation: false, responsive: true, maintainAspectRatio: false,
        plugins: { legend: { display: datasets.length > 1, position: 'bottom' } },
        scales: { y: { beginAtZero: true } } }, options || {}) });
    } else {
      charts[id].data = data;
      charts[id].update('none');
    }
  }

  // ---- panels ----
  function renderTraffic(traffic) {
    fill('rates', traffic.topics.map((t) => row([t.topic, cell(number(t.perSecond, 1), 'num'),
      cell(number(t.endOffset), 'num')])));
    const history = traffic.history;
    chart('rates-chart', 'line', history.at.map(time),
      Object.entries(history.series).map(([t, values]) => ({ label: t.replace('leadpipe.', ''), data: values })));
    fill('lag', traffic.consumerLag.map((g) => row([g.group, cell(number(g.lag), 'num'),
      cell(number(g.partitions), 'num')])));
    show('lag-na', traffic.consumerLag.length === 0);
  }

  // Query API answers (docs/queries.md): null while it is not available; empty lists are left out of them.
  function renderFunnel(funnel) {
    show('funnel-na', !funnel);
    const stages = (funnel && funnel.stages) || [];
    fill('funnel', stages.map((s) => row([s.stage, cell(number(s.profiles), 'num'), cell(number(s.reached), 'num')])));
    chart('funnel-chart', 'bar', stages.map((s) => s.stage), [{ label: 'reached', data: stages.map((s) => s.reached) }],
      { indexAxis: 'y' });
  }

  function renderSegments(segments) {
    show('segments-na', !segments.available);
    const history = segments.history;
    const name = (id) => segments.names[id] || id;
    const latest = {};
    Object.entries(history.series).forEach(([id, values]) => {
      const last = values[values.length - 1];
      if (last != null) latest[id] = last;
    });
    fill('segment-sizes', entries(latest).map(([id, n]) => row([name(id), cell(number(n), 'num')])));
    chart('segments-chart', 'line', history.at.map(time),
      Object.entries(history.series).map(([id, values]) => ({ label: name(id), data: values })));
    updateSegmentFilter(segments.names);
  }

  function updateSegmentFilter(names) {
    const select = $('filter-segment');
    const known = new Set(Array.from(select.options).map((o) => o.value));
    Object.entries(names).forEach(([id, label]) => {
      if (!known.has(id)) select.add(new Option(label, id));
    });
  }

  function renderReasons(reasons) {
    setText('hesitations-total', number(reasons.total));
    const overall = entries(reasons.overall);
    chart('reasons-chart', 'bar', overall.map(([r]) => r), [{ label: 'hesitations', data: overall.map(([, n]) => n) }]);
    fill('segment-reasons', reasons.bySegment.map((s) => row([s.segmentName, cell(number(s.total), 'num'),
      compact(s.reasons)])));
  }

  function renderSurvey(survey) {
    setText('stated-total', number(survey.statedReasons.total));
    fill('stated-reasons', entries(survey.statedReasons.overall).map(([r, n]) => row([r, cell(number(n), 'num')])));
    const items = survey.recentComments.slice().reverse().map((c) => {
      const li = document.createElement('li');
      const reason = document.createElement('span');
      reason.className = 'reason';
      reason.textContent = c.reason;
      const text = document.createElement('span');
      text.className = 'comment';
      text.textContent = c.text;
      const when = document.createElement('time');
      when.textContent = time(c.at);
      li.append(reason, text, when);
      return li;
    });
    $('comments').replaceChildren(...items);
  }

  function renderFollowups(f) {
    [['sent', f.sent], ['suppressed', f.suppressed], ['delayed', f.delayed], ['cancelled', f.cancelled]]
      .forEach(([id, breakdown]) => {
        setText(id + '-total', number(breakdown.total));
        fill(id, entries(breakdown.counts).map(([k, n]) => row([k, cell(number(n), 'num')])));
      });
    setText('recovered-total', number(f.recoveredBuyers));
    setText('recovered-revenue', number(f.recoveredRevenue, 2));
    fill('plays', f.plays.map((p) => row([p.play, cell(number(p.sent), 'num'), cell(number(p.recovered), 'num'),
      cell(p.recoveryRate == null ? '–' : number(p.recoveryRate * 100, 1) + ' %', 'num'),
      cell(number(p.revenue, 2), 'num')])));
  }

  function renderAudience(audience) {
    show('audience-na', !audience);
    const dims = (audience && audience.dimensions) || [];
    fill('audience', dims.map((d) => {
      const target = d.constrained ? (d.target || []).join(', ') : 'any';
      const actual = (d.distribution || []).map((b) => (b.inTarget ? '✓ ' : '') + b.value + ' ' + percent(b.share))
        .join(', ');
      const fit = cell(d.mismatch ? 'mismatch · ' + percent(d.matchShare) + ' fit' : percent(d.matchShare) + ' fit',
        'flag');
      return row([d.dimension, target, actual, fit], d.mismatch ? 'mismatch' : null);
    }));
  }

  function renderProspects(page) {
    show('prospects-na', !page);
    fill('prospects', ((page && page.items) || []).map((p) => {
      const factors = (p.explanation && p.explanation.engagement) || [];
      const why = factors.slice(0, 3).map((f) => f.signal + ' ' + (f.points >= 0 ? '+' : '') + number(f.points, 1))
        .join(', ');
      return row([p.visitorId, p.stage, cell(number(p.engagement, 1), 'num'),
        cell(number(p.fit, 1) + (p.fitGrade ? ' ' + p.fitGrade : ''), 'num'), cell(number(p.influence, 1), 'num'),
        (p.segments || []).join(', '), why]);
    }));
  }

  function render(s) {
    setText('since', new Date(s.countingSince).toLocaleString());
    setText('records-read', number(s.feed.recordsRead));
    setText('undecodable', number(s.feed.undecodable));
    renderTraffic(s.traffic);
    renderFunnel(s.funnel);
    renderSegments(s.segments);
    renderReasons(s.hesitationReasons);
    renderSurvey(s.survey);
    renderFollowups(s.followups);
    renderAudience(s.audience);
  }

  // ---- data ----
  function status(text, state) {
    const el = $('status');
    el.textContent = text;
    el.className = 'status ' + state;
  }

  // A 401 means the session ended (token rotated): go to the login page instead of retrying forever.
  async function checkSession() {
    const response = await fetch(SNAPSHOT, { credentials: 'same-origin' });
    if (response.status === 401) window.location.assign('/dashboard/login');
    return response.ok;
  }

  function connect() {
    const source = new EventSource(STREAM);
    source.addEventListener('snapshot', (e) => {
      status('live', 'live');
      render(JSON.parse(e.data));
    });
    source.onerror = () => {
      status('reconnecting…', 'down');
      checkSession().catch(() => {});
    };
  }

  async function loadProspects() {
    const params = new URLSearchParams(new FormData($('prospect-filters')));
    try {
      const response = await fetch(PROSPECTS + '?' + params.toString(), { credentials: 'same-origin' });
      renderProspects(response.ok ? await response.json() : null);
    } catch (e) {
      renderProspects(null);
    }
  }

  document.addEventListener('DOMContentLoaded', () => {
    $('prospect-filters').addEventListener('change', loadProspects);
    connect();
    loadProspects();
    setInterval(loadProspects, PROSPECT_REFRESH_MS);
  });
}());
