// The supervisor's wallboard: every queue live (server-sent events), agents by state, the service level over the
// last hour, and, for any contact in routing, why it was routed where it went.
import { call, el, languageSwitch, percent, seconds, t, when, workspace } from './relais.js';

const COLOURS = ['#0b5cad', '#1a7f37', '#9a6700', '#b42318', '#6639ba', '#0e7490'];
const message = document.getElementById('message');
const ws = encodeURIComponent(workspace);

function show(error) {
  message.textContent = error ? String(error.message || error) : '';
}

function stateCounts(agents) {
  return Object.entries(agents || {}).filter(([, n]) => n > 0)
    .map(([s, n]) => n + ' ' + t(String(s).toLowerCase())).join(' · ') || '0';
}

function renderQueues(figures) {
  const table = document.getElementById('queues');
  table.replaceChildren(
    el('thead', {}, el('tr', {}, [t('queue'), t('waiting'), t('longest'), t('serviceLevel'), t('target'), t('answered'),
      t('abandoned'), t('agentsByState')].map(h => el('th', { scope: 'col' }, h)))),
    el('tbody', {}, figures.queues.map(q => el('tr', { class: q.breached ? 'breached' : '', 'data-queue': q.queueId },
      el('th', { scope: 'row' }, q.name + ' ', el('span', { class: 'muted' }, '(' + q.queueId + ')')),
      el('td', { class: 'num', 'data-figure': 'waiting' }, String(q.waiting)),
      el('td', { class: 'num', 'data-figure': 'longest' }, seconds(q.longestWaitSeconds)),
      el('td', { class: 'num', 'data-figure': 'service-level' }, percent(q.serviceLevel), ' ',
        el('span', { class: q.breached ? 'badge bad' : 'badge ok' }, q.breached ? t('breached') : t('onTarget'))),
      el('td', {}, q.targetPercent + ' % / ' + q.targetSeconds + ' s'),
      el('td', { class: 'num', 'data-figure': 'answered' }, String(q.answered)),
      el('td', { class: 'num', 'data-figure': 'abandoned' }, String(q.abandoned)),
      el('td', {}, stateCounts(q.agents))))));
  document.getElementById('updated').textContent = t('updated') + ' ' + when(figures.at);
}

async function renderAgents() {
  const agents = await call('api/agents?workspace=' + ws);
  document.getElementById('agents').replaceChildren(
    el('thead', {}, el('tr', {}, [t('agent'), t('state'), t('inProgress')].map(h => el('th', { scope: 'col' }, h)))),
    el('tbody', {}, agents.map(a => el('tr', { 'data-agent': a.id },
      el('td', {}, a.name),
      el('td', {}, el('span', { class: a.state === 'idle' ? 'badge ok' : (a.state === 'away' || a.state === 'offline') ? 'badge' : 'badge warn' },
        t(a.state === 'away' ? 'away_state' : a.state === 'offline' ? 'offline_state' : a.state))),
      el('td', {}, (a.holding || []).map(id => contactButton(id)))))));
}

function contactButton(id, label) {
  return el('button', { class: 'secondary', 'data-contact': id, onclick: () => why(id) }, label || id.slice(0, 8));
}

async function renderWaiting() {
  const waiting = await call('api/queue?workspace=' + ws);
  document.getElementById('waiting').replaceChildren(...(waiting.length === 0 ? [el('p', { class: 'muted' }, '0')] :
    waiting.map(c => contactButton(c.contactId, c.channel + ' · ' + c.queueId + ' · ' + c.contactId.slice(0, 8)))));
}

async function renderRecent() {
  const recent = await call('api/contacts?workspace=' + ws + '&limit=12');
  document.getElementById('recent').replaceChildren(...recent.map(c => contactButton(c.contactId,
    c.channel + ' · ' + c.queueId + ' · ' + (t(c.status) || c.status) + (c.agentId ? ' → ' + c.agentId : ''))));
}

async function why(id) {
  try {
    const r = await call('api/contacts/' + id + '/routing');
    document.getElementById('why').replaceChildren(
      el('p', {}, el('strong', {}, id), ' · ', r.channel, ' · ', r.queueId, ' · ', el('span', { class: 'badge' }, t(r.status) || r.status),
        r.agentId ? ' → ' + r.agentId : ''),
      r.decision ? el('pre', { class: 'why' }, r.decision) : null,
      r.waiting ? el('pre', { class: 'why' }, r.waiting) : null,
      el('ol', {}, (r.decisions || []).map(d => el('li', {}, when(d.at) + ' · ' + d.kind + (d.agentId ? ' · ' + d.agentId : '') + ' — ' + d.words))));
  } catch (e) { show(e); }
}

