// The agent desktop: who you are, your status, offers as they arrive (with a countdown), the customer's story, the
// guidance and the channel's rules, accept / decline, the wrap-up with the taxonomy, briefings to acknowledge and
// one-click article feedback. Everything the customer or an agent wrote is shown as text.
import { call, channel, el, languageSwitch, markdown, params, t, when, workspace, lang } from './relais.js';

const state = { agent: params.get('agent') || '', contacts: new Map(), identified: new Map(), briefings: new Map(), codification: null, ui: null, source: null };

const bar = document.getElementById('bar');
const work = document.getElementById('work');
const briefingsBox = document.getElementById('briefings');
const message = document.getElementById('message');

function reasonLabel(code) {
  const r = state.codification && state.codification.reasons.find(x => x.code === code);
  return r ? (lang === 'en' ? r.labelEn : r.labelFr) + ' (' + code + ')' : (code || '');
}

function outcomeLabel(code) {
  const o = state.codification && state.codification.outcomes.find(x => x.code === code);
  return o ? (lang === 'en' ? o.labelEn : o.labelFr) : (code || '');
}

function show(error) {
  message.textContent = error ? String(error.message || error) : '';
}

async function header() {
  const agents = await call('api/agents?workspace=' + encodeURIComponent(workspace));
  const select = el('select', { id: 'agent', onchange: e => choose(e.target.value) },
    el('option', { value: '' }, t('choose')),
    agents.map(a => el('option', { value: a.id, selected: a.id === state.agent }, a.name + ' (' + a.id + ')')));
  const statusButtons = ['available', 'away', 'offline'].map(s =>
    el('button', { class: 'secondary', 'data-status': s, onclick: () => setStatus(s) }, t(s)));
  bar.replaceChildren(
    el('h1', {}, 'Relais · ' + t('desktop')),
    el('label', {}, t('agent') + ' ', select),
    el('span', { role: 'group', 'aria-label': t('status') }, statusButtons),
    el('span', { id: 'connection', class: 'badge' }, t('disconnected')),
    el('span', { id: 'agent-state', class: 'badge' }, ''),
    languageSwitch(),
    el('a', { href: 'wallboard.html?workspace=' + encodeURIComponent(workspace) }, t('wallboard')));
}

async function refreshAgent() {
  if (!state.agent) return;
  const a = await call('api/agents/' + encodeURIComponent(state.agent));
  document.getElementById('agent-state').textContent = t('status') + ': ' + t(a.status) + ' · ' + (t(a.state) || a.state);
  for (const b of bar.querySelectorAll('[data-status]')) b.setAttribute('aria-pressed', String(b.dataset.status === a.status));
}

async function setStatus(status) {
  try {
    show(null);
    await call('api/agents/' + encodeURIComponent(state.agent) + '/status', { method: 'PUT', json: { status }, idempotent: true });
    await refreshAgent();
  } catch (e) { show(e); }
}

function choose(agent) {
  const url = new URL(location.href);
  url.searchParams.set('agent', agent);
  location.href = url.toString();
}

function connect() {
  if (state.source) state.source.close();
  const source = new EventSource('api/agents/' + encodeURIComponent(state.agent) + '/stream');
  state.source = source;
  const badge = document.getElementById('connection');
  source.onopen = () => { badge.textContent = t('connected'); badge.className = 'badge ok'; };
  source.onerror = () => {
    badge.textContent = t('disconnected'); badge.className = 'badge bad';
    // The browser reconnects by itself (after the server's retry, with Last-Event-ID) unless the server answered with
    // an error, a 503 while a replica was going away: then it gives up, and the desktop opens a new stream itself,
    // spread as the server's retry would be. A new stream starts from what the agent holds now.
    if (source.readyState === EventSource.CLOSED && state.source === source) {
      setTimeout(() => { if (state.source === source) reopen(); }, 1000 + Math.random() * 7000);
    }
  };
  source.onmessage = m => receive(JSON.parse(m.data));
}

function reopen() {
  state.contacts.clear();
  render();
  connect();
}

