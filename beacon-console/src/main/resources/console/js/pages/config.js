// Config: apps → profiles → items. /ui/config lists apps, /ui/config/{app}/{profile} the items (search,
// create, edit with If-Match and the conflict choice, delete, whole-document edit, import/export, the
// Spring view), /ui/config/{app}/{profile}/{key}/history the history with diff and rollback.
import { ApiError, call, enc, get, keyPath } from '../api.js';
import { field, h, replace, table } from '../dom.js';
import { fmtDate, t } from '../i18n.js';
import { attempt, confirmDialog, empty, openDialog, pageHeader, valueCell } from '../ui.js';
import { diffLines } from '../diff.js';

export async function mount(main, route, ctx) {
  const [, app, profile, ...rest] = route.parts;
  if (!app || !profile) return apps(main, ctx);
  if (rest.length > 1 && rest[rest.length - 1] === 'history') return history(main, ctx, app, profile, rest.slice(0, -1).join('/'));
  return items(main, route, ctx, app, profile);
}

const profileUrl = (app, profile) => '/ui/config/' + enc(app) + '/' + enc(profile);
const itemApi = (app, profile, key) => '/api/v1/config/' + enc(app) + '/' + enc(profile) + '/' + keyPath(key);

async function apps(main, ctx) {
  const list = h('div', {});
  const appIn = h('input', { name: 'app', required: true, pattern: '[A-Za-z0-9._-]{1,128}', autocomplete: 'off' });
  const profileIn = h('input', { name: 'profile', required: true, pattern: '[A-Za-z0-9._-]{1,128}', value: 'default', autocomplete: 'off' });
  const open = h('form', { class: 'inline', onsubmit: e => { e.preventDefault(); ctx.navigate(profileUrl(appIn.value, profileIn.value)); } },
    field(t('config.app'), appIn), field(t('config.profile'), profileIn), h('button', { type: 'submit', class: 'primary' }, t('config.openProfile')));
  replace(main, pageHeader(t('config.title')), h('section', { class: 'card' }, h('h2', {}, t('config.openOrCreate')), open), list);

  async function refresh() {
    const data = await get('/api/v1/apps');
    replace(list, data.length === 0 ? empty(t('config.noApps')) :
      table(t('config.apps'), [t('config.app'), t('config.profiles')],
        data.map(a => [h('strong', {}, a.app), h('span', { class: 'chips' }, a.profiles.map(p => h('a', { href: profileUrl(a.app, p), class: 'chip' }, p)))])));
  }
  await refresh();
  return { refresh, relevant: key => key.startsWith(ctx.root + 'config/') };
}

