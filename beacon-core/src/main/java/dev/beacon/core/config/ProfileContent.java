package dev.beacon.core.config;

import dev.beacon.api.Item;
import dev.beacon.api.ProfileSettings;

import java.util.List;

/**
 * Everything one app/profile holds, as one read saw it: its declared settings (null when none were declared) and its
 * items in key order. What an export carries per app/profile.
 */
public record ProfileContent(String app, String profile, ProfileSettings settings, List<Item> items) {
}
