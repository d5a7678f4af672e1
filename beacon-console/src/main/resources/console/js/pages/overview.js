// Overview: etcd members (from /ready's last health round), live Beacon servers (their keys under
// {root}servers/), counts, and the latest changes as they stream in.
import { enc, get, parseJson } from '../api.js';
import { h, replace, table } from '../dom.js';
import { fmtDate, fmtNumber, t } from '../i18n.js';
import { badge, empty, pageHeader } from '../ui.js';

export async function mount(main, route, ctx) {
  const body = h('div', { class: 'overview' });
  const changesBox = h('div', {});
  replace(main, pageHeader(t('overview.title')), body, h('section', { class: 'card' }, h('h2', {}, t('overview.latest')), changesBox));

  function renderChanges() {
    replace(changesBox, ctx.recent.length === 0 ? empty(t('overview.noChanges')) :
      table(t('overview.latest'), [t('changes.op'), t('changes.key'), t('changes.revision'), t('changes.time')],
        ctx.recent.slice(0, 10).map(c => [c.op === 'put' ? t('changes.put') : t('changes.delete'), h('code', {}, c.key), c.modRevision, fmtDate(c.at)])));
  }

  async function refresh() {
    const [ready, servers, apps, svcs, items] = await Promise.all([
      get('/ready', { ok: [503] }),
      get('/api/v1/kv?key=' + enc(ctx.root + 'servers/') + '&prefix=true'),
      get('/api/v1/apps'),
      get('/api/v1/services'),
      get('/api/v1/kv?key=' + enc(ctx.root + 'config/') + '&prefix=true&keysOnly=true&limit=10000'),
    ]);
    const etcd = ready.etcd || { endpoints: [] };
    const up = svcs.reduce((n, s) => n + s.healthy, 0);
    const total = svcs.reduce((n, s) => n + s.instances, 0);
    const profiles = apps.reduce((n, a) => n + a.profiles.length, 0);
    const count = (label, value, id) => h('div', { class: 'count', dataset: { count: id } }, h('span', { class: 'n' }, value), h('span', {}, label));
    replace(body,
      h('section', { class: 'counts', 'aria-label': t('overview.counts') },
        count(t('overview.apps'), fmtNumber(apps.length), 'apps'),
        count(t('overview.profiles'), fmtNumber(profiles), 'profiles'),
        count(t('overview.items'), fmtNumber(items.kvs.length) + (items.more ? '+' : ''), 'items'),
        count(t('overview.services'), fmtNumber(svcs.length), 'services'),
        count(t('overview.instancesUp'), fmtNumber(up), 'up'),
        count(t('overview.instancesDown'), fmtNumber(total - up), 'down')),
      h('section', { class: 'card' }, h('h2', {}, t('overview.etcd')),
        h('p', { class: 'muted' }, t('overview.checkedAt', { time: fmtDate(etcd.checkedAt), revision: etcd.revision ?? '' })),
        table(t('overview.etcd'), [t('overview.endpoint'), t('overview.health'), t('overview.leader'), t('overview.latency'), t('overview.version')],
          etcd.endpoints.map(m => [h('code', {}, m.endpoint), badge(m.healthy ? 'UP' : 'DOWN'),
            m.memberId != null && String(m.memberId) === String(m.leaderId) ? t('overview.isLeader') : '',
            m.latencyMs != null ? t('overview.ms', { n: m.latencyMs }) : (m.error || ''), m.version || '']))),
      h('section', { class: 'card' }, h('h2', {}, t('overview.servers')),
        servers.kvs.length === 0 ? empty(t('overview.noServers')) :
          table(t('overview.servers'), [t('overview.server'), t('overview.url'), t('overview.since')],
            servers.kvs.map(kv => { const s = safeJson(kv.value); return [h('code', {}, s.id || kv.key), s.url || '', fmtDate(s.since)]; }))));
    renderChanges();
  }

  await refresh();
  const relevant = key => key.startsWith(ctx.root + 'servers/') || key.startsWith(ctx.root + 'config/') || key.startsWith(ctx.root + 'services/') || key.startsWith(ctx.root + 'health/');
  return { refresh, relevant, onChange: renderChanges };
}

function safeJson(text) {
  try { return parseJson(text) || {}; } catch (e) { return {}; }
}