async function items(main, route, ctx, app, profile) {
  let current = [];
  const search = h('input', { type: 'search', value: route.query.get('q') || '', autocomplete: 'off' });
  const listBox = h('div', {});
  const springBox = h('div', {});
  const fileIn = h('input', { type: 'file', accept: '.properties,.yaml,.yml,.json', class: 'sr-only', tabindex: '-1', 'aria-hidden': 'true' });
  fileIn.addEventListener('change', () => importFile(fileIn.files[0]));
  const exportFmt = h('select', {}, ['properties', 'yaml', 'json'].map(f => h('option', { value: f }, f)));
  const exportLink = h('a', { class: 'button', download: true }, t('config.export'));
  const syncExport = () => {
    exportLink.href = '/api/v1/config/' + enc(app) + '/' + enc(profile) + '?format=' + exportFmt.value;
    exportLink.setAttribute('download', app + '-' + profile + '.' + (exportFmt.value === 'yaml' ? 'yml' : exportFmt.value));
  };
  exportFmt.addEventListener('change', syncExport);
  syncExport();

  const formatIn = h('select', { name: 'valueFormat' }, ['text', 'json', 'yaml'].map(f => h('option', { value: f }, f)));
  const formatForm = h('form', { class: 'inline', onsubmit: e => { e.preventDefault(); attempt(async () => {
    await call('PUT', '/api/v1/apps/' + enc(app) + '/' + enc(profile) + '/settings', { body: { format: formatIn.value } });
    await refresh();
  }); } }, field(t('config.valueFormat'), formatIn), h('button', { type: 'submit' }, t('action.save')));

  replace(main,
    h('nav', { class: 'crumbs', 'aria-label': t('app.breadcrumb') }, h('a', { href: '/ui/config' }, t('config.title')), ' / ', app, ' / ', profile),
    pageHeader(t('config.profileTitle', { app, profile }),
      h('button', { type: 'button', class: 'primary', onclick: () => attempt(() => editItem(null)) }, t('config.newItem')),
      h('button', { type: 'button', onclick: () => attempt(editDocument) }, t('config.editDocument')),
      h('button', { type: 'button', onclick: () => fileIn.click() }, t('config.import')), fileIn,
      field(t('config.exportFormat'), exportFmt), exportLink,
      h('button', { type: 'button', onclick: () => attempt(spring) }, t('config.spring'))),
    field(t('config.search'), search), listBox, springBox,
    h('section', { class: 'card' }, h('h2', {}, t('config.settings')), formatForm, h('p', { class: 'muted' }, t('config.valueFormatNote'))));
  search.addEventListener('input', () => renderList());

  function renderList() {
    const q = search.value.trim().toLowerCase();
    const shown = current.filter(i => !q || i.key.toLowerCase().includes(q) || (i.value || '').toLowerCase().includes(q));
    replace(listBox, current.length === 0 ? empty(t('config.noItems')) : shown.length === 0 ? empty(t('config.noMatch')) :
      table(t('config.items'), [t('config.key'), t('config.value'), t('config.version'), t('config.updatedAt'), t('config.updatedBy'), t('config.comment'), t('config.actions')],
        shown.map(i => h('tr', { dataset: { key: i.key } },
          h('td', {}, h('code', {}, i.key)), h('td', { class: 'v' }, valueCell(i.key, i.value)), h('td', {}, i.version),
          h('td', {}, fmtDate(i.updatedAt)), h('td', {}, i.updatedBy || ''), h('td', {}, i.comment || ''),
          h('td', { class: 'row-actions' },
            h('button', { type: 'button', onclick: () => attempt(() => editItem(i)), 'aria-label': t('config.editKey', { key: i.key }) }, t('action.edit')),
            h('a', { class: 'button', href: profileUrl(app, profile) + '/' + keyPath(i.key) + '/history', 'aria-label': t('config.historyOf', { key: i.key }) }, t('config.history')),
            h('button', { type: 'button', class: 'danger', onclick: () => attempt(() => deleteItem(i)), 'aria-label': t('config.deleteKey', { key: i.key }) }, t('action.delete')))))));
  }

  async function refresh() {
    const [data, settings] = await Promise.all([
      get('/api/v1/config/' + enc(app) + '/' + enc(profile)),
      get('/api/v1/apps/' + enc(app) + '/' + enc(profile) + '/settings'),
    ]);
    current = data.items;
    if (document.activeElement !== formatIn) formatIn.value = settings.format;
    renderList();
  }

  async function editItem(item) {
    const keyIn = h('input', { name: 'key', value: item ? item.key : '', readonly: !!item, required: true, autocomplete: 'off' });
    const valueIn = h('textarea', { name: 'value', rows: 5 });
    valueIn.value = item ? item.value : '';
    const commentIn = h('input', { name: 'comment', autocomplete: 'off' });
    const expected = item ? String(item.modRevision) : '0';
    const body = h('div', { class: 'form' }, field(t('config.key'), keyIn), field(t('config.value'), valueIn), field(t('config.comment'), commentIn));
    const choice = await openDialog(item ? t('config.editTitle', { key: item.key }) : t('config.newTitle'), body, [{ label: t('action.save'), value: 'save', primary: true }]);
    if (choice !== 'save') return;
    await save(keyIn.value, valueIn.value, commentIn.value, expected);
  }

  async function save(key, value, comment, ifMatch) {
    try {
      await call('PUT', itemApi(app, profile, key), { body: { value, comment: comment || undefined }, headers: { 'If-Match': ifMatch } });
      await refresh();
    } catch (e) {
      if (e instanceof ApiError && e.code === 'VERSION_CONFLICT') return conflict(key, value, comment, e.current);
      throw e;
    }
  }

  async function conflict(key, mine, comment, theirs) {
    const body = h('div', { class: 'conflict' },
      h('p', {}, t('config.conflictText', { key })),
      h('div', { class: 'side-by-side' },
        h('section', { class: 'theirs' }, h('h3', {}, t('config.theirs', { by: (theirs && theirs.updatedBy) || '?', version: theirs ? theirs.version : '-' })),
          h('pre', {}, theirs ? theirs.value : t('config.deletedMeanwhile'))),
        h('section', { class: 'mine' }, h('h3', {}, t('config.mine')), h('pre', {}, mine))));
    const choice = await openDialog(t('config.conflictTitle'), body,
      [{ label: t('config.keepMine'), value: 'mine', primary: true }, { label: t('config.takeTheirs'), value: 'theirs' }], { wide: true });
    if (choice === 'mine') await save(key, mine, comment, theirs ? String(theirs.modRevision) : '0');
    else await refresh();
  }

  async function deleteItem(item) {
    if (!(await confirmDialog(t('config.deleteTitle'), t('config.deleteText', { key: item.key, app, profile }), t('action.delete')))) return;
    await attempt(async () => {
      await call('DELETE', itemApi(app, profile, item.key), { headers: { 'If-Match': String(item.modRevision) } });
      await refresh();
    });
  }

  async function editDocument() {
    const fmt = h('select', { name: 'format' }, ['properties', 'yaml', 'json'].map(f => h('option', { value: f }, f)));
    const text = h('textarea', { name: 'document', rows: 16, class: 'mono', spellcheck: 'false' });
    const problem = h('p', { class: 'problem', role: 'alert' });
    const load = async () => { text.value = (await call('GET', '/api/v1/config/' + enc(app) + '/' + enc(profile) + '?format=' + fmt.value, { raw: true })).text; };
    fmt.addEventListener('change', () => attempt(load));
    await attempt(load);
    const commentIn = h('input', { name: 'comment', autocomplete: 'off' });
    const body = h('div', { class: 'form' }, field(t('config.format'), fmt), field(t('config.document'), text), field(t('config.comment'), commentIn),
      h('p', { class: 'muted' }, t('config.documentNote')), problem);
    const validate = async () => {
      problem.textContent = '';
      if (fmt.value === 'json') {
        try { JSON.parse(text.value); } catch (e) { problem.textContent = t('config.invalidJson', { message: e.message }); return false; }
      }
      try {
        await importText(text.value, fmt.value, commentIn.value);
        return true;
      } catch (e) {
        problem.textContent = e.message + (e.hint ? ' — ' + e.hint : '');
        return false;
      }
    };
    await openDialog(t('config.documentTitle', { app, profile }), body, [{ label: t('action.save'), value: 'save', primary: true }], { wide: true, validate });
    await refresh();
  }

  async function importText(text, format, comment) {
    const ct = { properties: 'text/plain', yaml: 'application/yaml', json: 'application/json' }[format];
    await call('POST', '/api/v1/config/' + enc(app) + '/' + enc(profile) + '/import?format=' + format + (comment ? '&comment=' + enc(comment) : ''),
      { body: text, headers: { 'Content-Type': ct + '; charset=utf-8' } });
  }

  async function importFile(file) {
    if (!file) return;
    const format = /\.ya?ml$/i.test(file.name) ? 'yaml' : /\.json$/i.test(file.name) ? 'json' : 'properties';
    const text = await file.text();
    fileIn.value = '';
    await attempt(async () => { await importText(text, format, t('config.importComment', { file: file.name })); await refresh(); });
  }

  async function spring() {
    const env = await attempt(() => get('/scc/' + enc(app) + '/' + enc(profile)));
    if (!env) return;
    replace(springBox, h('section', { class: 'card spring' }, h('h2', {}, t('config.springTitle', { app, profile })),
      h('p', { class: 'muted' }, t('config.springNote', { version: env.version ?? '' })),
      env.propertySources.length === 0 ? empty(t('config.springEmpty')) :
        env.propertySources.map(ps => h('div', {}, h('h3', {}, ps.name),
          table(ps.name, [t('config.key'), t('config.value')], Object.entries(ps.source).map(([k, v]) => [h('code', {}, k), valueCell(k, String(v))]))))));
  }

  await refresh();
  return { refresh, relevant: key => key.startsWith(ctx.root + 'config/' + app + '/' + profile + '/') || key === ctx.root + 'meta/settings/' + app + '/' + profile };
}

