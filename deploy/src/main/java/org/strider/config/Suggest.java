package org.strider.config;

import com.typesafe.config.ConfigUtil;
import java.util.List;

/** "Did you mean": the known key closest to a mistyped one. */
final class Suggest {
    private Suggest() {
    }

    /** The candidate within a third of the key's length (at least 2) in edit distance, or null. */
    static String closest(final String key, final List<String> candidates) {
        String best = null;
        int bestDistance = Math.max(2, key.length() / 3) + 1;
        for (final String c : candidates) {
            final int d = distance(key, c);
            if (d < bestDistance) {
                best = c;
                bestDistance = d;
            }
        }
        return best;
    }

    /** A full path whose last key is {@code key} ({@code tau} → {@code strider.learner.td3.tau}), or null. */
    static String sameLastKey(final String key, final List<String> paths) {
        for (final String p : paths) {
            final List<String> keys = ConfigUtil.splitPath(p);
            if (keys.get(keys.size() - 1).equals(key)) {
                return p;
            }
        }
        return null;
    }

    /** Levenshtein distance. */
    static int distance(final String a, final String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                final int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                current[j] = Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }
            final int[] t = previous;
            previous = current;
            current = t;
        }
        return previous[b.length()];
    }
}