function receive(event) {
  switch (event.type) {
    case 'offer':
    case 'accepted': {
      const known = state.contacts.get(event.contactId) || {};
      state.contacts.set(event.contactId, {
        ...known, event: event.contact ? event : (known.event || event),
        status: event.type === 'accepted' ? 'accepted' : 'offered',
        expiresAt: event.type === 'offer' ? event.expiresAt : null
      });
      render();
      refreshAgent().catch(show);
      break;
    }
    case 'withdrawn':
    case 'completed':
      state.contacts.delete(event.contactId);
      render();
      flash(event.type === 'withdrawn' ? t('withdrawn') : t('completed'));
      refreshAgent().catch(show);
      break;
    case 'status':
      refreshAgent().catch(show);
      break;
    case 'briefing':
      addBriefing(event.briefing || event);
      break;
    case 'briefing-withdrawn':
      if (event.briefing) state.briefings.delete(event.briefing.articleId);
      renderBriefings();
      break;
    default:
      break;
  }
}

function flash(text) {
  const note = el('p', { class: 'badge', role: 'status' }, text);
  work.prepend(note);
  setTimeout(() => note.remove(), 4000);
}

function addBriefing(b) {
  if (!b || !b.articleId) return;
  state.briefings.set(b.articleId, b);
  renderBriefings();
}

function renderBriefings() {
  briefingsBox.replaceChildren(...[...state.briefings.values()].filter(b => !b.acknowledgedAt).map(b =>
    el('div', { class: 'banner', 'data-briefing': b.articleId },
      el('div', {},
        el('strong', {}, t('briefing') + ' · ' + (b.title || '')),
        b.summary ? el('div', {}, b.summary) : null,
        b.certification ? el('div', { class: 'muted' }, t('certification') + ': ' + b.certification) : null),
      el('button', { 'data-action': 'acknowledge', onclick: () => acknowledge(b) }, t('acknowledge')))));
}

async function acknowledge(b) {
  try {
    await call('api/agents/' + encodeURIComponent(state.agent) + '/briefings/' + b.articleId + '/acknowledge', { method: 'POST' });
    b.acknowledgedAt = new Date().toISOString();
    renderBriefings();
    flash(t('acknowledged') + ': ' + b.title);
  } catch (e) { show(e); }
}

/**
 * Draws the contacts held, keeping the card of a contact whose status has not changed: a new offer must not wipe the
 * wrap-up an agent is typing for another contact.
 */
function render() {
  if (state.contacts.size === 0) {
    work.replaceChildren(el('p', { class: 'muted', id: 'idle' }, t('waitingForWork')));
    return;
  }
  const drawn = new Map([...work.querySelectorAll(':scope > [data-contact]')].map(n => [n.dataset.contact, n]));
  work.replaceChildren(...[...state.contacts.entries()].map(([id, c]) => {
    const kept = drawn.get(id);
    return kept && kept.dataset.status === c.status ? kept : card(id, c);
  }));
  tick();
}

function card(id, c) {
  const ready = c.event.contact || {};
  const details = ready.contact || {};
  const customer = ready.customer || {};
  const guidance = ready.guidance || [];
  const articles = guidance.filter(a => a.kind !== 'communication_rule');
  const rules = guidance.filter(a => a.kind === 'communication_rule');
  const offered = c.status === 'offered';
  const head = el('div', {},
    el('h2', {}, channel(details.channel), ' · ', offered ? t('offer') : t('inProgress'),
      ' ', el('span', { class: 'badge' }, t(offered ? 'offered' : 'accepted'))),
    el('div', {}, el('strong', {}, t('subject') + ': '), details.subject || ''),
    el('div', {}, el('strong', {}, t('reason') + ': '), reasonLabel(details.reasonCode)),
    ready.requiredCertification ? el('div', { class: 'badge warn' }, t('certification') + ': ' + ready.requiredCertification) : null);
  const actions = offered
    ? el('div', {},
        el('span', { class: 'countdown', 'data-expires': c.expiresAt || '' }, ''), ' ',
        el('button', { 'data-action': 'accept', onclick: () => act(id, 'accept') }, t('accept')), ' ',
        el('button', { class: 'secondary', 'data-action': 'decline', onclick: () => act(id, 'decline') }, t('decline')))
    : wrapUp(id, guidance);
  const briefing = c.event.briefing ? el('div', { class: 'banner' }, el('div', {},
      el('strong', {}, t('briefing') + ' · ' + c.event.briefing.title), el('div', {}, c.event.briefing.summary || ''))) : null;
  return el('article', { class: 'card', 'data-contact': id, 'data-status': c.status },
    el('div', { class: 'grid2' },
      el('div', {}, head, briefing, actions),
      el('div', {}, customerPanel(customer, id))),
    el('div', { class: 'grid2' },
      el('section', {}, el('h3', {}, t('guidance')), articles.map(a => articlePanel(a, id))),
      el('section', {}, el('h3', {}, t('rules')), rules.map(a => articlePanel(a, id)))));
}

