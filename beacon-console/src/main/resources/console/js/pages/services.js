// Services: /ui/services lists services with up/total; /ui/services/{service} its instances (status, address,
// tags, metadata, last check, lease and its TTL), the operator's status actions, each instance's events and
// the protection threshold. ?instance=id opens that instance's events (also for an instance that is gone).
// Each instance's lease counts down its seconds left (leases.js): read again when that instance changes on
// the stream, and every ttl/2 otherwise.
import { call, enc, get } from '../api.js';
import { field, h, replace, table } from '../dom.js';
import { fmtDate, t } from '../i18n.js';
import { LeaseClock } from '../leases.js';
import { attempt, badge, empty, pageHeader } from '../ui.js';

export async function mount(main, route, ctx) {
  const service = route.parts[1];
  return service ? one(main, route, ctx, service) : list(main, ctx);
}

const serviceUrl = s => '/ui/services/' + enc(s);
const hasLease = i => i.leaseId != null && String(i.leaseId) !== '0';

async function list(main, ctx) {
  const box = h('div', {});
  replace(main, pageHeader(t('services.title')), box);
  async function refresh() {
    const data = await get('/api/v1/services');
    replace(box, data.length === 0 ? empty(t('services.none')) :
      table(t('services.title'), [t('services.service'), t('services.upTotal')],
        data.map(s => h('tr', { dataset: { service: s.service } },
          h('td', {}, h('a', { href: serviceUrl(s.service) }, s.service)),
          h('td', { class: s.healthy < s.instances ? 'warn' : '' }, t('services.upOfTotal', { up: s.healthy, total: s.instances }))))));
  }
  await refresh();
  return { refresh, relevant: key => key.startsWith(ctx.root + 'services/') || key.startsWith(ctx.root + 'health/') };
}

