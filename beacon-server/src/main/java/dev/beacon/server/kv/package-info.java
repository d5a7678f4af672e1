/** Raw etcd keys over HTTP: the seed's {@code GET /config/{key}} and {@code POST /set}, and {@code /api/v1/kv}. */
package dev.beacon.server.kv;
