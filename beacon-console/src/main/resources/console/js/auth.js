// Signing in to the console. With auth on, the console logs in with a token (POST /api/v1/auth/login): the server
// answers with an HttpOnly, SameSite=Strict session cookie (the token itself is never kept by the page) and a CSRF
// token, which every write sends back in X-CSRF-Token. GET /api/v1/auth/me tells whether auth is on, who is signed
// in (and the CSRF token again after a reload), and whether an open server runs with --insecure.
import { h, replace, field } from './dom.js';
import { t } from './i18n.js';

let csrf = null;

/** The CSRF token of this console session, for the X-CSRF-Token header of writes (null when not signed in). */
export function csrfToken() {
  return csrf;
}

/** Who the console runs as: {auth: 'off'|'on', name?, role?, insecure?}, or {auth: 'on', signedIn: false}. */
export async function whoAmI() {
  const r = await fetch('/api/v1/auth/me', { headers: { Accept: 'application/json' } });
  if (r.status === 401) return { auth: 'on', signedIn: false };
  const me = await r.json();
  csrf = me.csrf || null;
  return { ...me, signedIn: me.signedIn === true };
}

/** The sign-in form in place of the page; reloads the console once signed in. */
export function showLogin(main, message) {
  const input = h('input', { type: 'password', id: 'login-token', autocomplete: 'off', required: true, spellcheck: 'false' });
  const error = h('p', { class: 'problem', id: 'login-error', role: 'alert' }, message || '');
  const form = h('form', { class: 'card login', id: 'login-form' },
    h('h1', {}, t('auth.title')),
    h('p', {}, t('auth.intro')),
    field(t('auth.token'), input),
    error,
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary' }, t('auth.signIn'))));
  form.addEventListener('submit', async e => {
    e.preventDefault();
    const r = await fetch('/api/v1/auth/login', { method: 'POST', headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ token: input.value.trim() }) });
    if (r.ok) {
      input.value = '';
      location.reload();
      return;
    }
    const body = await r.json().catch(() => ({}));
    replace(error, r.status === 429 ? t('auth.tooMany') : r.status === 401 ? t('auth.invalid') : (body.error || ('HTTP ' + r.status)));
  });
  replace(main, form);
  input.focus();
}

/** Signs out (the server ends the session and clears the cookie) and shows the sign-in form. */
export async function logout() {
  await fetch('/api/v1/auth/logout', { method: 'POST', headers: csrf ? { 'X-CSRF-Token': csrf } : {} });
  csrf = null;
  location.reload();
}

/** The header's part: who is signed in and a sign-out button; or the warning of an open server. */
export function renderAccount(me) {
  const el = document.getElementById('account');
  if (me.signedIn) {
    replace(el, h('span', { class: 'who', id: 'who' }, t('auth.signedInAs', { name: me.name, role: me.role })),
      h('button', { type: 'button', class: 'link', id: 'logout', onclick: () => logout() }, t('auth.signOut')));
  } else {
    replace(el);
  }
  const banner = document.getElementById('insecure');
  if (me.insecure) {
    banner.hidden = false;
    replace(banner, t('auth.insecure'));
  } else {
    banner.hidden = true;
  }
}