function customerPanel(customer, contactId) {
  const past = customer.recentContacts || [];
  if (customer.unidentified) return unidentifiedPanel(contactId);

  return el('section', { class: 'customer' },
    el('h3', {}, t('customer')),
    el('div', {}, customer.knownCustomer ? '' : t('unknownCustomer'),
      customer.knownCustomer ? (customer.contactsLast30Days + ' ' + t('contacts30')) : '',
      customer.lastAgentId ? ' · ' + t('lastAgent') + ': ' + customer.lastAgentId + ' (' + when(customer.lastContactAt) + ')' : '',
      customer.preferredLanguage ? ' · ' + t('preferredLanguage') + ': ' + customer.preferredLanguage : ''),
    customer.repeatContact ? el('p', { class: 'warning', 'data-repeat': 'true' }, '⚠ ' + t('repeat')) : null,
    el('h3', {}, t('history')),
    customer.knownCustomer && customer.customerId ? el('button', { class: 'secondary', 'data-action': 'full-history',
      onclick: e => fullHistory(customer.customerId, e.target) }, t('fullHistory')) : null,
    past.length === 0 ? el('p', { class: 'muted' }, t('noHistory')) :
      el('ol', { class: 'timeline' }, past.map(p => el('li', {},
        el('div', {}, channel(p.channel), ' · ', when(p.receivedAt), ' · ', reasonLabel(p.reasonCode),
          p.outcome ? el('span', { class: 'badge' }, outcomeLabel(p.outcome)) : null,
          p.agentId ? el('span', { class: 'muted' }, ' · ' + p.agentId) : null),
        p.subject ? el('div', { class: 'muted' }, p.subject) : null,
        p.note ? el('div', { class: 'note' }, p.note) : null))),
    (customer.openMatters || []).length ? el('div', {}, el('h3', {}, t('openMatters')),
      el('ul', {}, customer.openMatters.map(p => el('li', {}, when(p.receivedAt) + ' · ' + reasonLabel(p.reasonCode) + (p.note ? ' — ' + p.note : ''))))) : null);
}

/**
 * A caller nobody could identify (withheld or unusable caller id): said plainly, and the agent can identify them once
 * the customer says who they are (context-service joins the contact to that customer's history).
 */
function unidentifiedPanel(contactId) {
  if (state.identified.has(contactId)) return identifiedPanel(state.identified.get(contactId));
  const input = el('input', { name: 'identity', 'aria-label': t('identifyHint'), placeholder: t('identifyHint'), maxlength: 320 });
  const form = el('form', { 'data-identify': contactId, onsubmit: e => { e.preventDefault(); identify(contactId, input.value, form); } },
    input, ' ', el('button', { type: 'submit', class: 'secondary', 'data-action': 'identify' }, t('identify')));
  return el('section', { class: 'customer' },
    el('h3', {}, t('customer')),
    el('p', { class: 'warning', 'data-unidentified': 'true' }, t('unidentified')),
    form);
}

async function identify(contactId, value, form) {
  const text = (value || '').trim();
  if (!text) return;
  const body = { actor: 'agent:' + state.agent };
  if (text.includes('@')) body.email = text;
  else if (/^[+0-9 ().-]+$/.test(text)) body.phone = text;
  else body.crmId = text;
  try {
    show(null);
    const result = await call(state.ui.contextUrl + '/api/contacts/' + encodeURIComponent(contactId) + '/identify',
      { method: 'POST', json: body });
    state.identified.set(contactId, result.customerId);
    form.closest('section.customer').replaceWith(identifiedPanel(result.customerId));
  } catch (e) { show(e); }
}

