// A resumable Server-Sent Events stream on a raw key prefix (GET /api/v1/events?prefix=P).
//
// It remembers the revision of the last change it delivered (the event's id) and, whenever the stream
// breaks (server restart, network, resync), closes it and opens a new one with fromRevision = that
// revision, so no change is missed and none is delivered twice. Before the first stream it reads the
// current revision, so even a break before the first change loses nothing. A COMPACTED error means the
// revision is gone from etcd: listeners get onCompacted() (reload what they show), then it starts anew.
// States: 'connecting' → 'live' ⇄ 'reconnecting' → 'offline' (the browser is offline, or the server has
// been unreachable for a while; it keeps trying).
import { get, parseJson } from './api.js';

const OFFLINE_AFTER_MS = 10000;

export class LiveStream {
  constructor(prefix, { onChange, onState, onCompacted, onReconnected, revisionNow } = {}) {
    this.prefix = prefix;
    this.revisionNow = revisionNow || currentRevision;
    this.onChange = onChange || (() => {});
    this.onState = onState || (() => {});
    this.onCompacted = onCompacted || (() => {});
    this.onReconnected = onReconnected || (() => {});
    this.revision = null;
    this.source = null;
    this.timer = null;
    this.closed = false;
    this.brokenSince = null;
    this.attempt = 0;
    this.state = 'connecting';
    this.wasLive = false;
    this.online = () => this.reconnect(0);
    window.addEventListener('online', this.online);
  }

  /** Starts after fromRevision (the revision the caller's data reflects), or after the current revision. */
  async start(fromRevision) {
    if (fromRevision != null) {
      this.revision = fromRevision;
    } else {
      try {
        this.revision = await this.revisionNow();
      } catch (e) {
        this.broken();
        return;
      }
    }
    this.open();
  }

  setState(s) {
    if (this.state !== s) {
      this.state = s;
      this.onState(s);
    }
  }

  open() {
    if (this.closed) return;
    const url = '/api/v1/events?prefix=' + encodeURIComponent(this.prefix)
      + (this.revision != null ? '&fromRevision=' + this.revision : '');
    const es = new EventSource(url);
    this.source = es;
    es.onopen = () => {
      const again = this.wasLive || this.brokenSince != null;
      this.brokenSince = null;
      this.attempt = 0;
      this.wasLive = true;
      this.setState('live');
      if (again) this.onReconnected();
    };
    const deliver = op => e => {
      const data = parseJson(e.data);
      if (e.lastEventId) this.revision = Number(e.lastEventId);
      this.onChange({ op, key: data.key, value: data.value, modRevision: data.modRevision });
    };
    es.addEventListener('put', deliver('put'));
    es.addEventListener('delete', deliver('delete'));
    es.addEventListener('resync', e => {
      const data = parseJson(e.data);
      if (data && data.revision != null) this.revision = Number(data.revision);
      this.reconnect(0);
    });
    es.addEventListener('error', e => {
      if (e.data) { // the server's own "event: error" (COMPACTED): reload, then start from now
        es.close();
        this.revision = null;
        this.onCompacted();
        this.start();
        return;
      }
      this.broken();
    });
  }

  broken() {
    if (this.closed) return;
    if (this.brokenSince == null) this.brokenSince = Date.now();
    const longDown = Date.now() - this.brokenSince > OFFLINE_AFTER_MS;
    this.setState(!navigator.onLine || longDown ? 'offline' : 'reconnecting');
    this.attempt++;
    this.reconnect(Math.min(500 * this.attempt, 3000));
  }

  reconnect(delay) {
    if (this.closed) return;
    if (this.source) { this.source.close(); this.source = null; }
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      if (this.revision == null) this.start(); else this.open();
    }, delay);
  }

  close() {
    this.closed = true;
    clearTimeout(this.timer);
    window.removeEventListener('online', this.online);
    if (this.source) this.source.close();
  }
}

/**
 * The revision of the server's mirror now (GET /ready): every read the server answers from memory afterwards
 * reflects at least this revision, so a stream of Beacon's key root started after it misses nothing those
 * reads did not show. Null when the mirror is not loaded yet.
 */
export async function mirrorRevision() {
  const ready = await get('/ready', { ok: [503] });
  const r = ready && ready.mirror && Number(ready.mirror.revision);
  return r > 0 ? r : null;
}

/** The etcd revision now (a one-key read; its answer carries the header revision): for raw keys, read from etcd. */
export async function currentRevision() {
  const body = await get('/api/v1/kv?key=' + encodeURIComponent('/') + '&prefix=true&keysOnly=true&limit=1');
  return Number(body.revision);
}
