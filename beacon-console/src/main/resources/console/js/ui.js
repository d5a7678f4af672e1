// Shared pieces of every page: the error banner (message + hint), dialogs, status badges, secrets.
import { h, replace } from './dom.js';
import { t } from './i18n.js';

/** Shows an API error with the server's message and hint (or any other error's message). */
export function showError(e) {
  const box = document.getElementById('errors');
  const item = h('div', { class: 'error' },
    h('strong', {}, e.message || String(e)),
    e.code ? h('span', { class: 'code' }, ' ' + e.code) : null,
    e.hint ? h('div', { class: 'hint' }, t('error.hint', { hint: e.hint })) : null,
    h('button', { type: 'button', class: 'link', onclick: () => item.remove() }, t('action.dismiss')));
  box.append(item);
}

export function clearErrors() {
  replace(document.getElementById('errors'));
}

/** Runs an async action; an error shows in the banner instead of escaping. Resolves to its result or undefined. */
export async function attempt(fn) {
  try {
    return await fn();
  } catch (e) {
    showError(e);
    return undefined;
  }
}

/**
 * A modal dialog (the native <dialog>: focus is trapped, Esc cancels). actions = [{label, value, primary}];
 * resolves to the value of the button pressed, or null when cancelled. validate(value) may return false to keep it open.
 */
export function openDialog(title, body, actions, { wide = false, validate } = {}) {
  const dlg = document.getElementById('dialog');
  dlg.className = wide ? 'wide' : '';
  return new Promise(resolve => {
    const done = v => { dlg.close(); resolve(v); };
    const buttons = actions.map(a => h('button', {
      type: 'button', class: a.primary ? 'primary' : (a.danger ? 'danger' : ''),
      onclick: async () => {
        if (a.value != null && validate && !(await validate(a.value))) return;
        done(a.value);
      },
    }, a.label));
    buttons.push(h('button', { type: 'button', onclick: () => done(null) }, t('action.cancel')));
    replace(dlg, h('h2', { id: 'dialog-title' }, title), h('div', { class: 'dialog-body' }, body), h('div', { class: 'actions' }, buttons));
    dlg.setAttribute('aria-labelledby', 'dialog-title');
    dlg.oncancel = e => { e.preventDefault(); done(null); };
    dlg.showModal();
    const first = dlg.querySelector('input:not([readonly]), textarea, select');
    if (first) first.focus();
  });
}

export function confirmDialog(title, text, label) {
  return openDialog(title, h('p', {}, text), [{ label, value: true, danger: true }]).then(v => v === true);
}

const STATUS = () => ({
  UP: t('status.UP'), DOWN: t('status.DOWN'), UNKNOWN: t('status.UNKNOWN'), DRAINING: t('status.DRAINING'),
  OUT_OF_SERVICE: t('status.OUT_OF_SERVICE'), PASS: t('doctor.PASS'), WARN: t('doctor.WARN'), FAIL: t('doctor.FAIL'),
});

/** A coloured status word; the word itself carries the meaning (colour is only a help). */
export function badge(status) {
  return h('span', { class: 'badge s-' + String(status).toLowerCase(), dataset: { status } }, STATUS()[status] || status);
}

const SECRET = /(password|secret|token|credential)/i;
export function isSecret(key) {
  return SECRET.test(key) || /\.key$/i.test(key) || key === 'key';
}

/** A value cell: secret-looking keys show dots until "Reveal" is pressed. */
export function valueCell(key, value) {
  const text = h('span', { class: 'value' }, value);
  if (!isSecret(key) || value == null) return text;
  const masked = h('span', { class: 'value masked' }, '••••••••');
  const wrap = h('span', { class: 'secret' }, masked);
  const btn = h('button', { type: 'button', class: 'link', 'aria-pressed': 'false', onclick: () => {
    const shown = btn.getAttribute('aria-pressed') === 'true';
    btn.setAttribute('aria-pressed', String(!shown));
    btn.textContent = shown ? t('action.reveal') : t('action.hide');
    wrap.replaceChild(shown ? masked : text, wrap.firstChild);
  } }, t('action.reveal'));
  wrap.append(' ', btn);
  return wrap;
}

export function pageHeader(title, ...extra) {
  return h('div', { class: 'page-head' }, h('h1', {}, title), h('div', { class: 'tools' }, extra));
}

export function empty(text) {
  return h('p', { class: 'empty' }, text);
}

/** The words for a stream's state: live / reconnecting / offline / connecting. */
export function liveLabel(state) {
  return { live: t('live.live'), reconnecting: t('live.reconnecting'), offline: t('live.offline'), connecting: t('live.connecting') }[state];
}
