// The console's shell: language, navigation (History API; every page has a deep link under /ui/),
// the one live stream over Beacon's key root that keeps every page current, and the live / reconnecting /
// offline indicator. A page is a module with mount(main, route, ctx) → {relevant(key), refresh(), onChange?, dispose?}.
import { get } from './api.js';
import { h, replace } from './dom.js';
import { loadLanguage, language, t } from './i18n.js';
import { LiveStream, mirrorRevision } from './live.js';
import { attempt, clearErrors, liveLabel } from './ui.js';
import { renderAccount, showLogin, whoAmI } from './auth.js';
import * as overview from './pages/overview.js';
import * as config from './pages/config.js';
import * as services from './pages/services.js';
import * as kv from './pages/kv.js';
import * as coord from './pages/coord.js';
import * as doctor from './pages/doctor.js';
import * as changes from './pages/changes.js';
import * as audit from './pages/audit.js';

const NAV = () => [
  ['/ui/', t('nav.overview'), overview],
  ['/ui/config', t('nav.config'), config],
  ['/ui/services', t('nav.services'), services],
  ['/ui/kv', t('nav.kv'), kv],
  ['/ui/coord', t('nav.coord'), coord],
  ['/ui/doctor', t('nav.doctor'), doctor],
  ['/ui/changes', t('nav.changes'), changes],
  ['/ui/audit', t('nav.audit'), audit],
];

const ctx = { root: '/beacon/', recent: [], liveState: 'connecting' };
let page = null;
let mounting = false;
let changedWhileMounting = false;
let refreshTimer = null;

function route() {
  const parts = location.pathname.replace(/^\/ui\/?/, '').split('/').filter(p => p !== '').map(decodeURIComponent);
  return { parts, query: new URLSearchParams(location.search) };
}

function pageFor(parts) {
  const first = parts[0] || '';
  return { '': overview, config, services, kv, coord, doctor, changes, audit }[first] || overview;
}

function renderShell() {
  document.title = t('app.title');
  document.getElementById('skip').textContent = t('app.skip');
  document.getElementById('lang-label').textContent = t('app.language');
  const current = '/ui/' + (route().parts[0] || '');
  replace(document.getElementById('nav'), h('ul', {}, NAV().map(([href, label]) => h('li', {},
    h('a', { href, 'data-link': true, 'aria-current': (href === '/ui/' ? current === '/ui/' : current === href) ? 'page' : null }, label)))));
  showLive(ctx.liveState);
}

function showLive(state) {
  ctx.liveState = state;
  const el = document.getElementById('live');
  el.className = 'live-state ' + state;
  el.dataset.state = state;
  el.textContent = liveLabel(state);
}

async function render() {
  if (page && page.dispose) page.dispose();
  page = null;
  clearErrors();
  renderShell();
  const main = document.getElementById('main');
  const r = route();
  replace(main, h('p', { class: 'loading' }, t('app.loading')));
  const mod = pageFor(r.parts);
  // a change that arrives while the page loads may or may not be in what it read: read again to be sure
  mounting = true;
  changedWhileMounting = false;
  const mounted = await attempt(() => mod.mount(main, r, ctx));
  mounting = false;
  page = mounted || null;
  if (changedWhileMounting) refreshSoon();
}

export function navigate(href) {
  history.pushState(null, '', href);
  render().then(() => document.getElementById('main').focus({ preventScroll: true }));
}
ctx.navigate = navigate;

function refreshSoon() {
  clearTimeout(refreshTimer);
  refreshTimer = setTimeout(() => { if (page && page.refresh) attempt(() => page.refresh()); }, 120);
}

function onChange(change) {
  ctx.recent.unshift({ ...change, at: new Date().toISOString() });
  ctx.recent.length = Math.min(ctx.recent.length, 50);
  if (mounting) changedWhileMounting = true;
  if (!page) return;
  if (page.onChange) page.onChange(change);
  if (page.relevant && page.relevant(change.key)) refreshSoon();
}

async function start() {
  await loadLanguage();
  const select = document.getElementById('lang');
  select.value = language();
  select.addEventListener('change', async () => {
    await loadLanguage(select.value);
    await render();
  });
  document.addEventListener('click', e => {
    const a = e.target.closest('a[href^="/ui"]');
    if (!a || a.target || e.ctrlKey || e.metaKey || e.shiftKey || e.button !== 0 || a.hasAttribute('download')) return;
    e.preventDefault();
    navigate(a.getAttribute('href'));
  });
  window.addEventListener('popstate', () => render());
  let me = { auth: 'off' };
  try {
    me = await whoAmI();
  } catch (e) {
    me = { auth: 'off' }; // the server is not answering yet: the pages show it
  }
  renderAccount(me);
  if (me.auth === 'on' && !me.signedIn) {
    renderShell();
    showLogin(document.getElementById('main'));
    return;
  }
  window.addEventListener('beacon:unauthorized', () => {
    if (ctx.stream) ctx.stream.close();
    renderAccount({ signedIn: false });
    showLogin(document.getElementById('main'), t('auth.ended'));
  });
  try {
    const ready = await get('/ready', { ok: [503] });
    if (ready && ready.mirrors && ready.mirrors[0]) ctx.root = ready.mirrors[0].prefix;
  } catch (e) {
    // the server is not answering yet: the stream below retries and shows "reconnecting"
  }
  const stream = new LiveStream(ctx.root, {
    onChange,
    onState: showLive,
    onCompacted: refreshSoon,
    onReconnected: refreshSoon,
    revisionNow: mirrorRevision,
  });
  ctx.stream = stream;
  // the revision first, then the pages read, then the stream from that revision: nothing falls in between
  let revision = null;
  try {
    revision = await mirrorRevision();
  } catch (e) {
    revision = null; // the stream finds the revision itself once the server answers
  }
  await render();
  stream.start(revision == null ? undefined : revision);
}

start();
