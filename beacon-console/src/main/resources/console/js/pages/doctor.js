// Doctor: GET /api/v1/doctor runs the troubleshooting checklist; each check PASS / WARN / FAIL with its
// detail and hint, and a re-run. A server without the endpoint (404) gets a clear "not available" state.
import { call } from '../api.js';
import { h, replace, table } from '../dom.js';
import { t } from '../i18n.js';
import { attempt, badge, empty, pageHeader } from '../ui.js';

export async function mount(main) {
  const box = h('div', { 'aria-live': 'polite' });
  const rerun = h('button', { type: 'button', class: 'primary', onclick: () => attempt(run) }, t('doctor.rerun'));
  replace(main, pageHeader(t('doctor.title'), rerun), box);

  async function run() {
    replace(box, h('p', { class: 'loading' }, t('doctor.running')));
    const answer = await call('GET', '/api/v1/doctor', { ok: [404] });
    if (answer.status === 404) {
      rerun.disabled = true;
      replace(box, h('div', { class: 'card unavailable', dataset: { state: 'unavailable' } }, h('h2', {}, t('doctor.unavailable')), h('p', {}, t('doctor.unavailableText'))));
      return;
    }
    const checks = answer.data.checks || [];
    replace(box, checks.length === 0 ? empty(t('doctor.none')) :
      table(t('doctor.title'), [t('doctor.status'), t('doctor.check'), t('doctor.detail'), t('doctor.hint')],
        checks.map(c => h('tr', { dataset: { check: c.name } }, h('td', {}, badge(c.status)), h('td', {}, c.name), h('td', {}, c.detail || ''), h('td', {}, c.hint || '')))));
  }

  await run();
  return {};
}
