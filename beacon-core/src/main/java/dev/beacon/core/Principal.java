package dev.beacon.core;

/**
 * Who is writing: the name recorded as {@code updatedBy} in config history and as the actor of a write record,
 * and the client address it came from. Until tokens exist, the name is the {@code X-Beacon-Actor} header or
 * {@value #ANONYMOUS_NAME}; with tokens it becomes the token's id and description.
 *
 * @param name    who, as shown to people (never a secret)
 * @param tokenId the id of the token that authenticated the write, or null
 * @param address the client's address, or null when not over HTTP (the server's own writes)
 */
public record Principal(String name, String tokenId, String address) {
    public static final String ANONYMOUS_NAME = "anonymous";
    /** Beacon itself (its own history records, pruning, instance events). */
    public static final Principal SYSTEM = new Principal("beacon", null, null);

    public Principal {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a principal needs a name");
        }
    }

    public static Principal anonymous(String address) {
        return new Principal(ANONYMOUS_NAME, null, address);
    }
}
