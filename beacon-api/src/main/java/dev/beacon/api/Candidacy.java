package dev.beacon.api;

/**
 * One candidate's standing in an election: answer of a campaign and of a candidacy's keep-alive.
 *
 * @param leaseId  the candidacy's lease: keep it alive, or resign with it
 * @param ttl      seconds the candidacy lives from now without another keep-alive
 * @param token    the create revision of the candidate's key; while it leads, a fencing token of its leadership
 * @param leader   whether this candidate leads now
 * @param position how many candidates are ahead of it (0 when it leads)
 */
public record Candidacy(String name, String candidate, long leaseId, long ttl, long token, boolean leader, int position) {
}
