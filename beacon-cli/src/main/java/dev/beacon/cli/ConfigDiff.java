package dev.beacon.cli;

import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What importing a document would change: items it would add, items whose value it would change, and how many it
 * would leave as they are (an import never deletes). The JSON output of {@code config diff}.
 */
record ConfigDiff(String app, String profile, long revision, SortedMap<String, String> added,
                  SortedMap<String, Change> changed, int unchanged) {
    record Change(String from, String to) {
    }

    static ConfigDiff of(String app, String profile, long revision, Map<String, String> current, Map<String, String> document) {
        SortedMap<String, String> added = new TreeMap<>();
        SortedMap<String, Change> changed = new TreeMap<>();
        int same = 0;
        for (Map.Entry<String, String> e : document.entrySet()) {
            String now = current.get(e.getKey());
            if (now == null) {
                added.put(e.getKey(), e.getValue());
            } else if (!now.equals(e.getValue())) {
                changed.put(e.getKey(), new Change(now, e.getValue()));
            } else {
                same++;
            }
        }
        return new ConfigDiff(app, profile, revision, added, changed, same);
    }

    boolean empty() {
        return added.isEmpty() && changed.isEmpty();
    }
}
