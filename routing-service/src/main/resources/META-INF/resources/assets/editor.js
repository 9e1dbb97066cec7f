// The bible editor: list and search articles, write them in Markdown with a live preview, move versions through the
// workflow (draft → in review → published → retired), read the history and its diffs, and see who read each briefing
// and what agents said of it. It calls knowledge-service (its address comes from /api/ui/config).
import { call, el, languageSwitch, markdown, params, percent, when, lang } from './relais.js';

const W = {
  fr: { title: 'Articles de la bible', search: 'Rechercher', new: 'Nouvel article', kind: 'Type', language: 'Langue',
    status: 'Statut', version: 'Version', body: 'Texte (Markdown)', preview: 'Aperçu', save: 'Enregistrer une nouvelle version',
    channels: 'Canaux (vide : tous)', segments: 'Segments (vide : tous)', reasons: 'Motifs traités', tags: 'Mots-clés',
    owner: 'Responsable', certification: 'Certification', from: 'En vigueur du', to: 'au', editor: 'Éditeur',
    submit: 'Soumettre à relecture', sendBack: 'Renvoyer en brouillon', publish: 'Publier', retire: 'Retirer',
    history: 'Versions', diff: 'Différences avec la précédente', reach: 'Lecture et retours', delivered: 'Briefings reçus',
    acknowledged: 'Lus', readRate: 'Taux de lecture', uses: 'Utilisations', resolved: 'Résolus', repeats: 'Contacts répétés',
    feedback: 'Retours des agents', none: 'Aucun', titleField: 'Titre', saved: 'Version enregistrée', moved: 'Statut changé' },
  en: { title: 'Bible articles', search: 'Search', new: 'New article', kind: 'Kind', language: 'Language',
    status: 'Status', version: 'Version', body: 'Text (Markdown)', preview: 'Preview', save: 'Save as a new version',
    channels: 'Channels (empty: all)', segments: 'Segments (empty: all)', reasons: 'Reasons it answers', tags: 'Tags',
    owner: 'Owner', certification: 'Certification', from: 'In effect from', to: 'to', editor: 'Editor',
    submit: 'Submit for review', sendBack: 'Send back to draft', publish: 'Publish', retire: 'Retire',
    history: 'Versions', diff: 'Changes from the previous one', reach: 'Reading and feedback', delivered: 'Briefings delivered',
    acknowledged: 'Read', readRate: 'Read rate', uses: 'Uses', resolved: 'Resolved', repeats: 'Repeat contacts',
    feedback: 'Agents\' feedback', none: 'None', titleField: 'Title', saved: 'Version saved', moved: 'Status changed' }
};
const w = key => (W[lang] || W.en)[key] || key;
const KINDS = ['fundamentals', 'communication_rule', 'procedure', 'offer'];
const message = document.getElementById('message');
let K = '';
let editor = params.get('editor') || localStorage.getItem('relais.editor') || 'editor';

function show(e) { message.textContent = e ? String(e.message || e) : ''; }
function list(value) { return (value || '').split(',').map(s => s.trim()).filter(Boolean); }
function localInput(instant) { return instant ? new Date(instant).toISOString().slice(0, 16) : ''; }
function instant(value) { return value ? new Date(value + 'Z').toISOString() : null; }

async function loadList() {
  const articles = await call(K + '/api/articles');
  document.getElementById('articles').replaceChildren(
    el('thead', {}, el('tr', {}, [w('titleField'), w('kind'), w('language'), w('status'), w('version')].map(h => el('th', {}, h)))),
    el('tbody', {}, articles.map(a => el('tr', { 'data-article': a.id },
      el('td', {}, el('button', { class: 'secondary', onclick: () => open(a.id) }, a.title)),
      el('td', {}, a.kind), el('td', {}, a.language), el('td', {}, el('span', { class: 'badge', 'data-status': a.status }, a.status)),
      el('td', {}, 'v' + a.version)))));
}

