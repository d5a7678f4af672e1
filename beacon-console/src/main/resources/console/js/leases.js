// Lease countdowns: how many seconds each shown lease still lives, counting down every second in the browser.
//
// The time left comes from GET /api/v1/leases/{id} (etcd's timeToLive) and is then counted down locally; the
// server is asked again only when the page says the lease's owner changed (a change on the live stream:
// changed(leaseId)) and every grantedTtl/2 at most otherwise (a keep-alive is no change on the stream, so
// this periodic read is what shows a heartbeat's reset). Never a read per second. A lease shared by several
// rows is read once. Lease ids are strings (64-bit, never rounded).
import { call, enc } from './api.js';
import { h } from './dom.js';
import { t } from './i18n.js';

const TICK_MS = 1000;

export class LeaseClock {
  constructor() {
    this.leases = new Map(); // leaseId → {deadline, grantedTtl, nextRead, reading, gone, els}
    this.timer = setInterval(() => this.tick(), TICK_MS);
  }

  /** Starts a new rendering of the page's rows: leases not shown again by show() are forgotten in done(). */
  begin() {
    for (const l of this.leases.values()) l.els = [];
  }

  /** An element that counts down the lease's seconds left (configuredTtl is shown until the first read). */
  show(leaseId, configuredTtl) {
    const id = String(leaseId);
    let l = this.leases.get(id);
    if (!l) {
      l = { deadline: null, grantedTtl: configuredTtl, nextRead: 0, reading: false, gone: false, els: [] };
      this.leases.set(id, l);
    }
    const el = h('span', { class: 'lease-left', dataset: { lease: id } });
    l.els.push(el);
    paint(l, el);
    return el;
  }

  /** Forgets the leases no row shows any more, and reads the new ones now. */
  done() {
    for (const [id, l] of this.leases) if (l.els.length === 0) this.leases.delete(id);
    this.tick();
  }

  /** The lease's owner changed on the stream: read its time left again now. */
  changed(leaseId) {
    const l = this.leases.get(String(leaseId));
    if (l) {
      l.nextRead = 0;
      this.tick();
    }
  }

  tick() {
    const now = Date.now();
    for (const [id, l] of this.leases) {
      if (!l.reading && l.nextRead <= now) this.read(id, l);
      for (const el of l.els) paint(l, el);
    }
  }

  async read(id, l) {
    l.reading = true;
    try {
      const answer = await call('GET', '/api/v1/leases/' + enc(id), { ok: [404] });
      const now = Date.now();
      if (answer.status === 404) {
        l.gone = true;
        l.nextRead = Infinity; // a gone lease stays gone; its row goes with the change on the stream
      } else {
        l.gone = false;
        l.deadline = now + answer.data.ttl * 1000;
        l.grantedTtl = answer.data.grantedTtl;
        l.nextRead = now + Math.max(TICK_MS, (answer.data.grantedTtl * 1000) / 2);
      }
    } catch (e) {
      l.nextRead = Date.now() + Math.max(TICK_MS, (l.grantedTtl * 1000) / 2); // server unreachable: try at the next turn
    } finally {
      l.reading = false;
    }
    for (const el of l.els) paint(l, el);
  }

  dispose() {
    clearInterval(this.timer);
    this.leases.clear();
  }
}

function paint(l, el) {
  if (l.gone) {
    el.dataset.left = '-1';
    el.className = 'lease-left gone';
    el.textContent = t('services.leaseGone');
    return;
  }
  if (l.deadline == null) {
    el.textContent = t('services.ttl', { ttl: l.grantedTtl });
    return;
  }
  const left = Math.max(0, Math.ceil((l.deadline - Date.now()) / 1000));
  el.dataset.left = String(left);
  el.className = 'lease-left' + (left * 4 <= l.grantedTtl ? ' low' : '');
  el.textContent = t('services.ttlLeft', { left, ttl: l.grantedTtl });
}