function identifiedPanel(customerId) {
  return el('section', { class: 'customer' },
    el('h3', {}, t('customer')),
    el('p', {}, el('span', { class: 'badge ok', 'data-identified': customerId }, t('identified'))),
    el('button', { class: 'secondary', 'data-action': 'full-history',
      onclick: e => fullHistory(customerId, e.target) }, t('fullHistory')));
}

/** The customer's whole history across channels, from context-service (the offer carries the 5 most recent). */
async function fullHistory(customerId, button) {
  try {
    const page = await call(state.ui.contextUrl + '/api/customers/' + customerId + '/history?size=50');
    const titles = await articleTitles(page.contacts.flatMap(c => c.articlesUsed || []));
    button.replaceWith(el('div', { class: 'full-history' },
      el('p', { class: 'muted' }, page.total + ' ' + t('contactsInAll') + ' · '
        + page.identifiers.map(i => i.kind + ' ' + i.value).join(' · ')),
      el('ol', { class: 'timeline' }, page.contacts.map(c => el('li', {},
        el('div', {}, channel(c.channel), ' · ', when(c.receivedAt), ' · ', reasonLabel(c.reasonCode),
          c.outcome ? el('span', { class: 'badge' }, outcomeLabel(c.outcome)) : null,
          c.agentId ? el('span', { class: 'muted' }, ' · ' + c.agentId) : null),
        c.subject ? el('div', { class: 'muted' }, c.subject) : null,
        c.note ? el('div', { class: 'note' }, c.note) : null,
        (c.articlesUsed || []).length ? el('div', { class: 'muted', 'data-articles-used': '' },
          t('articlesUsed') + ': ' + c.articlesUsed.map(id => titles.get(id) || id).join(' · ')) : null)))));
  } catch (e) { show(e); }
}

/** The titles of these articles, from knowledge-service (an article it no longer has keeps its id). */
async function articleTitles(ids) {
  const titles = new Map();
  await Promise.all([...new Set(ids)].map(id => call(state.ui.knowledgeUrl + '/api/articles/' + id)
    .then(a => titles.set(id, a.title)).catch(() => null)));
  return titles;
}

function articlePanel(a, contactId) {
  const feedback = el('div', { class: 'feedback' },
    ['helpful', 'outdated', 'wrong'].map(v => el('button', { class: 'secondary', 'data-feedback': v,
      onclick: e => feedbackOn(a, v, contactId, e.target.parentElement) }, t(v))));
  const full = el('div', { class: 'full-article', 'data-full-article': a.articleId, hidden: true });
  const open = el('button', { class: 'secondary', 'data-action': 'full-article', 'aria-expanded': 'false',
    onclick: e => toggleArticle(a, full, e.target) }, t('readArticle'));
  return el('div', { class: 'article', 'data-article': a.articleId },
    el('strong', {}, a.title), ' ', el('span', { class: 'badge' }, a.kind),
    a.why ? el('div', { class: 'muted' }, t('why') + ': ' + a.why) : null,
    a.summary ? el('p', { class: 'summary', 'data-summary': '' }, a.summary) : null,
    el('div', {}, open),
    full,
    feedback);
}

/**
 * The offer carries a summary and the link to the version the agent is guided with; the whole article comes from
 * knowledge-service when the agent asks for it, once, then the button shows and hides it.
 */
async function toggleArticle(a, box, button) {
  try {
    if (!box.dataset.loaded) {
      const link = a.link || ('/api/articles/' + a.articleId + '/versions/' + a.version);
      const article = await call(state.ui.knowledgeUrl + link);
      box.replaceChildren(markdown(article.body),
        el('div', { class: 'muted' }, t('version') + ' ' + article.version + (article.status ? ' · ' + article.status : '')));
      box.dataset.loaded = 'true';
    }
    box.hidden = !box.hidden;
    button.textContent = box.hidden ? t('readArticle') : t('hideArticle');
    button.setAttribute('aria-expanded', String(!box.hidden));
  } catch (e) { show(e); }
}

