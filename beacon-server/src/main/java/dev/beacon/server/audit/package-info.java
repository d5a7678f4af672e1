/** {@code GET /api/v1/audit}: the audit trail of every write, newest first, and its meters. */
package dev.beacon.server.audit;
