package dev.beacon.core.registry;

import dev.beacon.api.Registration;
import dev.beacon.core.BeaconException;
import dev.beacon.core.keys.Names;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * Validation of a registration, all of it before anything is sent to etcd: names
 * ({@code [A-Za-z0-9._-]{1,128}}, INVALID_NAME), address, port 1–65535, ttl 2–300 s, tags, metadata and
 * the check (BAD_REQUEST with the reason).
 */
final class RegistrationRules {
    static final long DEFAULT_TTL = 10;
    static final long MIN_TTL = 2;
    static final long MAX_TTL = 300;
    static final int MAX_TAGS = 64;
    static final int MAX_METADATA = 64;
    static final int MAX_TAG_CHARS = 128;
    static final int MAX_METADATA_VALUE_CHARS = 1024;
    static final int MAX_ADDRESS_CHARS = 255;

    /** A registration that passed every rule; {@code ttl} is null when {@code leaseId} is given. */
    record Valid(String service, String id, String address, int port, List<String> tags, Map<String, String> metadata,
                 Long ttl, CheckSpec check, Long leaseId) {
    }

    private RegistrationRules() {
    }

    static Valid validate(String service, String id, Registration r) {
        Names.requireName("service", service);
        Names.requireName("instance id", id);
        if (r == null) {
            throw BeaconException.badRequest("the registration body is missing; send {\"address\",\"port\",...}");
        }
        String address = address(r.address());
        if (r.port() == null) {
            throw BeaconException.badRequest("port is missing; use 1-65535");
        }
        if (r.port() < 1 || r.port() > 65535) {
            throw BeaconException.badRequest("port " + r.port() + " is out of range; use 1-65535");
        }
        if (r.leaseId() != null && r.ttl() != null) {
            throw BeaconException.badRequest("give ttl or leaseId, not both: an attached instance lives as long as that lease");
        }
        if (r.leaseId() != null && r.leaseId() <= 0) {
            throw BeaconException.badRequest("leaseId must be a positive lease id, got " + r.leaseId());
        }
        Long ttl = r.leaseId() != null ? null : r.ttl() == null ? DEFAULT_TTL : r.ttl();
        if (ttl != null && (ttl < MIN_TTL || ttl > MAX_TTL)) {
            throw BeaconException.badRequest("ttl " + ttl + " is out of range; use " + MIN_TTL + "-" + MAX_TTL + " seconds");
        }
        return new Valid(service, id, address, r.port(), tags(r.tags()), metadata(r.metadata()), ttl,
                CheckSpec.parse(r.check()), r.leaseId());
    }

    private static String address(String address) {
        if (address == null || address.isBlank()) {
            throw BeaconException.badRequest("address is missing or empty; give the host name or IP clients connect to");
        }
        if (address.length() > MAX_ADDRESS_CHARS) {
            throw BeaconException.badRequest("address is longer than " + MAX_ADDRESS_CHARS + " characters");
        }
        if (address.chars().anyMatch(c -> Character.isWhitespace(c) || Character.isISOControl(c))) {
            throw BeaconException.badRequest("address '" + address.strip() + "' must not contain spaces or control characters");
        }
        return address;
    }

    private static List<String> tags(List<String> tags) {
        if (tags == null) {
            return List.of();
        }
        if (tags.size() > MAX_TAGS) {
            throw BeaconException.badRequest("at most " + MAX_TAGS + " tags are allowed, got " + tags.size());
        }
        LinkedHashSet<String> out = new LinkedHashSet<>();
        for (String tag : tags) {
            if (tag == null || tag.isEmpty() || tag.length() > MAX_TAG_CHARS || hasControl(tag)) {
                throw BeaconException.badRequest("tag '" + (tag == null ? "null" : tag) + "' must be 1-" + MAX_TAG_CHARS
                        + " characters without control characters");
            }
            out.add(tag);
        }
        return new ArrayList<>(out);
    }

    private static Map<String, String> metadata(Map<String, String> metadata) {
        if (metadata == null) {
            return Map.of();
        }
        if (metadata.size() > MAX_METADATA) {
            throw BeaconException.badRequest("at most " + MAX_METADATA + " metadata entries are allowed, got " + metadata.size());
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : metadata.entrySet()) {
            String k = e.getKey();
            if (k == null || k.isEmpty() || k.length() > MAX_TAG_CHARS || hasControl(k)) {
                throw BeaconException.badRequest("metadata key '" + k + "' must be 1-" + MAX_TAG_CHARS + " characters without control characters");
            }
            if (e.getValue() == null || e.getValue().length() > MAX_METADATA_VALUE_CHARS) {
                throw BeaconException.badRequest("metadata value of '" + k + "' must be a string of at most "
                        + MAX_METADATA_VALUE_CHARS + " characters");
            }
            out.put(k, e.getValue());
        }
        return out;
    }

    private static boolean hasControl(String s) {
        return s.chars().anyMatch(Character::isISOControl);
    }

    /** An instance id made from address and port, for registrations that bring none (the seed endpoint). */
    static String generatedId(String address, int port) {
        String raw = address + "-" + port;
        StringBuilder b = new StringBuilder();
        for (char c : raw.toCharArray()) {
            b.append(Character.isLetterOrDigit(c) && c < 128 || c == '.' || c == '-' || c == '_' ? c : '_');
        }
        String id = b.length() > 128 ? b.substring(b.length() - 128) : b.toString();
        return id.equals(".") || id.equals("..") ? "_" + id : id;
    }
}