function searchForm() {
  const q = el('input', { type: 'search', name: 'q', 'aria-label': w('search') });
  const form = document.getElementById('search');
  form.replaceChildren(q, ' ', el('button', { type: 'submit' }, w('search')), ' ',
    el('button', { type: 'button', class: 'secondary', 'data-action': 'new', onclick: () => edit(null) }, w('new')));
  form.addEventListener('submit', async e => {
    e.preventDefault();
    try {
      const hits = await call(K + '/api/knowledge/search?lang=' + lang + '&q=' + encodeURIComponent(q.value));
      document.getElementById('hits').replaceChildren(...hits.map(h => {
        const excerpt = el('div', { class: 'muted' });
        excerpt.innerHTML = window.DOMPurify.sanitize(h.excerpt || '', { ALLOWED_TAGS: ['b', 'mark', 'em'] });
        return el('div', { class: 'article', 'data-hit': h.id },
          el('button', { class: 'secondary', onclick: () => open(h.id) }, h.title), ' ', el('span', { class: 'badge' }, h.kind), excerpt);
      }));
    } catch (err) { show(err); }
  });
}

async function open(id) {
  try {
    show(null);
    const article = await call(K + '/api/articles/' + id);
    edit(article);
    await Promise.all([history(article), reach(article)]);
  } catch (e) { show(e); }
}

function field(label, input) { return el('label', {}, label, input); }

function edit(a) {
  const body = el('textarea', { name: 'body', rows: 14, required: true }, a ? a.body : '');
  const preview = el('div', { class: 'article', 'aria-live': 'polite' });
  const render = () => preview.replaceChildren(el('h3', {}, w('preview')), markdown(body.value));
  body.addEventListener('input', render);
  render();
  const form = el('form', { class: 'wrapup', id: 'article-form' },
    el('h2', {}, a ? a.title + ' · v' + a.version + ' ' : w('new'), a ? el('span', { class: 'badge', id: 'status' }, a.status) : null),
    field(w('kind'), el('select', { name: 'kind' }, KINDS.map(k => el('option', { value: k, selected: a && a.kind === k }, k)))),
    field(w('titleField'), el('input', { name: 'title', required: true, value: a ? a.title : '' })),
    field(w('language'), el('select', { name: 'language' }, ['fr', 'en'].map(l => el('option', { value: l, selected: a ? a.language === l : l === lang }, l)))),
    field(w('channels'), el('input', { name: 'channels', value: a ? a.channels.join(', ') : '', placeholder: 'phone, mail, chat' })),
    field(w('segments'), el('input', { name: 'segments', value: a ? a.segments.join(', ') : '' })),
    field(w('reasons'), el('input', { name: 'reasonCodes', value: a ? a.reasonCodes.join(', ') : '', placeholder: 'savings.new_offer' })),
    field(w('tags'), el('input', { name: 'tags', value: a ? a.tags.join(', ') : '' })),
    field(w('owner'), el('input', { name: 'owner', value: a && a.owner ? a.owner : '' })),
    field(w('certification'), el('input', { name: 'certification', value: a && a.certification ? a.certification : '' })),
    field(w('from'), el('input', { type: 'datetime-local', name: 'effectiveFrom', value: localInput(a && a.effectiveFrom) })),
    field(w('to'), el('input', { type: 'datetime-local', name: 'effectiveTo', value: localInput(a && a.effectiveTo) })),
    field(w('body'), body), preview,
    el('div', {}, el('button', { type: 'submit', 'data-action': 'save' }, w('save'))),
    a ? el('div', { role: 'group' },
      [['in_review', 'submit'], ['draft', 'sendBack'], ['published', 'publish'], ['retired', 'retire']].map(([s, label]) =>
        el('button', { type: 'button', class: s === 'retired' ? 'danger' : 'secondary', 'data-move': s,
          onclick: () => move(a, s) }, w(label)))) : null);
  form.addEventListener('submit', async e => {
    e.preventDefault();
    const d = new FormData(form);
    const request = { kind: d.get('kind'), title: d.get('title'), body: d.get('body'), language: d.get('language'),
      channels: list(d.get('channels')), segments: list(d.get('segments')), reasonCodes: list(d.get('reasonCodes')),
      tags: list(d.get('tags')), owner: d.get('owner') || null, certification: d.get('certification') || null,
      effectiveFrom: instant(d.get('effectiveFrom')), effectiveTo: instant(d.get('effectiveTo')), editor };
    try {
      const saved = await call(K + '/api/articles' + (a ? '/' + a.id : ''), { method: a ? 'PUT' : 'POST', json: request });
      await loadList();
      await open(saved.id);
      show(null);
      document.getElementById('status').after(' ', el('span', { class: 'badge ok' }, w('saved')));
    } catch (err) { show(err); }
  });
  document.getElementById('edit').replaceChildren(form);
}