async function history(main, ctx, app, profile, key) {
  const box = h('div', {});
  replace(main,
    h('nav', { class: 'crumbs', 'aria-label': t('app.breadcrumb') }, h('a', { href: '/ui/config' }, t('config.title')), ' / ',
      h('a', { href: profileUrl(app, profile) }, app + ' / ' + profile), ' / ', key),
    pageHeader(t('config.historyTitle', { key })), box);

  async function refresh() {
    const [records, item] = await Promise.all([
      get(itemApi(app, profile, key) + '/history'),
      call('GET', itemApi(app, profile, key), { ok: [404] }).then(a => (a.status === 404 ? null : a.data)),
    ]);
    const now = item ? item.value : null;
    replace(box,
      h('p', {}, item ? [t('config.currentValue'), ' ', h('code', { class: 'current' }, valueCell(key, now))] : t('config.itemDeleted')),
      records.length === 0 ? empty(t('config.noHistory')) :
        table(t('config.historyTitle', { key }), [t('config.revision'), t('config.version'), t('config.op'), t('config.value'), t('config.updatedAt'), t('config.updatedBy'), t('config.comment'), t('config.diff'), t('config.actions')],
          records.map(r => h('tr', { dataset: { revision: String(r.modRevision) } },
            h('td', {}, r.modRevision), h('td', {}, r.version), h('td', {}, r.op === 'PUT' ? t('changes.put') : t('changes.delete')),
            h('td', { class: 'v' }, r.op === 'PUT' ? valueCell(key, r.value) : ''), h('td', {}, fmtDate(r.updatedAt)), h('td', {}, r.updatedBy || ''), h('td', {}, r.comment || ''),
            h('td', {}, r.op === 'PUT' ? diffView(r.value, now) : ''),
            h('td', {}, r.op === 'PUT' && item && r.modRevision !== item.modRevision
              ? h('button', { type: 'button', onclick: () => attempt(() => rollback(r)), 'aria-label': t('config.rollbackTo', { revision: r.modRevision }) }, t('config.rollback')) : '')))));
  }

  async function rollback(record) {
    const commentIn = h('input', { name: 'comment', value: t('config.rollbackDefault', { revision: record.modRevision }), autocomplete: 'off' });
    const choice = await openDialog(t('config.rollbackTitle', { revision: record.modRevision }),
      h('div', { class: 'form' }, h('p', {}, t('config.rollbackText', { key })), h('pre', {}, record.value), field(t('config.comment'), commentIn)),
      [{ label: t('config.rollback'), value: 'go', primary: true }]);
    if (choice !== 'go') return;
    await attempt(async () => {
      await call('POST', itemApi(app, profile, key) + '/rollback', { body: { toRevision: Number(record.modRevision), comment: commentIn.value || undefined } });
      await refresh();
    });
  }

  await refresh();
  const prefix = ctx.root + 'config/' + app + '/' + profile + '/' + key;
  return { refresh, relevant: k => k === prefix || k.startsWith(ctx.root + 'history/' + app + '/' + profile + '/' + key + '/') };
}

function diffView(older, now) {
  if (now == null) return h('span', { class: 'muted' }, t('config.itemDeleted'));
  if (older === now) return h('span', { class: 'muted' }, t('config.sameAsCurrent'));
  return h('pre', { class: 'diff', 'aria-label': t('config.diffLabel') }, diffLines(older, now).map(([op, line]) =>
    h('span', { class: op === '-' ? 'del' : op === '+' ? 'add' : 'same' }, (op === '-' ? '− ' : op === '+' ? '+ ' : '  ') + line + '\n')));
}
