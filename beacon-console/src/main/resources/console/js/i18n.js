// The two catalogs (i18n/en.json, i18n/zh-CN.json) and the chosen language: remembered in localStorage,
// by default the browser's. t(key, params) fills {name} placeholders; dates and numbers go through Intl.
const LANGS = ['en', 'zh-CN'];
const STORE = 'beacon.lang';
let lang = 'en';
let catalog = {};

function preferred() {
  const saved = localStorage.getItem(STORE);
  if (LANGS.includes(saved)) return saved;
  const nav = (navigator.languages || [navigator.language || 'en']).map(l => l.toLowerCase());
  return nav.some(l => l.startsWith('zh')) ? 'zh-CN' : 'en';
}

export async function loadLanguage(wanted) {
  const next = LANGS.includes(wanted) ? wanted : preferred();
  const r = await fetch('/ui/i18n/' + next + '.json');
  catalog = await r.json();
  lang = next;
  if (wanted) localStorage.setItem(STORE, next);
  document.documentElement.lang = next;
  return next;
}

export function language() {
  return lang;
}

export function t(key, params) {
  let s = catalog[key];
  if (s == null) return key;
  if (params) s = s.replace(/\{(\w+)\}/g, (m, name) => (params[name] == null ? m : String(params[name])));
  return s;
}

export function fmtDate(iso) {
  if (!iso) return '';
  const d = new Date(iso);
  if (isNaN(d)) return String(iso);
  return new Intl.DateTimeFormat(lang, { dateStyle: 'medium', timeStyle: 'medium' }).format(d);
}

export function fmtNumber(n) {
  return new Intl.NumberFormat(lang).format(n);
}