async function feedbackOn(article, verdict, contactId, box) {
  try {
    await call(state.ui.knowledgeUrl + '/api/articles/' + article.articleId + '/feedback',
      { method: 'POST', json: { agentId: state.agent, verdict, contactId, version: article.version } });
    box.replaceChildren(el('span', { class: 'badge ok' }, t('thanks') + ' (' + t(verdict) + ')'));
  } catch (e) { show(e); }
}

function wrapUp(id, guidance) {
  const groups = new Map();
  for (const r of (state.codification ? state.codification.reasons : [])) {
    const top = r.parent ? r.code.split('.')[0] : r.code;
    if (!groups.has(top)) groups.set(top, []);
    groups.get(top).push(r);
  }
  const label = r => (lang === 'en' ? r.labelEn : r.labelFr);
  const reason = el('select', { name: 'reasonCode', required: true },
    el('option', { value: '' }, t('choose')),
    [...groups.entries()].map(([top, list]) => el('optgroup', { label: label(list.find(r => r.code === top) || list[0]) },
      list.map(r => el('option', { value: r.code }, (r.parent ? '↳ ' : '') + label(r) + ' (' + r.code + ')')))));
  const outcome = el('select', { name: 'outcome', required: true },
    (state.codification ? state.codification.outcomes : []).map(o => el('option', { value: o.code }, label(o))));
  const error = el('p', { class: 'error', role: 'alert' });
  const form = el('form', { class: 'wrapup', 'data-wrapup': id },
    el('h3', {}, t('wrapUp')),
    el('label', {}, t('reason'), reason),
    el('label', {}, t('outcome'), outcome),
    el('label', {}, t('note'), el('textarea', { name: 'note', rows: 3, maxlength: 4000 })),
    el('label', {}, el('span', {}, el('input', { type: 'checkbox', name: 'avoidable' }), ' ' + t('avoidable'))),
    el('label', {}, t('suggestion'), el('textarea', { name: 'suggestion', rows: 2, maxlength: 2000 })),
    guidance.length ? el('fieldset', {}, el('legend', {}, t('articlesUsed')), guidance.map(a =>
      el('label', {}, el('span', {}, el('input', { type: 'checkbox', name: 'articlesUsed', value: a.articleId, checked: true }), ' ' + a.title)))) : null,
    error,
    el('button', { type: 'submit', 'data-action': 'complete' }, t('complete')));
  form.addEventListener('submit', async e => {
    e.preventDefault();
    const data = new FormData(form);
    try {
      await call('api/agents/' + encodeURIComponent(state.agent) + '/contacts/' + id + '/complete', { method: 'POST', idempotent: true, json: {
        reasonCode: data.get('reasonCode'), outcome: data.get('outcome'), note: data.get('note') || null,
        avoidable: data.get('avoidable') === 'on', suggestion: data.get('suggestion') || null,
        articlesUsed: data.getAll('articlesUsed') } });
      state.contacts.delete(id);
      render();
      flash(t('completed'));
      refreshAgent().catch(show);
    } catch (err) { error.textContent = err.message; }
  });
  return form;
}

async function act(id, action) {
  try {
    show(null);
    await call('api/agents/' + encodeURIComponent(state.agent) + '/contacts/' + id + '/' + action, { method: 'POST', idempotent: true });
    if (action === 'accept') {
      state.contacts.get(id).status = 'accepted';
    } else {
      state.contacts.delete(id);
    }
    render();
    refreshAgent().catch(show);
  } catch (e) { show(e); }
}

function tick() {
  for (const node of document.querySelectorAll('.countdown[data-expires]')) {
    if (!node.dataset.expires) continue;
    const left = Math.max(0, Math.round((new Date(node.dataset.expires) - Date.now()) / 1000));
    node.textContent = t('expiresIn') + ' ' + left + ' ' + t('seconds');
    node.classList.toggle('low', left <= 10);
  }
}

async function start() {
  try {
    state.ui = await call('api/ui/config');
    state.codification = await call('api/codification?workspace=' + encodeURIComponent(workspace));
    await header();
    render();
    if (state.agent) {
      await refreshAgent();
      connect();
    }
    setInterval(tick, 500);
  } catch (e) { show(e); }
}

start();
