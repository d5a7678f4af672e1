package dev.beacon.core.auth;

import dev.beacon.core.BeaconException;

import java.util.List;

/**
 * A role and the scopes it is limited to. No scopes = every target of the role's families, except raw keys
 * ({@code kv}), which a non-admin reaches only through an explicit {@code kv:} scope. Admin is never scoped.
 */
public record Grant(Role role, List<Scope> scopes) {
    public static final Grant ADMIN = new Grant(Role.ADMIN, List.of());

    public Grant {
        scopes = List.copyOf(scopes);
        if (role == Role.ADMIN && !scopes.isEmpty()) {
            throw BeaconException.badRequest("an admin token cannot be scoped; give a write or read token the scopes instead");
        }
    }

    /**
     * Whether this grant allows an action needing {@code needed} on {@code target} of {@code family}.
     *
     * @param family null for routes that belong to no family (only the role counts)
     * @param target null for a listing of the whole family (needs an unscoped grant or a {@code family:*} scope)
     */
    public boolean allows(Role needed, String family, String target) {
        if (!role.includes(needed)) {
            return false;
        }
        if (role == Role.ADMIN || family == null) {
            return true;
        }
        if (scopes.isEmpty()) {
            return !family.equals("kv");
        }
        for (Scope s : scopes) {
            if (s.family().equals(family) && (target == null ? s.wholeFamily() : s.covers(family, target))) {
                return true;
            }
        }
        return false;
    }

    public List<String> scopeTexts() {
        return scopes.stream().map(Scope::toString).toList();
    }
}
