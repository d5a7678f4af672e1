/**
 * Who may do what: API tokens ({@link dev.beacon.core.auth.Tokens}, stored on etcd under {@code {root}/auth/tokens/}
 * as a hash of their secret only), their role and scopes ({@link dev.beacon.core.auth.Grant},
 * {@link dev.beacon.core.auth.Scope}) and console sessions ({@link dev.beacon.core.auth.ConsoleSessions}, on a lease).
 * Records are read from the server's root mirror, so a revocation or expiry is seen by every server as soon as
 * its mirror applies it; writes go through the {@link dev.beacon.core.WriteSeam}. Nothing here knows HTTP.
 */
package dev.beacon.core.auth;
