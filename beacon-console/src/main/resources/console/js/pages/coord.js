// Coordination: held locks (holder, token, waiters), elections (leader and candidates) and sessions
// (read from their keys under {root}sessions/, with their TTL); all live from the console's stream.
import { enc, get, parseJson } from '../api.js';
import { h, replace, table } from '../dom.js';
import { t } from '../i18n.js';
import { empty, pageHeader } from '../ui.js';

export async function mount(main, route, ctx) {
  const locksBox = h('div', {});
  const electionsBox = h('div', {});
  const sessionsBox = h('div', {});
  replace(main, pageHeader(t('coord.title')),
    h('section', { class: 'card' }, h('h2', {}, t('coord.locks')), locksBox),
    h('section', { class: 'card' }, h('h2', {}, t('coord.elections')), electionsBox),
    h('section', { class: 'card' }, h('h2', {}, t('coord.sessions')), sessionsBox));

  async function refresh() {
    const [locks, elections, sessions] = await Promise.all([
      get('/api/v1/locks'), get('/api/v1/elections'),
      get('/api/v1/kv?key=' + enc(ctx.root + 'sessions/') + '&prefix=true&limit=1000'),
    ]);
    replace(locksBox, locks.locks.length === 0 ? empty(t('coord.noLocks')) :
      table(t('coord.locks'), [t('coord.name'), t('coord.owner'), t('coord.token'), t('coord.lease'), t('coord.waiters')],
        locks.locks.map(l => h('tr', { dataset: { lock: l.name } }, h('td', {}, h('code', {}, l.name)), h('td', {}, l.owner || ''),
          h('td', {}, l.token), h('td', {}, h('code', { class: 'lease-id' }, String(l.leaseId))), h('td', {}, l.waiters)))));
    replace(electionsBox, elections.elections.length === 0 ? empty(t('coord.noElections')) :
      table(t('coord.elections'), [t('coord.name'), t('coord.leader'), t('coord.token'), t('coord.candidates')],
        elections.elections.map(e => h('tr', { dataset: { election: e.name } }, h('td', {}, h('code', {}, e.name)),
          h('td', { class: 'leader' }, e.leader ? e.leader.candidate : t('coord.noLeader')), h('td', {}, e.leader ? e.leader.token : ''), h('td', {}, e.candidates)))));
    replace(sessionsBox, sessions.kvs.length === 0 ? empty(t('coord.noSessions')) :
      table(t('coord.sessions'), [t('coord.session'), t('coord.ttl'), t('coord.lease'), t('coord.modRevision')],
        sessions.kvs.map(kv => {
          let body = {};
          try { body = parseJson(kv.value) || {}; } catch (e) { body = {}; }
          return h('tr', { dataset: { session: kv.key.slice((ctx.root + 'sessions/').length) } }, h('td', {}, h('code', {}, kv.key.slice((ctx.root + 'sessions/').length))),
            h('td', {}, body.ttl != null ? t('coord.seconds', { n: body.ttl }) : ''), h('td', {}, h('code', { class: 'lease-id' }, String(kv.lease))), h('td', {}, kv.modRevision));
        })));
  }

  await refresh();
  const roots = ['locks/', 'elections/', 'sessions/'].map(p => ctx.root + p);
  return { refresh, relevant: key => roots.some(p => key.startsWith(p)) };
}