async function renderChart() {
  const series = await call('api/queues/statistics/history?workspace=' + ws + '&minutes=60&step=5');
  const width = 600, height = 200, left = 40, bottom = 20;
  const points = series.length ? series[0].points.length : 0;
  const x = i => left + (points <= 1 ? 0 : i * (width - left - 10) / (points - 1));
  const y = v => 10 + (1 - v) * (height - bottom - 10);
  const NS = 'http://www.w3.org/2000/svg';
  const svg = document.createElementNS(NS, 'svg');
  svg.setAttribute('viewBox', '0 0 ' + width + ' ' + height);
  svg.setAttribute('class', 'chart');
  svg.setAttribute('role', 'img');
  svg.setAttribute('aria-label', t('slHour'));
  const add = (tag, attrs, text) => {
    const n = document.createElementNS(NS, tag);
    for (const [k, v] of Object.entries(attrs)) n.setAttribute(k, v);
    if (text) n.textContent = text;
    svg.append(n);
    return n;
  };
  for (const v of [0, 0.5, 1]) {
    add('line', { x1: left, x2: width - 10, y1: y(v), y2: y(v), stroke: '#d8dde3' });
    add('text', { x: 2, y: y(v) + 4, 'font-size': 11, fill: '#5b6470' }, Math.round(v * 100) + ' %');
  }
  if (points) {
    add('text', { x: left, y: height - 4, 'font-size': 11, fill: '#5b6470' }, when(series[0].points[0].from));
  }
  const legend = el('div', {});
  series.forEach((s, i) => {
    const colour = COLOURS[i % COLOURS.length];
    add('line', { x1: left, x2: width - 10, y1: y(s.targetPercent / 100), y2: y(s.targetPercent / 100), stroke: colour, 'stroke-dasharray': '4 4', 'stroke-opacity': 0.5 });
    const path = s.points.map((p, j) => p.serviceLevel === null ? null : x(j) + ',' + y(p.serviceLevel)).filter(Boolean);
    if (path.length) add('polyline', { points: path.join(' '), fill: 'none', stroke: colour, 'stroke-width': 2.5, 'data-queue': s.queueId });
    s.points.forEach((p, j) => { if (p.serviceLevel !== null) add('circle', { cx: x(j), cy: y(p.serviceLevel), r: 3, fill: colour }); });
    legend.append(el('span', { class: 'badge', style: 'border-color:' + colour }, '■ ' + s.name), ' ');
  });
  document.getElementById('chart').replaceChildren(svg, legend);
}

function start() {
  document.getElementById('bar').replaceChildren(
    el('h1', {}, 'Relais · ' + t('wallboard')),
    el('span', { class: 'badge' }, t('workspace') + ': ' + workspace),
    el('span', { id: 'connection', class: 'badge' }, t('disconnected')),
    languageSwitch(),
    el('a', { href: 'desktop.html?workspace=' + ws }, t('desktop')));
  document.getElementById('queues-title').textContent = t('queue') + 's';
  document.getElementById('chart-title').textContent = t('slHour');
  document.getElementById('agents-title').textContent = t('agentsTable');
  document.getElementById('waiting-title').textContent = t('waitingContacts');
  document.getElementById('why-title').textContent = t('recent');
  document.getElementById('recent-title').textContent = t('recentContacts');
  document.getElementById('why').replaceChildren(el('p', { class: 'muted' }, t('clickContact')));
  const source = new EventSource('api/queues/statistics/stream?workspace=' + ws);
  const badge = document.getElementById('connection');
  source.onopen = () => { badge.textContent = t('connected'); badge.className = 'badge ok'; };
  source.onerror = () => { badge.textContent = t('disconnected'); badge.className = 'badge bad'; };
  source.onmessage = m => {
    renderQueues(JSON.parse(m.data));
    renderAgents().catch(show);
    renderWaiting().catch(show);
    renderRecent().catch(show);
  };
  renderChart().catch(show);
  setInterval(() => renderChart().catch(show), 30000);
}

start();
