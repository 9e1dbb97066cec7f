// Shared by the desktop and the wallboard: translations, DOM building (text only, never HTML from data),
// calls with problem+json errors, and the page's settings from its URL.

const WORDS = {
  fr: {
    desktop: 'Poste agent', wallboard: 'Tableau de supervision', editor: 'Éditeur de la bible', agent: 'Agent',
    choose: '— choisir —', status: 'Statut', available: 'Disponible', away: 'Absent', offline: 'Hors ligne',
    connected: 'Connecté', disconnected: 'Déconnecté', waitingForWork: 'En attente de contacts…',
    offer: 'Nouveau contact', accept: 'Accepter', decline: 'Refuser', inProgress: 'En cours',
    expiresIn: 'Expire dans', seconds: 's', customer: 'Client', unknownCustomer: 'Nouveau client',
    unidentified: 'Numéro masqué — client non identifié', identify: 'Identifier le client',
    identifyHint: 'N° client CRM, téléphone ou e-mail', identified: 'Client identifié',
    contacts30: 'contacts sur 30 jours', lastAgent: 'Dernier agent', preferredLanguage: 'Langue préférée',
    repeat: 'Contact répété : même motif il y a moins de 7 jours. La dernière réponse n\'a pas suffi.',
    history: 'Historique multicanal', fullHistory: 'Tout l\'historique', contactsInAll: 'contacts en tout', recentContacts: 'Contacts récents', noHistory: 'Aucun contact précédent.', openMatters: 'Affaires en cours',
    guidance: 'Articles utiles', rules: 'Règles de communication du canal', why: 'Pourquoi',
    readArticle: 'Lire l\'article complet', hideArticle: 'Masquer l\'article', version: 'Version',
    helpful: 'Utile', outdated: 'Obsolète', wrong: 'Erroné', thanks: 'Merci pour votre retour',
    wrapUp: 'Clôture', reason: 'Motif', outcome: 'Résultat', note: 'Note pour le prochain conseiller',
    avoidable: 'Contact évitable (le client n\'aurait pas dû avoir à nous contacter)',
    suggestion: 'Suggestion du client (pour le marketing)', articlesUsed: 'Articles utilisés', complete: 'Clôturer',
    completed: 'Contact clôturé', withdrawn: 'Offre retirée', briefing: 'Briefing', acknowledge: 'J\'ai lu',
    acknowledged: 'Lu', certification: 'Certification', subject: 'Objet', channel: 'Canal',
    phone: 'Téléphone', mail: 'E-mail', chat: 'Chat', queue: 'File', waiting: 'En attente', longest: 'Attente max',
    serviceLevel: 'Niveau de service', target: 'Objectif', answered: 'Répondus', abandoned: 'Abandonnés',
    agentsByState: 'Agents', idle: 'libres', busy: 'occupés', at_capacity: 'complets', wrap_up: 'post-appel',
    breached: 'objectif manqué', onTarget: 'dans l\'objectif', noData: '—', slHour: 'Niveau de service, dernière heure',
    waitingContacts: 'Contacts en attente', recent: 'Décision de routage', clickContact: 'Cliquez sur un contact pour voir pourquoi il a été routé ainsi.',
    language: 'Langue', updated: 'Mis à jour', workspace: 'Espace', offered: 'proposé', accepted: 'accepté', queued: 'en file',
    agentsTable: 'Agents', state: 'État', away_state: 'absent', offline_state: 'hors ligne'
  },
  en: {
    desktop: 'Agent desktop', wallboard: 'Supervisor wallboard', editor: 'Bible editor', agent: 'Agent',
    choose: '— choose —', status: 'Status', available: 'Available', away: 'Away', offline: 'Offline',
    connected: 'Connected', disconnected: 'Disconnected', waitingForWork: 'Waiting for contacts…',
    offer: 'New contact', accept: 'Accept', decline: 'Decline', inProgress: 'In progress',
    expiresIn: 'Expires in', seconds: 's', customer: 'Customer', unknownCustomer: 'New customer',
    unidentified: 'Withheld number — customer not identified', identify: 'Identify the customer',
    identifyHint: 'CRM id, phone or e-mail', identified: 'Customer identified',
    contacts30: 'contacts in 30 days', lastAgent: 'Last agent', preferredLanguage: 'Preferred language',
    repeat: 'Repeat contact: same reason less than 7 days ago. The last answer did not work.',
    history: 'Cross-channel history', fullHistory: 'Whole history', contactsInAll: 'contacts in all', recentContacts: 'Recent contacts', noHistory: 'No earlier contact.', openMatters: 'Open matters',
    guidance: 'Guidance', rules: 'Communication rules for this channel', why: 'Why',
    readArticle: 'Read the full article', hideArticle: 'Hide the article', version: 'Version',
    helpful: 'Helpful', outdated: 'Outdated', wrong: 'Wrong', thanks: 'Thank you for your feedback',
    wrapUp: 'Wrap-up', reason: 'Reason', outcome: 'Outcome', note: 'Note for the next agent',
    avoidable: 'Avoidable contact (the customer should not have needed to contact us)',
    suggestion: 'Customer\'s suggestion (for marketing)', articlesUsed: 'Articles used', complete: 'Complete',
    completed: 'Contact completed', withdrawn: 'Offer withdrawn', briefing: 'Briefing', acknowledge: 'I have read it',
    acknowledged: 'Read', certification: 'Certification', subject: 'Subject', channel: 'Channel',
    phone: 'Phone', mail: 'Mail', chat: 'Chat', queue: 'Queue', waiting: 'Waiting', longest: 'Longest wait',
    serviceLevel: 'Service level', target: 'Target', answered: 'Answered', abandoned: 'Abandoned',
    agentsByState: 'Agents', idle: 'idle', busy: 'busy', at_capacity: 'full', wrap_up: 'wrap-up',
    breached: 'target missed', onTarget: 'on target', noData: '—', slHour: 'Service level, last hour',
    waitingContacts: 'Waiting contacts', recent: 'Routing decision', clickContact: 'Click a contact to see why it was routed where it went.',
    language: 'Language', updated: 'Updated', workspace: 'Workspace', offered: 'offered', accepted: 'accepted', queued: 'queued',
    agentsTable: 'Agents', state: 'State', away_state: 'away', offline_state: 'offline'
  }
};

