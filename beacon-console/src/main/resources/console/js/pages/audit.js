// Audit: GET /api/v1/audit — every write, newest first (who, from where, what, on which target, at which
// revision, with which result), filtered by target / actor / action / since, with "Older" paging through the
// server's cursor. /ui/audit?target=shop/prod/*&actor=carol&action=config.*&since=24h is a deep link.
import { call, enc } from '../api.js';
import { field, h, replace, table } from '../dom.js';
import { fmtDate, t } from '../i18n.js';
import { attempt, empty, pageHeader } from '../ui.js';

const FILTERS = ['target', 'actor', 'action', 'since'];
const LABELS = () => ({ target: t('audit.target'), actor: t('audit.actor'), action: t('audit.action'), since: t('audit.since') });
const EXAMPLES = () => ({ target: t('audit.targetExample'), actor: t('audit.actorExample'), action: t('audit.actionExample'),
  since: t('audit.sinceExample') });

export async function mount(main, route, ctx) {
  const inputs = Object.fromEntries(FILTERS.map(f => [f, h('input', { id: 'audit-' + f, name: f, autocomplete: 'off',
    value: route.query.get(f) || '', placeholder: EXAMPLES()[f] })]));
  const box = h('div', { 'aria-live': 'polite' });
  const older = h('button', { type: 'button', id: 'audit-older', style: 'display: none', onclick: () => { pagedOlder = true; attempt(() => load(cursor)); } }, t('audit.older'));
  let cursor = null;
  let pagedOlder = false;
  let tbody = null;

  replace(main, pageHeader(t('audit.title'), h('button', { type: 'button', onclick: () => { pagedOlder = false; attempt(() => load(null)); } }, t('audit.refresh'))),
    h('p', { class: 'muted' }, t('audit.lead')),
    h('form', { class: 'inline', id: 'audit-filter', onsubmit: e => {
      e.preventDefault();
      const q = FILTERS.filter(f => inputs[f].value.trim() !== '').map(f => f + '=' + enc(inputs[f].value.trim())).join('&');
      ctx.navigate('/ui/audit' + (q ? '?' + q : ''));
    } }, FILTERS.map(f => field(LABELS()[f], inputs[f])), h('button', { type: 'submit', class: 'primary' }, t('audit.filter'))),
    box, older);

  function row(r) {
    const actor = r.actor ? r.actor.name + (r.actor.tokenId ? ' (' + r.actor.tokenId + ')' : '') : '';
    return h('tr', { dataset: { action: r.action, target: r.target, result: r.result } },
      h('td', {}, h('time', { datetime: r.time }, fmtDate(r.time))), h('td', {}, actor), h('td', {}, r.address || ''),
      h('td', {}, h('code', {}, r.action)), h('td', {}, h('code', {}, r.target)), h('td', {}, r.revision ? String(r.revision) : '–'),
      h('td', {}, h('span', { class: 'badge ' + (r.result === 'OK' ? 's-up' : 's-down') }, r.result)));
  }

  async function load(from) {
    const q = FILTERS.filter(f => route.query.get(f)).map(f => f + '=' + enc(route.query.get(f)));
    q.push('limit=100');
    if (from) q.push('cursor=' + enc(from));
    const answer = await call('GET', '/api/v1/audit?' + q.join('&'));
    if (!from && pagedOlder) return; // a live refresh that lands after "Older" was pressed: keep what the user paged to
    const records = (answer.data && answer.data.records) || [];
    if (!from) {
      tbody = null;
      if (records.length === 0) replace(box, empty(t('audit.none')));
    }
    if (records.length > 0) {
      if (!tbody) {
        const tableEl = table(t('audit.title'), [t('audit.time'), t('audit.actor'), t('audit.address'), t('audit.action'),
          t('audit.target'), t('audit.revision'), t('audit.result')], []);
        tbody = tableEl.querySelector('tbody');
        replace(box, tableEl);
      }
      records.forEach(r => tbody.append(row(r)));
    }
    cursor = (answer.data && answer.data.next) || null;
    older.style.display = cursor ? '' : 'none'; // (the stylesheet's button display would beat the hidden attribute)
  }

  await load(null);
  // a write anywhere adds a record: the first page follows the live stream; older pages stay as loaded
  return { relevant: () => !pagedOlder, refresh: () => (pagedOlder ? null : load(null)) };
}
