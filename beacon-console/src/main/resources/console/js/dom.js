// A tiny element builder: h('button', {onclick, class: 'x'}, 'text', child...). Children that are
// null/false are skipped; strings become text nodes (never HTML), so values from the API are safe.
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v == null || v === false) continue;
    if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2), v);
    else if (k === 'class') el.className = v;
    else if (k === 'dataset') Object.assign(el.dataset, v);
    else if (k === 'value') el.value = v;
    else if (v === true) el.setAttribute(k, '');
    else el.setAttribute(k, v);
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const c of children.flat(Infinity)) {
    if (c == null || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
}

export function replace(el, ...children) {
  el.replaceChildren();
  append(el, children);
  return el;
}

/** A labelled input: the label wraps the control, so every input has its accessible name. */
export function field(label, control) {
  return h('label', { class: 'field' }, h('span', {}, label), control);
}

/** A table with a caption for screen readers; rows are arrays of cells or <tr> elements. */
export function table(caption, headers, rows, attrs) {
  return h('div', { class: 'table-wrap' },
    h('table', attrs || {},
      h('caption', { class: 'sr-only' }, caption),
      h('thead', {}, h('tr', {}, headers.map(x => h('th', { scope: 'col' }, x)))),
      h('tbody', {}, rows.map(r => (r instanceof Node ? r : h('tr', {}, r.map(c => (c instanceof Node && c.tagName === 'TD' ? c : h('td', {}, c)))))))));
}