export const params = new URLSearchParams(location.search);
export const workspace = params.get('workspace') || 'default';
export let lang = params.get('lang') || localStorage.getItem('relais.lang') || (navigator.language || 'fr').slice(0, 2);
if (!WORDS[lang]) lang = 'fr';
document.documentElement.lang = lang;

export function t(key) {
  return (WORDS[lang] && WORDS[lang][key]) || WORDS.en[key] || key;
}

export function setLanguage(value) {
  localStorage.setItem('relais.lang', value);
  const url = new URL(location.href);
  url.searchParams.set('lang', value);
  location.href = url.toString();
}

/** Builds an element; children are nodes or strings (always inserted as text, never parsed as HTML). */
export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k.startsWith('on')) node.addEventListener(k.slice(2), v);
    else if (k === 'class') node.className = v;
    else node.setAttribute(k, v === true ? '' : v);
  }
  for (const c of children.flat()) {
    if (c === null || c === undefined || c === false) continue;
    node.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return node;
}

/** Markdown to sanitised HTML (marked, then DOMPurify): articles come from editors, not from customers. */
export function markdown(text) {
  const div = el('div', { class: 'body' });
  div.innerHTML = window.DOMPurify.sanitize(window.marked.parse(text || ''));
  return div;
}

// Symbols every system font has (DejaVu included), so that no channel shows as an empty box.
export const CHANNEL_ICON = { phone: '☎', mail: '✉', chat: '✎' };

export function channel(code) {
  return el('span', { title: t(code) }, (CHANNEL_ICON[code] || '•') + ' ', t(code));
}

/** Calls an API; on an error, throws an Error whose message is the problem's detail. */
/** A fresh Idempotency-Key (crypto.randomUUID needs a secure context; random bytes do not). */
export function idempotencyKey() {
  if (globalThis.crypto && crypto.randomUUID) return crypto.randomUUID();
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), b => b.toString(16).padStart(2, '0')).join('');
}

const sleep = ms => new Promise(resolve => setTimeout(resolve, ms));

/**
 * Calls the API. With `idempotent: true` the request carries an Idempotency-Key, the same for every attempt, and is
 * tried again (up to 4 times in all) when the network fails or the service answers 503 (a routing replica handing a
 * workspace over says when to come back in Retry-After, capped here at 5 s): routing applies it once however many
 * attempts reach it, so an agent's accept or wrap-up survives a failover without being done twice.
 */
export async function call(url, options = {}) {
  const init = { method: options.method, headers: { Accept: 'application/json', ...(options.headers || {}) } };
  if (options.json !== undefined) {
    init.body = JSON.stringify(options.json);
    init.headers['Content-Type'] = 'application/json';
  }
  if (options.idempotent) init.headers['Idempotency-Key'] = idempotencyKey();
  const attempts = options.idempotent ? 4 : 1;
  let response;
  for (let attempt = 1; ; attempt++) {
    try {
      response = await fetch(url, init);
    } catch (networkError) {
      if (attempt >= attempts) throw networkError;
      await sleep(1000);
      continue;
    }
    if (response.status !== 503 || attempt >= attempts) break;
    const after = Number(response.headers.get('Retry-After'));
    await sleep(Math.min(Number.isFinite(after) && after > 0 ? after : 1, 5) * 1000);
  }
  const text = await response.text();
  const body = text ? JSON.parse(text) : null;
  if (!response.ok) {
    throw new Error((body && (body.detail || body.title)) || response.status + ' ' + response.statusText);
  }
  return body;
}

export function when(instant) {
  if (!instant) return '';
  return new Date(instant).toLocaleString(lang === 'fr' ? 'fr-FR' : 'en-GB', { dateStyle: 'short', timeStyle: 'short' });
}

export function seconds(value) {
  if (value === null || value === undefined) return t('noData');
  const s = Math.round(value);
  return s < 60 ? s + ' s' : Math.floor(s / 60) + ' min ' + String(s % 60).padStart(2, '0');
}

export function percent(value) {
  return value === null || value === undefined ? t('noData') : Math.round(value * 100) + ' %';
}

/** The header's language switch. */
export function languageSwitch() {
  return el('label', {}, t('language') + ' ',
    el('select', { id: 'language', onchange: e => setLanguage(e.target.value) },
      el('option', { value: 'fr', selected: lang === 'fr' }, 'Français'),
      el('option', { value: 'en', selected: lang === 'en' }, 'English')));
}
