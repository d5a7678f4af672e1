/** The SDK's transport: HTTP calls with failover and deadlines, the shared WebSocket, threads, failover files, delivery reports. Not API. */
package dev.beacon.client.internal;