async function one(main, route, ctx, service) {
  let selected = route.query.get('instance');
  const clock = new LeaseClock();
  let leaseOf = new Map(); // instance id → lease id, as last read
  const changedIds = new Set(); // instances changed on the stream since the last refresh: their lease is read again
  const box = h('div', {});
  const eventsBox = h('div', {});
  const thresholdIn = h('input', { type: 'number', min: '0', max: '1', step: '0.05', name: 'protectThreshold' });
  const thresholdForm = h('form', { class: 'inline', onsubmit: e => { e.preventDefault(); attempt(async () => {
    await call('PUT', '/api/v1/services/' + enc(service) + '/settings', { body: { protectThreshold: Number(thresholdIn.value) } });
    await refresh();
  }); } }, field(t('services.threshold'), thresholdIn), h('button', { type: 'submit' }, t('action.save')));
  const lookupIn = h('input', { name: 'instance', autocomplete: 'off' });
  const lookup = h('form', { class: 'inline', onsubmit: e => { e.preventDefault(); select(lookupIn.value); } },
    field(t('services.lookupInstance'), lookupIn), h('button', { type: 'submit' }, t('services.showEvents')));
  replace(main,
    h('nav', { class: 'crumbs', 'aria-label': t('app.breadcrumb') }, h('a', { href: '/ui/services' }, t('services.title')), ' / ', service),
    pageHeader(t('services.serviceTitle', { service })), box,
    h('section', { class: 'card' }, h('h2', {}, t('services.settings')), thresholdForm, h('p', { class: 'muted' }, t('services.thresholdNote'))),
    h('section', { class: 'card' }, h('h2', {}, t('services.events')), lookup, eventsBox));

  function select(id) {
    selected = id || null;
    history.replaceState(null, '', serviceUrl(service) + (selected ? '?instance=' + enc(selected) : ''));
    attempt(renderEvents);
  }

  async function setStatus(id, status) {
    await attempt(async () => {
      await call('PUT', '/api/v1/services/' + enc(service) + '/instances/' + enc(id) + '/status', { body: { status } });
      await refresh();
    });
  }

  async function renderEvents() {
    if (!selected) { replace(eventsBox, empty(t('services.pickInstance'))); return; }
    const events = await get('/api/v1/services/' + enc(service) + '/instances/' + enc(selected) + '/events');
    replace(eventsBox, h('h3', {}, t('services.eventsOf', { id: selected })),
      events.length === 0 ? empty(t('services.noEvents')) :
        table(t('services.eventsOf', { id: selected }), [t('services.time'), t('services.type'), t('services.detail'), t('services.server')],
          events.map(ev => h('tr', { class: ev.removal ? 'removal' : '', dataset: { type: ev.type } },
            h('td', {}, fmtDate(ev.time)), h('td', {}, h('code', {}, ev.type)), h('td', { class: 'detail' }, ev.detail || ''), h('td', {}, ev.server || '')))));
  }

  async function refresh() {
    const [data, settings] = await Promise.all([
      get('/api/v1/services/' + enc(service)),
      get('/api/v1/services/' + enc(service) + '/settings'),
    ]);
    if (document.activeElement !== thresholdIn) thresholdIn.value = settings.protectThreshold;
    const up = data.instances.filter(i => i.status === 'UP').length;
    leaseOf = new Map(data.instances.map(i => [i.id, i.leaseId]));
    clock.begin();
    replace(box,
      h('p', {}, t('services.upOfTotal', { up, total: data.instances.length }),
        data.reachProtectionThreshold ? h('strong', { class: 'warn' }, ' ' + t('services.protected')) : null),
      data.instances.length === 0 ? empty(t('services.noInstances')) :
        table(t('services.instances'), [t('services.status'), t('services.instance'), t('services.address'), t('services.tags'), t('services.metadata'), t('services.lastCheck'), t('services.lease'), t('services.actions')],
          data.instances.map(i => h('tr', { dataset: { instance: i.id, status: i.status }, class: 'st-' + i.status.toLowerCase() },
            h('td', {}, badge(i.status)),
            h('td', {}, h('code', {}, i.id)),
            h('td', {}, h('code', {}, i.address + ':' + i.port)),
            h('td', {}, h('span', { class: 'chips' }, (i.tags || []).map(tag => h('span', { class: 'chip' }, tag)))),
            h('td', {}, Object.entries(i.metadata || {}).map(([k, v]) => h('div', {}, h('code', {}, k + '=' + v)))),
            h('td', { class: 'check' }, i.lastCheck ? [h('div', {}, i.lastCheck.output), h('div', { class: 'muted' }, fmtDate(i.lastCheck.checkedAt))] : (i.check ? t('services.notChecked') : t('services.noCheck'))),
            h('td', { class: 'lease' }, h('div', {}, h('code', { class: 'lease-id' }, String(i.leaseId))),
              h('div', { class: 'muted' }, hasLease(i) ? clock.show(i.leaseId, i.ttl) : t('services.ttl', { ttl: i.ttl }))),
            h('td', { class: 'row-actions' },
              i.status !== 'DRAINING' ? h('button', { type: 'button', onclick: () => setStatus(i.id, 'DRAINING') }, t('services.drain')) : null,
              i.status !== 'OUT_OF_SERVICE' ? h('button', { type: 'button', onclick: () => setStatus(i.id, 'OUT_OF_SERVICE') }, t('services.outOfService')) : null,
              i.status === 'DRAINING' || i.status === 'OUT_OF_SERVICE' ? h('button', { type: 'button', onclick: () => setStatus(i.id, 'UP') }, t('services.backInService')) : null,
              h('button', { type: 'button', onclick: () => select(i.id), 'aria-label': t('services.eventsOf', { id: i.id }) }, t('services.showEvents')))))));
    clock.done();
    for (const id of changedIds) if (leaseOf.has(id)) clock.changed(leaseOf.get(id));
    changedIds.clear();
    await renderEvents();
  }

  const instancePrefix = ctx.root + 'services/' + service + '/';
  try {
    await refresh();
  } catch (e) {
    clock.dispose(); // the page did not mount: nobody would dispose of it
    throw e;
  }
  return {
    refresh,
    // the refresh this change brings (relevant) reads the lease again, under the instance's lease id as it is now
    onChange: change => { if (change.key.startsWith(instancePrefix)) changedIds.add(change.key.slice(instancePrefix.length)); },
    dispose: () => clock.dispose(),
    relevant: key => [ctx.root + 'services/' + service + '/', ctx.root + 'health/' + service + '/', ctx.root + 'service-settings/' + service,
      ctx.root + 'events/services/' + service + '/'].some(p => key.startsWith(p)),
  };
}
