// HTTP calls to the Beacon API. Every answer is read as text and parsed by parseJson, which keeps
// integers beyond 2^53 (lease ids, etcd member ids) exact as strings instead of rounding them.
// Writes carry the console session's CSRF token; a 401 means the session ended: the sign-in form is shown.
import { csrfToken } from './auth.js';

/** JSON.parse, but integers of 16 or more digits become strings (they are ids, never arithmetic). */
export function parseJson(text) {
  if (text == null || text === '') return null;
  const safe = text.replace(/"(?:[^"\\]|\\.)*"|-?\d{16,}(?![.eE\d])/g, m => (m[0] === '"' ? m : '"' + m + '"'));
  return JSON.parse(safe);
}

/** An answer with a 4xx/5xx status: the server's {error, code, hint, current}. */
export class ApiError extends Error {
  constructor(status, body) {
    super((body && body.error) || ('HTTP ' + status));
    this.status = status;
    this.code = body && body.code;
    this.hint = body && body.hint;
    this.current = body && body.current;
  }
}

/** Sends a request; resolves to {status, data, revision, text}, rejects with ApiError. */
export async function call(method, path, { body, headers = {}, raw = false, ok = [] } = {}) {
  const init = { method, headers: { ...headers } };
  if (method !== 'GET' && method !== 'HEAD' && csrfToken()) init.headers['X-CSRF-Token'] = csrfToken();
  if (body !== undefined) {
    init.body = typeof body === 'string' ? body : JSON.stringify(body);
    if (!init.headers['Content-Type']) init.headers['Content-Type'] = 'application/json';
  }
  const r = await fetch(path, init);
  const text = await r.text();
  const revision = r.headers.get('X-Beacon-Revision');
  if (!r.ok && !ok.includes(r.status)) {
    let parsed = null;
    try { parsed = parseJson(text); } catch (e) { parsed = null; }
    if (r.status === 401) window.dispatchEvent(new CustomEvent('beacon:unauthorized', { detail: parsed }));
    throw new ApiError(r.status, parsed);
  }
  let data = text;
  if (!raw) {
    try { data = parseJson(text); } catch (e) { data = null; }
  }
  return { status: r.status, data, revision: revision == null ? null : Number(revision), text };
}

export const get = (path, opts) => call('GET', path, opts).then(a => a.data);

/** Encodes an item key or raw key for a path: each segment encoded, slashes kept. */
export function keyPath(key) {
  return key.split('/').map(encodeURIComponent).join('/');
}
export const enc = encodeURIComponent;
