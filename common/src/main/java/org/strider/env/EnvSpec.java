package org.strider.env;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What Gymnasium's registry knows about an environment id: its time limit (episodes are truncated, not
 * terminated, at {@code maxEpisodeSteps}), the return at which it counts as solved ({@code NaN} when
 * Gymnasium sets none), and the options {@code make} accepts with their defaults. Option values are
 * {@link Boolean}, {@link Integer}, {@link Double} or {@link String}; a given value must have the default's type
 * (an integer is accepted where a double is expected).
 */
public record EnvSpec(String id, int maxEpisodeSteps, double rewardThreshold, Map<String, Object> defaultOptions) {

    public EnvSpec {
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException("EnvSpec needs an id");
        }
        if (maxEpisodeSteps <= 0) {
            throw new IllegalArgumentException(id + ": maxEpisodeSteps must be > 0, got " + maxEpisodeSteps);
        }
        defaultOptions = Collections.unmodifiableMap(new LinkedHashMap<>(defaultOptions));
    }

    public boolean hasRewardThreshold() {
        return !Double.isNaN(rewardThreshold);
    }
}
