// leadpipe operator dashboard. Renders the live snapshot pushed by /dashboard/api/stream and the prospect list
// from /dashboard/api/prospects. Rule: every value goes into the page as text (textContent, option.text, canvas
// labels), never as markup, because much of it was typed by visitors (comments, names, ids).
'use strict';

(function () {
  const STREAM = '/dashboard/api/stream';
  const SNAPSHOT = '/dashboard/api/snapshot';
  const PROSPECTS = '/dashboard/api/prospects';
  const PROFILE = '/dashboard/api/profile';
  const FOLLOWUPS = '/dashboard/api/followups';
  const ADMIN = '/dashboard/api/admin/';
  const PREVIEW = '/dashboard/api/preview/';
  const PROSPECT_HASH = '#prospect=';
  const SVG = 'http://www.w3.org/2000/svg';
  // Age bands in their natural order (the query API lists values by frequency).
  const AGE_BANDS = ['under 18', '18-24', '25-34', '35-44', '45-54', '55-64', '65+'];
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

  // ---- small SVG drawing (our own: no library, nothing from another origin; text via textContent only) ----
  function svg(tag, attrs, text) {
    const el = document.createElementNS(SVG, tag);
    Object.entries(attrs || {}).forEach(([k, v]) => el.setAttribute(k, String(v)));
    if (text != null) el.textContent = String(text);
    return el;
  }

  const AUDIENCE_BAR = { label: 110, bar: 220, value: 52, row: 20, labelChars: 16 };

  // A label that fits its column; the full value stays in the bar's tooltip.
  const shortLabel = (text) => {
    const s = String(text);
    return s.length > AUDIENCE_BAR.labelChars ? s.substring(0, AUDIENCE_BAR.labelChars - 1) + '…' : s;
  };

  // One dimension: a bar per value (share of prospects with a known value); values the target accepts sit on the
  // highlighted target band, the others are grey, so where the interested audience lies against the target shows
  // at a glance.
  function audienceChart(d) {
    const values = (d.distribution || []).slice();
    if (d.dimension === 'ageBand') {
      values.sort((a, b) => AGE_BANDS.indexOf(a.value) - AGE_BANDS.indexOf(b.value));
    }
    const w = AUDIENCE_BAR.label + AUDIENCE_BAR.bar + AUDIENCE_BAR.value;
    const h = Math.max(1, values.length) * AUDIENCE_BAR.row;
    const chartEl = svg('svg', { viewBox: '0 0 ' + w + ' ' + h, width: w, height: h, role: 'img',
      class: 'audience-chart' });
    const max = Math.max(0.0001, ...values.map((b) => b.share || 0));
    values.forEach((b, i) => {
      const y = i * AUDIENCE_BAR.row;
      const g = svg('g', { class: 'bar' + (b.inTarget ? ' in-target' : '') });
      if (b.inTarget) {
        g.appendChild(svg('rect', { x: 0, y, width: w, height: AUDIENCE_BAR.row, class: 'target-band' }));
      }
      g.appendChild(svg('text', { x: AUDIENCE_BAR.label - 6, y: y + 14, 'text-anchor': 'end', class: 'label' },
        shortLabel(b.value)));
      g.appendChild(svg('rect', { x: AUDIENCE_BAR.label, y: y + 3,
        width: Math.max(1, (AUDIENCE_BAR.bar * (b.share || 0)) / max), height: AUDIENCE_BAR.row - 6,
        class: 'share' }));
      g.appendChild(svg('text', { x: w - 4, y: y + 14, 'text-anchor': 'end', class: 'value' }, percent(b.share)));
      g.appendChild(svg('title', {}, b.value + ': ' + number(b.profiles) + ' prospects, ' + percent(b.share)
        + (b.inTarget ? ' (in target)' : '')));
      chartEl.appendChild(g);
    });
    return chartEl;
  }

  function renderAudience(audience) {
    show('audience-na', !audience);
    setText('audience-prospects', number(audience ? audience.prospects : 0));
    const dims = (audience && audience.dimensions) || [];
    $('audience').replaceChildren(...dims.map((d) => {
      const box = document.createElement('div');
      box.className = 'dimension' + (d.mismatch ? ' mismatch' : '');
      const title = document.createElement('h3');
      title.textContent = d.dimension;
      const target = document.createElement('p');
      target.className = 'target';
      target.textContent = 'target: ' + (d.constrained ? (d.target || []).join(', ') : 'any') + ' · '
        + (d.mismatch ? 'mismatch · ' : '') + percent(d.matchShare) + ' fit · ' + number(d.known) + ' known'
        + (typeof d.unknown === 'number' ? ', ' + number(d.unknown) + ' unknown' : '');
      box.append(title, target, audienceChart(d));
      return box;
    }));
  }

  // A link to the prospect page; the id travels in the fragment, so it never reaches a server log.
  function prospectLink(visitorId) {
    const a = document.createElement('a');
    a.href = PROSPECT_HASH + encodeURIComponent(visitorId);
    a.className = 'prospect-link';
    a.textContent = visitorId;
    const td = document.createElement('td');
    td.appendChild(a);
    return td;
  }

  function renderProspects(page) {
    show('prospects-na', !page);
    setText('prospects-total', number(page ? page.total : 0));
    fill('prospects', ((page && page.items) || []).map((p) => {
      const factors = (p.explanation && p.explanation.engagement) || [];
      const why = factors.slice(0, 3).map((f) => f.signal + ' ' + (f.points >= 0 ? '+' : '') + number(f.points, 1))
        .join(', ');
      return row([prospectLink(p.visitorId), p.stage, cell(number(p.engagement, 1), 'num'),
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

  // ---- the prospect page (#prospect=<id>): one profile from the query API ----
  const HISTORY = { w: 900, h: 220, left: 40, right: 10, top: 10, bottom: 24 };
  const SCORES = [['engagement', COLORS[0]], ['fit', COLORS[3]], ['influence', COLORS[2]]];

  function historyChart(points) {
    const chartEl = svg('svg', { viewBox: '0 0 ' + HISTORY.w + ' ' + HISTORY.h, class: 'history-chart', role: 'img',
      preserveAspectRatio: 'none' });
    if (!points.length) return chartEl;
    const times = points.map((p) => Date.parse(p.at));
    const t0 = Math.min(...times);
    const t1 = Math.max(t0 + 1, ...times);
    const top = Math.max(1, ...points.flatMap((p) => SCORES.map(([k]) => p[k] || 0)));
    const x = (t) => HISTORY.left + ((t - t0) / (t1 - t0)) * (HISTORY.w - HISTORY.left - HISTORY.right);
    const y = (v) => HISTORY.top + (1 - v / top) * (HISTORY.h - HISTORY.top - HISTORY.bottom);
    chartEl.appendChild(svg('line', { x1: HISTORY.left, y1: y(0), x2: HISTORY.w - HISTORY.right, y2: y(0),
      class: 'axis' }));
    chartEl.appendChild(svg('text', { x: HISTORY.left - 4, y: y(top) + 10, 'text-anchor': 'end', class: 'tick' },
      number(top, 0)));
    chartEl.appendChild(svg('text', { x: HISTORY.left, y: HISTORY.h - 6, class: 'tick' }, new Date(t0).toLocaleString()));
    chartEl.appendChild(svg('text', { x: HISTORY.w - HISTORY.right, y: HISTORY.h - 6, 'text-anchor': 'end',
      class: 'tick' }, new Date(t1).toLocaleString()));
    SCORES.forEach(([key, color], i) => {
      const path = points.map((p, j) => x(times[j]).toFixed(1) + ',' + y(p[key] || 0).toFixed(1)).join(' ');
      chartEl.appendChild(svg('polyline', { points: path, fill: 'none', stroke: color, 'stroke-width': 2,
        class: 'series series-' + key }));
      chartEl.appendChild(svg('text', { x: HISTORY.left + 8 + i * 110, y: HISTORY.top + 12, fill: color,
        class: 'legend' }, key));
    });
    return chartEl;
  }

  function factorRows(factors) {
    return (factors || []).map((f) => row([f.signal, cell((f.points >= 0 ? '+' : '') + number(f.points, 1), 'num'),
      f.at ? new Date(f.at).toLocaleString() : '', f.detail]));
  }

  function fact(label, value) {
    const th = document.createElement('th');
    th.textContent = label;
    return row([th, value == null ? '' : value]);
  }

  function renderHesitation(profile) {
    const box = $('prospect-hesitation');
    const h = profile.currentHesitation;
    const parts = [];
    if (!h) {
      const p = document.createElement('p');
      p.className = 'na';
      p.textContent = 'no open hesitation';
      parts.push(p);
    } else {
      const p = document.createElement('p');
      p.textContent = h.kind + ' since ' + new Date(h.detectedAt).toLocaleString() + ' · likely reason '
        + h.primaryReason;
      parts.push(p);
      (h.reasons || []).forEach((r) => {
        const title = document.createElement('h4');
        title.textContent = r.reason + ' · ' + percent(r.confidence) + ' confidence';
        const list = document.createElement('ul');
        list.className = 'evidence';
        (r.evidence || []).forEach((e) => {
          const li = document.createElement('li');
          li.textContent = new Date(e.at).toLocaleString() + ' · ' + e.signal + (e.detail ? ' · ' + e.detail : '');
          list.appendChild(li);
        });
        parts.push(title, list);
      });
    }
    if (profile.statedReason) {
      const stated = document.createElement('p');
      stated.textContent = 'stated reason: ' + profile.statedReason
        + (profile.statedReasonAt ? ' (' + new Date(profile.statedReasonAt).toLocaleString() + ')' : '');
      parts.push(stated);
    }
    box.replaceChildren(...parts);
  }

  function renderProfile(visitorId, profile, problem) {
    setText('prospect-id', visitorId);
    show('prospect-body', !!profile);
    show('prospect-na', !profile);
    setText('prospect-na', problem || '');
    if (!profile) {
      ['prospect-facts', 'prospect-engagement', 'prospect-fit', 'prospect-influence', 'prospect-activity']
        .forEach((id) => fill(id, []));
      $('prospect-history').replaceChildren();
      $('prospect-hesitation').replaceChildren();
      return;
    }
    const lt = profile.leadTypes || {};
    const traits = profile.traits || {};
    // Personal data (user id, name, city, ...) is present only when the dashboard's query API token may see it.
    const personal = ['firstName', 'birthYear', 'city', 'country', 'gender', 'incomeBand', 'job']
      .filter((k) => traits[k] != null).map((k) => k + ' ' + traits[k]).join(', ');
    fill('prospect-facts', [
      fact('user id', profile.userId || '–'),
      fact('stage', profile.stage),
      fact('scores', 'engagement ' + number(profile.engagement && profile.engagement.value, 1) + ' · fit '
        + number(profile.fit && profile.fit.value, 1) + ' (' + ((profile.fit && profile.fit.grade) || '–') + ')'
        + ' · influence ' + number(profile.influence && profile.influence.value, 1)),
      fact('lead types', Object.entries(lt).map(([k, v]) => k + ' ' + v).join(', ')),
      fact('segments', (profile.segments || []).join(', ') || '–'),
      fact('traits', personal || '–'),
      fact('first seen', profile.firstSeen ? new Date(profile.firstSeen).toLocaleString() : ''),
      fact('last seen', profile.lastSeen ? new Date(profile.lastSeen).toLocaleString() : ''),
    ]);
    $('prospect-history').replaceChildren(historyChart(profile.scoreHistory || []));
    fill('prospect-engagement', factorRows(profile.engagement && profile.engagement.factors));
    fill('prospect-fit', factorRows(profile.fit && profile.fit.factors));
    fill('prospect-influence', factorRows(profile.influence && profile.influence.factors));
    fill('prospect-activity', Object.entries(profile.activity || {})
      .filter(([, v]) => typeof v === 'number' && v !== 0)
      .map(([k, v]) => row([k, cell(k.endsWith('At') ? new Date(v).toLocaleString() : number(v, 2), 'num')])));
    renderHesitation(profile);
  }

  function renderProspectFollowups(answer) {
    const decisions = (answer && answer.decisions) || [];
    setText('prospect-followups-since', answer ? new Date(answer.since).toLocaleString() : '–');
    show('prospect-followups-na', decisions.length === 0);
    fill('prospect-followups', decisions.map((d) => row([new Date(d.decidedAt).toLocaleString(), d.outcome, d.reason,
      d.play, cell(d.step == null ? '' : number(d.step), 'num'),
      d.strategyId ? d.strategyId + (d.strategyVersion == null ? '' : ' v' + d.strategyVersion) : '–',
      d.variantId || '–',
      [d.detail, d.delayedUntil ? 'until ' + new Date(d.delayedUntil).toLocaleString() : null,
        d.revenue == null ? null : 'revenue ' + number(d.revenue, 2)].filter((x) => x).join(' · ')])));
  }

  async function loadFollowups(visitorId) {
    renderProspectFollowups(null);
    try {
      const response = await fetch(FOLLOWUPS + '?visitorId=' + encodeURIComponent(visitorId),
        { credentials: 'same-origin' });
      renderProspectFollowups(response.ok ? await response.json() : null);
    } catch (e) {
      renderProspectFollowups(null);
    }
  }

  async function loadProfile(visitorId) {
    renderProfile(visitorId, null, 'loading…');
    try {
      const response = await fetch(PROFILE + '?visitorId=' + encodeURIComponent(visitorId),
        { credentials: 'same-origin' });
      if (response.ok) {
        renderProfile(visitorId, await response.json(), null);
      } else {
        renderProfile(visitorId, null, response.status === 404 ? 'no profile for this visitor'
          : 'not available (' + response.status + ')');
      }
    } catch (e) {
      renderProfile(visitorId, null, 'not available');
    }
  }

  function route() {
    const hash = window.location.hash;
    const onProspect = hash.startsWith(PROSPECT_HASH);
    show('prospect-view', onProspect);
    show('dashboard-view', !onProspect);
    if (onProspect) {
      const visitorId = decodeURIComponent(hash.substring(PROSPECT_HASH.length));
      loadProfile(visitorId);
      loadFollowups(visitorId);
      window.scrollTo(0, 0);
    }
  }

  // ---- editing segments and strategies through the admin APIs (the operator's admin key, memory only) ----
  let adminKey = null;
  const EDITORS = { segments: { id: 'segmentId', list: 'segments', columns: ['segmentId', 'name', 'category'] },
    strategies: { id: 'strategyId', list: 'strategies', columns: ['strategyId', 'name', 'priority'] } };

  function adminFetch(path, method, body) {
    const headers = { 'X-Admin-Key': adminKey, Accept: 'application/json' };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    return fetch(ADMIN + path, { method: method || 'GET', headers, credentials: 'same-origin',
      body: body === undefined ? undefined : JSON.stringify(body) });
  }

  async function problemText(response) {
    try {
      const p = await response.json();
      return { detail: p.detail || p.title || String(response.status), violations: p.violations || [] };
    } catch (e) {
      return { detail: 'HTTP ' + response.status, violations: [] };
    }
  }

  function button(label, onClick) {
    const b = document.createElement('button');
    b.type = 'button';
    b.textContent = label;
    b.addEventListener('click', onClick);
    return b;
  }

  async function loadList(kind) {
    const spec = EDITORS[kind];
    setText(kind + '-list-error', '');
    const response = await adminFetch(kind);
    if (!response.ok) {
      setText(kind + '-list-error', (await problemText(response)).detail);
      return false;
    }
    const items = (await response.json())[spec.list] || [];
    fill(kind + '-list', items.map((item) => {
      const actions = document.createElement('td');
      actions.append(
        button('edit', () => openForm(kind, item)),
        button(item.enabled ? 'disable' : 'enable', () => save(kind, Object.assign(editable(kind, item),
          { enabled: !item.enabled }), item[spec.id])),
        button('delete', () => remove(kind, item[spec.id])));
      const r = row(spec.columns.map((c) => item[c]).concat([item.enabled ? 'yes' : 'no',
        cell(number(item.version), 'num'), actions]));
      r.dataset.id = item[spec.id];
      return r;
    }));
    return true;
  }

  // What the admin API accepts back of a listed item: the form's fields (not version, updatedAt, ...), nulls left out.
  function editable(kind, item) {
    const body = {};
    $(kind + '-form').querySelectorAll('[data-field]').forEach((input) => {
      const value = item[input.dataset.field];
      if (value != null) body[input.dataset.field] = value;
    });
    return body;
  }

  function clearErrors(form) {
    form.querySelectorAll('[data-error-for]').forEach((p) => { p.textContent = ''; });
    form.querySelectorAll('.invalid').forEach((el) => el.classList.remove('invalid'));
  }

  // A violation's path (rule.all[1].attr, steps[0].delay) belongs to the field named by its first part; one the
  // form has no field for is shown with the form.
  function showViolations(form, detail, violations) {
    clearErrors(form);
    const general = form.querySelector('[data-error-for=""]');
    if (!violations.length) general.textContent = detail;
    violations.forEach((v) => {
      const top = String(v.field || '').split(/[.[]/)[0];
      const target = form.querySelector('[data-error-for="' + CSS.escape(top) + '"]') || general;
      const line = document.createElement('span');
      line.className = 'violation';
      line.textContent = (v.field ? v.field + ': ' : '') + v.message;
      target.appendChild(line);
      const input = form.querySelector('[data-field="' + CSS.escape(top) + '"]');
      if (input) input.classList.add('invalid');
    });
  }

  function openForm(kind, item) {
    const form = $(kind + '-form');
    clearErrors(form);
    form.dataset.editing = item ? item[EDITORS[kind].id] : '';
    setText(kind + '-form-title', item ? 'Edit ' + item[EDITORS[kind].id] : 'New');
    form.querySelectorAll('[data-field]').forEach((input) => {
      const value = item ? item[input.dataset.field] : undefined;
      if ('boolean' in input.dataset) input.checked = value === undefined ? true : !!value;
      else if ('json' in input.dataset) input.value = value === undefined ? '' : JSON.stringify(value, null, 2);
      else if (input.tagName === 'SELECT') input.selectedIndex = Math.max(0, Array.from(input.options)
        .findIndex((o) => o.value === value));
      else input.value = value == null ? '' : String(value);
    });
    form.querySelector('[data-field="' + EDITORS[kind].id + '"]').readOnly = !!item;
    form.hidden = false;
  }

  // The form as the admin API's body; a field that is not valid JSON is reported at that field before sending.
  function formBody(form) {
    const body = {};
    const violations = [];
    form.querySelectorAll('[data-field]').forEach((input) => {
      const field = input.dataset.field;
      if ('boolean' in input.dataset) { body[field] = input.checked; return; }
      const text = input.value.trim();
      if (text === '') return;
      if ('json' in input.dataset) {
        try { body[field] = JSON.parse(text); } catch (e) { violations.push({ field, message: 'is not valid JSON' }); }
      } else if ('number' in input.dataset) {
        const n = Number(text);
        if (Number.isFinite(n)) body[field] = n; else violations.push({ field, message: 'must be a number' });
      } else {
        body[field] = text;
      }
    });
    return { body, violations };
  }

  async function save(kind, body, existingId) {
    const form = $(kind + '-form');
    const response = existingId
      ? await adminFetch(kind + '/' + encodeURIComponent(existingId), 'PUT', body)
      : await adminFetch(kind, 'POST', body);
    if (response.ok) {
      form.hidden = true;
      clearErrors(form);
      await loadList(kind);
      return;
    }
    const problem = await problemText(response);
    if (form.hidden) setText(kind + '-list-error', problem.detail);
    else showViolations(form, problem.detail, problem.violations);
  }

  async function remove(kind, id) {
    if (!window.confirm('Delete ' + id + '?')) return;
    const response = await adminFetch(kind + '/' + encodeURIComponent(id), 'DELETE');
    if (!response.ok) setText(kind + '-list-error', (await problemText(response)).detail);
    await loadList(kind);
  }

  // The match preview: the rule or audience as the form holds it, counted by the query API (through the dashboard).
  const PREVIEWED = { segments: 'rule', strategies: 'audience' };

  function previewText(p) {
    const n = number;
    let text = p.exact
      ? 'exactly ' + n(p.estimate) + ' of ' + n(p.profiles) + ' profiles match'
      : '≈ ' + n(p.estimate) + ' of ' + n(p.profiles) + ' profiles match (95 %: ' + n(p.lower) + '–' + n(p.upper)
        + '), from a sample of ' + n(p.sampled);
    if (p.coverage && p.coverage.missing && p.coverage.missing.length) text += '; some partitions did not answer';
    if (p.note) text += '. ' + p.note;
    return text;
  }

  async function preview(kind) {
    const form = $(kind + '-form');
    const field = PREVIEWED[kind];
    const { body, violations } = formBody(form);
    const own = violations.filter((v) => v.field === field);
    setText(kind + '-preview', '');
    if (own.length) { showViolations(form, '', own); return; }
    clearErrors(form);
    setText(kind + '-preview', '…');
    const request = {};
    request[field] = body[field] === undefined ? (kind === 'strategies' ? {} : null) : body[field];
    const response = await fetch(PREVIEW + kind, { method: 'POST', credentials: 'same-origin',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json' }, body: JSON.stringify(request) });
    if (response.ok) { setText(kind + '-preview', previewText(await response.json())); return; }
    const problem = await problemText(response);
    setText(kind + '-preview', '');
    showViolations(form, problem.detail, problem.violations);
  }

  function setUpEditor(kind) {
    const form = $(kind + '-form');
    form.querySelector('[data-preview]').addEventListener('click', () =>
      preview(kind).catch(() => setText(kind + '-preview', 'not available')));
    $(kind + '-new').addEventListener('click', () => openForm(kind, null));
    form.querySelector('[data-cancel]').addEventListener('click', () => { form.hidden = true; });
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      const { body, violations } = formBody(form);
      if (violations.length) { showViolations(form, '', violations); return; }
      save(kind, body, form.dataset.editing || null).catch(() => showViolations(form, 'not available', []));
    });
  }

  function lockEditing() {
    adminKey = null;
    show('admin-editors', false);
    show('admin-login', true);
    ['segments', 'strategies'].forEach((kind) => fill(kind + '-list', []));
  }

  function setUpAdmin() {
    setUpEditor('segments');
    setUpEditor('strategies');
    $('admin-login').addEventListener('submit', async (e) => {
      e.preventDefault();
      adminKey = $('admin-key').value;
      $('admin-key').value = '';
      setText('admin-login-error', '');
      const response = await adminFetch('segments');
      if (!response.ok) {
        setText('admin-login-error', (await problemText(response)).detail);
        adminKey = null;
        return;
      }
      show('admin-login', false);
      show('admin-editors', true);
      await loadList('segments');
      await loadList('strategies');
    });
    $('admin-logout').addEventListener('submit', (e) => { e.preventDefault(); lockEditing(); });
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

  // Shared with results.js ("What works") and forecast.js: the drawing helpers and the operator's admin key (memory only).
  window.LeadpipeDashboard = Object.freeze({ svg, number, percent, adminKey: () => adminKey });

  document.addEventListener('DOMContentLoaded', () => {
    $('prospect-filters').addEventListener('change', loadProspects);
    window.addEventListener('hashchange', route);
    route();
    setUpAdmin();
    connect();
    loadProspects();
    setInterval(loadProspects, PROSPECT_REFRESH_MS);
  });
}());
