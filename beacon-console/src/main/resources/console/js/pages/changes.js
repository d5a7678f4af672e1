// Changes (the former live page): every key under a prefix, kept current by its own stream, which
// resumes from the listing's revision (nothing between the read and the stream is missed), with a log of
// the changes as they arrive and a form to set a key. /ui/changes?prefix=P.
import { call, enc, get } from '../api.js';
import { field, h, replace } from '../dom.js';
import { fmtDate, t } from '../i18n.js';
import { LiveStream } from '../live.js';
import { attempt, empty, liveLabel, pageHeader } from '../ui.js';

export async function mount(main, route, ctx) {
  const prefix = route.query.has('prefix') ? route.query.get('prefix') : ctx.root;
  const rows = new Map();
  const tbody = h('tbody', { id: 'keys' });
  const log = h('ol', { class: 'log', 'aria-label': t('changes.log') });
  const revision = h('span', { id: 'revision' }, '–');
  const state = h('span', { id: 'stream-state', class: 'live-state connecting' }, liveLabel('connecting'));
  const prefixIn = h('input', { id: 'prefix', name: 'prefix', value: prefix, autocomplete: 'off' });
  const keyIn = h('input', { id: 'key', name: 'key', autocomplete: 'off', required: true });
  const valueIn = h('input', { id: 'value', name: 'value', autocomplete: 'off' });
  const result = h('span', { id: 'set-result', role: 'status' });
  replace(main, pageHeader(t('changes.title')),
    h('p', { class: 'muted' }, t('changes.lead')),
    h('form', { class: 'inline', id: 'watch', onsubmit: e => { e.preventDefault(); ctx.navigate('/ui/changes?prefix=' + enc(prefixIn.value)); } },
      field(t('changes.prefix'), prefixIn), h('button', { type: 'submit' }, t('changes.watch')),
      h('span', {}, t('changes.stream'), ' ', state), h('span', {}, t('changes.revision'), ' ', revision)),
    h('form', { class: 'inline', id: 'set', onsubmit: e => { e.preventDefault(); attempt(async () => {
      result.textContent = '';
      await call('PUT', '/api/v1/kv?key=' + enc(keyIn.value), { body: { value: valueIn.value } });
      result.textContent = t('changes.saved');
    }); } }, field(t('changes.key'), keyIn), field(t('changes.value'), valueIn), h('button', { type: 'submit', class: 'primary' }, t('changes.set')), result),
    h('div', { class: 'table-wrap' }, h('table', {}, h('caption', { class: 'sr-only' }, t('changes.keys')),
      h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, t('changes.key')), h('th', { scope: 'col' }, t('changes.value')), h('th', { scope: 'col' }, t('changes.revision')))), tbody)),
    h('h2', {}, t('changes.log')), log);

  function show(kv, deleted) {
    let row = rows.get(kv.key);
    if (deleted) {
      if (row) { row.remove(); rows.delete(kv.key); }
      return;
    }
    if (!row) {
      row = h('tr', { dataset: { key: kv.key } }, h('td', { class: 'k' }), h('td', { class: 'v' }), h('td', { class: 'r' }));
      const after = [...rows.keys()].sort().find(k => k > kv.key);
      tbody.insertBefore(row, after ? rows.get(after) : null);
      rows.set(kv.key, row);
    }
    row.querySelector('.k').textContent = kv.key;
    row.querySelector('.v').textContent = kv.value;
    row.querySelector('.r').textContent = kv.modRevision;
  }

  async function load() {
    rows.clear();
    tbody.replaceChildren();
    const list = await get('/api/v1/kv?key=' + enc(prefix) + '&prefix=true&limit=1000');
    list.kvs.forEach(kv => show(kv, false));
    revision.textContent = list.revision;
    return Number(list.revision);
  }

  if (!prefix) {
    replace(tbody, h('tr', {}, h('td', { colspan: '3' }, empty(t('changes.enterPrefix')))));
    return {};
  }
  const stream = new LiveStream(prefix, {
    onState: s => { state.className = 'live-state ' + s; state.dataset.state = s; state.textContent = liveLabel(s); },
    onChange: c => {
      show(c, c.op === 'delete');
      revision.textContent = c.modRevision;
      log.prepend(h('li', {}, h('time', {}, fmtDate(new Date().toISOString())), ' ',
        c.op === 'put' ? t('changes.logPut', { key: c.key, value: c.value, revision: c.modRevision }) : t('changes.logDelete', { key: c.key, revision: c.modRevision })));
    },
    onCompacted: () => attempt(load),
  });
  stream.start(await load());
  return { dispose: () => stream.close() };
}