async function move(a, status) {
  try {
    await call(K + '/api/articles/' + a.id + '/versions/' + a.version + '/status', { method: 'PUT', json: { status, by: editor } });
    await loadList();
    await open(a.id);
    document.getElementById('status').after(' ', el('span', { class: 'badge ok' }, w('moved')));
  } catch (e) { show(e); }
}

async function history(a) {
  const versions = await call(K + '/api/articles/' + a.id + '/versions');
  const box = document.getElementById('history');
  const diffBox = el('pre', { class: 'why', id: 'diff' });
  box.replaceChildren(el('h2', {}, w('history')),
    el('ol', {}, versions.map(v => el('li', {}, 'v' + v.version + ' · ', el('span', { class: 'badge' }, v.status), ' · ' + v.title
      + ' · ' + (v.createdBy || '') + ' · ' + when(v.createdAt)))),
    el('h3', {}, w('diff')), diffBox);
  if (versions.length > 1) {
    const diff = await call(K + '/api/articles/' + a.id + '/diff?from=' + versions[1].version + '&to=' + versions[0].version);
    diffBox.textContent = (diff.fields || []).map(f => f.field + ': ' + JSON.stringify(f.from) + ' → ' + JSON.stringify(f.to)).join('\n')
      + '\n' + (diff.unified || '');
  } else {
    diffBox.textContent = w('none');
  }
}

async function reach(a) {
  const box = document.getElementById('reach');
  const [readers, eff] = await Promise.all([
    call(K + '/api/articles/' + a.id + '/readers').catch(() => null),
    call(K + '/api/articles/' + a.id + '/effectiveness').catch(() => null)]);
  box.replaceChildren(el('h2', {}, w('reach')),
    readers ? el('p', { id: 'read-rate' }, w('delivered') + ': ' + readers.delivered + ' · ' + w('acknowledged') + ': '
      + readers.acknowledged + ' · ' + w('readRate') + ': ' + percent(readers.readRate)) : null,
    readers ? el('ul', {}, readers.readers.map(r => el('li', {}, r.agentId + ' (' + r.workspace + ') · '
      + (r.acknowledgedAt ? w('acknowledged') + ' ' + when(r.acknowledgedAt) : w('delivered') + ' ' + when(r.deliveredAt))))) : null,
    eff ? el('p', {}, w('uses') + ': ' + eff.uses + ' · ' + w('resolved') + ': ' + percent(eff.resolvedShare) + ' · '
      + w('repeats') + ': ' + percent(eff.repeatShare)) : null,
    eff ? el('p', { id: 'feedback' }, w('feedback') + ': ' + (Object.entries(eff.feedback || {}).map(([k, n]) => k + ' ' + n).join(' · ') || w('none'))) : null);
}

async function start() {
  try {
    K = (await call('api/ui/config')).knowledgeUrl;
    const name = el('input', { id: 'editor-name', value: editor, size: 12, onchange: e => {
      editor = e.target.value || 'editor'; localStorage.setItem('relais.editor', editor); } });
    document.getElementById('bar').replaceChildren(el('h1', {}, 'Relais · ' + (lang === 'fr' ? 'Éditeur de la bible' : 'Bible editor')),
      el('label', {}, w('editor') + ' ', name), languageSwitch(),
      el('a', { href: 'desktop.html' }, lang === 'fr' ? 'Poste agent' : 'Agent desktop'),
      el('a', { href: 'wallboard.html' }, lang === 'fr' ? 'Supervision' : 'Wallboard'));
    document.getElementById('list-title').textContent = w('title');
    searchForm();
    await loadList();
    edit(null);
    if (params.get('article')) await open(params.get('article'));
  } catch (e) { show(e); }
}

start();
