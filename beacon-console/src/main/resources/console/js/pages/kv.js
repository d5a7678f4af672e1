// Keys: raw etcd keys as a tree, one level at a time (/ui/kv?prefix=P lists the keys and "folders" right
// under P, read with keysOnly), a page of keys at a time (&limit=N keys a page; &after=K continues after key K,
// &page=n numbers it: GET /api/v1/kv?prefix=true&startAfter=K), a key's value and revisions, edit / delete
// (guarded by its mod revision), and a put form with an optional TTL. A folder that spans two pages shows on
// each with the keys of that page.
import { call, enc, get } from '../api.js';
import { field, h, replace, table } from '../dom.js';
import { t } from '../i18n.js';
import { attempt, confirmDialog, empty, pageHeader } from '../ui.js';
import { currentRevision, LiveStream } from '../live.js';

const PAGE_SIZES = [50, 100, 500, 1000];
const DEFAULT_PAGE = 100;

export async function mount(main, route, ctx) {
  const prefix = route.query.has('prefix') ? route.query.get('prefix') : ctx.root;
  let selected = route.query.get('key');
  const asked = Number(route.query.get('limit'));
  const limit = Number.isInteger(asked) && asked >= 1 && asked <= 10000 ? asked : DEFAULT_PAGE;
  const after = route.query.get('after') || null;
  const pageNo = Math.max(1, Number.parseInt(route.query.get('page'), 10) || 1);
  const sizeIn = h('select', { name: 'limit', onchange: () => ctx.navigate(kvUrl(prefix, { limit: sizeIn.value })) },
    [...new Set([...PAGE_SIZES, limit])].sort((a, b) => a - b).map(n => h('option', { value: String(n), selected: n === limit }, String(n))));
  const listBox = h('div', {});
  const keyBox = h('div', {});
  const prefixIn = h('input', { name: 'prefix', value: prefix, autocomplete: 'off' });
  const go = h('form', { class: 'inline', onsubmit: e => { e.preventDefault(); ctx.navigate(kvUrl(prefixIn.value)); } },
    field(t('kv.prefix'), prefixIn), h('button', { type: 'submit' }, t('kv.browse')), field(t('kv.pageSize'), sizeIn));
  const putKey = h('input', { name: 'key', value: prefix, autocomplete: 'off', required: true });
  const putValue = h('input', { name: 'value', autocomplete: 'off' });
  const putTtl = h('input', { name: 'ttl', type: 'number', min: '2', step: '1', autocomplete: 'off' });
  const put = h('form', { class: 'inline', onsubmit: e => { e.preventDefault(); attempt(async () => {
    await call('PUT', '/api/v1/kv?key=' + enc(putKey.value), { body: { value: putValue.value, ttl: putTtl.value ? Number(putTtl.value) : undefined } });
    selected = putKey.value;
    await refresh();
  }); } }, field(t('kv.key'), putKey), field(t('kv.value'), putValue), field(t('kv.ttl'), putTtl), h('button', { type: 'submit', class: 'primary' }, t('kv.put')));

  replace(main, pageHeader(t('kv.title')), go, crumbs(prefix),
    h('div', { class: 'split' }, h('section', { class: 'card' }, h('h2', {}, t('kv.keysUnder', { prefix: prefix || '∅' })), listBox),
      h('section', { class: 'card' }, keyBox)),
    h('section', { class: 'card' }, h('h2', {}, t('kv.putTitle')), put));

  async function refresh() {
    if (!prefix) { replace(listBox, empty(t('kv.enterPrefix'))); await showKey(); return; }
    const data = await get('/api/v1/kv?key=' + enc(prefix) + '&prefix=true&keysOnly=true&limit=' + limit
      + (after ? '&startAfter=' + enc(after) : ''));
    const folders = new Map();
    const keys = [];
    for (const kv of data.kvs) {
      const rest = kv.key.slice(prefix.length);
      const slash = rest.indexOf('/');
      if (slash >= 0 && slash < rest.length - 1) {
        const f = prefix + rest.slice(0, slash + 1);
        folders.set(f, (folders.get(f) || 0) + 1);
      } else keys.push(kv);
    }
    replace(listBox,
      data.kvs.length === 0 ? empty(t('kv.none')) : h('ul', { class: 'tree' },
        [...folders].map(([f, n]) => h('li', { class: 'folder' }, h('a', { href: kvUrl(f, { limit }) }, f.slice(prefix.length)), ' ', h('span', { class: 'muted' }, t('kv.keysCount', { n })))),
        keys.map(kv => h('li', { dataset: { key: kv.key } }, h('button', { type: 'button', class: 'link', onclick: () => { selected = kv.key; editing = null; attempt(showKey); } }, kv.key.slice(prefix.length) || kv.key)))),
      pager(data));
    await showKey();
  }

  /** "Page n", back to the first page, and the next page (after this page's last key) while there are more keys. */
  function pager(data) {
    if (!after && !data.more) return null;
    const last = data.kvs.length > 0 ? data.kvs[data.kvs.length - 1].key : null;
    return h('nav', { class: 'pager', 'aria-label': t('kv.pages') },
      h('span', { class: 'page-no' }, t('kv.page', { n: pageNo })),
      after ? h('a', { href: kvUrl(prefix, { limit }), class: 'first-page' }, t('kv.firstPage')) : null,
      data.more && last ? h('a', { href: kvUrl(prefix, { limit, after: last, page: pageNo + 1 }), class: 'next-page', rel: 'next' }, t('kv.nextPage')) : null);
  }

  let editing = null; // the key whose value the user is typing: a live refresh must not overwrite it

  async function showKey() {
    if (editing && editing.key === selected && editing.dirty()) return;
    editing = null;
    if (!selected) { replace(keyBox, empty(t('kv.pick'))); return; }
    const answer = await call('GET', '/api/v1/kv?key=' + enc(selected), { ok: [404] });
    if (answer.status === 404) { replace(keyBox, h('h2', {}, selected), empty(t('kv.gone'))); return; }
    const kv = answer.data.kvs[0];
    const valueIn = h('textarea', { name: 'value', rows: 6, class: 'mono' });
    valueIn.value = kv.value;
    editing = { key: kv.key, dirty: () => valueIn.value !== kv.value };
    replace(keyBox, h('h2', {}, h('code', {}, kv.key)),
      table(t('kv.revisions'), [t('kv.version'), t('kv.createRevision'), t('kv.modRevision'), t('kv.lease')],
        [[kv.version, kv.createRevision, kv.modRevision, kv.lease && kv.lease !== '0' && kv.lease !== 0 ? h('code', { class: 'lease-id' }, String(kv.lease)) : t('kv.noLease')]]),
      h('form', { class: 'form', onsubmit: e => { e.preventDefault(); attempt(async () => {
        await call('PUT', '/api/v1/kv?key=' + enc(kv.key), { body: { value: valueIn.value, prevRevision: Number(kv.modRevision) } });
        editing = null;
        await showKey();
      }); } }, field(t('kv.value'), valueIn),
      h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary' }, t('action.save')),
        h('button', { type: 'button', class: 'danger', onclick: async () => {
          if (!(await confirmDialog(t('kv.deleteTitle'), t('kv.deleteText', { key: kv.key }), t('action.delete')))) return;
          await attempt(async () => { await call('DELETE', '/api/v1/kv?key=' + enc(kv.key) + '&prevRevision=' + kv.modRevision); selected = null; await refresh(); });
        } }, t('action.delete')))));
  }

  // keys outside Beacon's root are not on the console's stream: this page then follows its own prefix,
  // from the revision read before its listing
  const own = prefix && !prefix.startsWith(ctx.root) ? new LiveStream(prefix, { onChange: () => attempt(refresh), onReconnected: () => attempt(refresh) }) : null;
  const from = own ? await currentRevision() : null;
  await refresh();
  if (own) own.start(from);
  return { refresh, relevant: key => !!prefix && key.startsWith(prefix), dispose: () => own && own.close() };
}

function kvUrl(prefix, { limit, after, page } = {}) {
  return '/ui/kv?prefix=' + enc(prefix) + (limit && Number(limit) !== DEFAULT_PAGE ? '&limit=' + enc(limit) : '')
    + (after ? '&after=' + enc(after) + '&page=' + enc(page) : '');
}

function crumbs(prefix) {
  const parts = [];
  let acc = '';
  for (const seg of prefix.split('/').slice(0, -1)) {
    acc += seg + '/';
    parts.push(h('a', { href: kvUrl(acc) }, seg === '' ? '/' : seg + '/'));
  }
  return h('nav', { class: 'crumbs', 'aria-label': t('app.breadcrumb') }, parts);
}
