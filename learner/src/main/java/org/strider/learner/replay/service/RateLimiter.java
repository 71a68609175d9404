package org.strider.learner.replay.service;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reverb's rate limiter ({@code reverb/cc/rate_limiter.cc}, {@code reverb/rate_limiters.py}): keeps the
 * number of samples drawn per transition inserted near {@code samplesPerInsert}, so the update-to-data ratio is a
 * setting however fast actors and learner run. It works in two stages:
 * <ol>
 *   <li>until {@code minSizeToSample} transitions are in, inserts are free and samples are refused;</li>
 *   <li>then {@code diff = inserts * samplesPerInsert - samples} is kept within {@code [minDiff, maxDiff]}:
 *       an insert of n may go ahead if {@code (inserts + n) * spi - samples <= maxDiff} (or if it still leaves
 *       the table at or below the min size), a sample of n if {@code inserts >= minSizeToSample} and
 *       {@code inserts * spi - samples - n >= minDiff}.</li>
 * </ol>
 * With a single error buffer {@code e}, {@code minDiff = spi * minSize - e} and {@code maxDiff = spi * minSize + e}:
 * the "error" {@code (inserts - minSize) * spi - samples} stays within ±e (give or take one operation), which is
 * Reverb's {@code SampleToInsertRatio}. {@link #minSize(long)} is Reverb's {@code MinSize}: only stage 1 blocks.
 * A small error buffer gives lockstep behaviour.
 *
 * <p>Unlike Reverb, the limiter does not wait: the owner (one shard loop, one thread) asks {@link #canInsert} /
 * {@link #canSample} and, if refused, leaves the work pending and asks again later; it then reports what it did
 * with {@link #inserted} / {@link #sampled}. Each refusal counts as one blocked poll. Counts are in transitions: a
 * sample request of 256 rows is 256 samples. Stored items are never deleted below the min size here (the ring
 * buffer's capacity is at least the min size), so Reverb's delete count is left out.
 */
public final class RateLimiter {
    private static final Logger LOG = LoggerFactory.getLogger(RateLimiter.class);

    private final double samplesPerInsert;
    private final long minSizeToSample;
    private final double minDiff;
    private final double maxDiff;
    private long inserts;
    private long samples;
    private long insertBlockedPolls;
    private long sampleBlockedPolls;

    private RateLimiter(final double samplesPerInsert, final long minSizeToSample, final double minDiff,
        final double maxDiff) {
        if (minSizeToSample < 1) {
            throw new IllegalArgumentException("minSizeToSample (" + minSizeToSample + ") must be a positive integer");
        }
        if (!(samplesPerInsert > 0) || Double.isInfinite(samplesPerInsert)) {
            throw new IllegalArgumentException("samplesPerInsert must be positive and finite: " + samplesPerInsert);
        }
        this.samplesPerInsert = samplesPerInsert;
        this.minSizeToSample = minSizeToSample;
        this.minDiff = minDiff;
        this.maxDiff = maxDiff;
    }

    /**
     * Reverb's {@code SampleToInsertRatio(samples_per_insert, min_size_to_sample, error_buffer)}: the error
     * {@code (inserts - minSize) * spi - samples} is kept within ±{@code errorBuffer}.
     *
     * @throws IllegalArgumentException for settings that would block inserts or samples for good: an error buffer
     *     below {@code max(1, spi)} (the window must hold one insert and one sample)
     */
    public static RateLimiter sampleToInsertRatio(final double samplesPerInsert, final long minSizeToSample,
        final double errorBuffer) {
        final double offset = samplesPerInsert * minSizeToSample;
        return sampleToInsertRatio(samplesPerInsert, minSizeToSample, offset - errorBuffer, offset + errorBuffer);
    }

    /**
     * Reverb's {@code SampleToInsertRatio} with the error buffer given as a range {@code (minDiff, maxDiff)} of
     * {@code inserts * spi - samples}, used without an offset.
     *
     * @throws IllegalArgumentException if {@code maxDiff - minDiff < 2 * max(1, spi)} (an insert or a sample
     *     could never fit) or {@code minDiff > spi * minSize} (sampling would block for good as soon as the min
     *     size is reached)
     */
    public static RateLimiter sampleToInsertRatio(final double samplesPerInsert, final long minSizeToSample,
        final double minDiff, final double maxDiff) {
        if (maxDiff - minDiff < 2 * Math.max(1.0, samplesPerInsert)) {
            throw new IllegalArgumentException("the error buffer's range (" + minDiff + ", " + maxDiff + ") must be "
                + ">= 2 * max(1.0, samplesPerInsert) = " + 2 * Math.max(1.0, samplesPerInsert)
                + " wide: a narrower one could block samples and/or inserts for good");
        }
        if (minDiff > samplesPerInsert * minSizeToSample) {
            throw new IllegalArgumentException("the error buffer's range starts at " + minDiff + ", above "
                + "samplesPerInsert * minSizeToSample = " + samplesPerInsert * minSizeToSample
                + ": sampling would block for good as soon as minSizeToSample transitions are in");
        }
        if (maxDiff < samplesPerInsert * minSizeToSample) {
            LOG.warn("the error buffer's range ends at {}, below samplesPerInsert * minSizeToSample = {}: inserts "
                + "will block before the min size is reached unless sampling goes on concurrently", maxDiff,
                samplesPerInsert * minSizeToSample);
        }
        return new RateLimiter(samplesPerInsert, minSizeToSample, minDiff, maxDiff);
    }

    /** Reverb's {@code MinSize}: samples wait for {@code minSizeToSample} inserts; nothing else is limited. */
    public static RateLimiter minSize(final long minSizeToSample) {
        return new RateLimiter(1.0, minSizeToSample, -Double.MAX_VALUE, Double.MAX_VALUE);
    }

    /**
     * Checks that an owner inserting batches of up to {@code maxInsertBatch} and sampling up to
     * {@code maxSampleBatch} at a time can never be refused both at once (Reverb checks this for batches of one;
     * batches widen the window needed): the range must hold one batch of each,
     * {@code maxDiff - minDiff >= maxInsertBatch * spi + maxSampleBatch}, and the insert that crosses the min
     * size must fit, {@code (minSize - 1 + maxInsertBatch) * spi <= maxDiff}.
     *
     * @throws IllegalArgumentException naming the error buffer that would be needed
     */
    public void requireNoDeadlock(final long maxInsertBatch, final long maxSampleBatch) {
        if (maxInsertBatch < 1 || maxSampleBatch < 1) {
            throw new IllegalArgumentException("batch sizes must be positive: " + maxInsertBatch + ", "
                + maxSampleBatch);
        }
        final double window = maxInsertBatch * samplesPerInsert + maxSampleBatch;
        if (maxDiff - minDiff < window) {
            throw new IllegalArgumentException("the rate limiter's window " + (maxDiff - minDiff) + " is narrower than"
                + " one insert batch of " + maxInsertBatch + " × samplesPerInsert " + samplesPerInsert
                + " plus one sample batch of " + maxSampleBatch + " = " + window + ": inserts and samples could"
                + " both block for good; use an error buffer of at least " + window / 2);
        }
        final double crossing = (minSizeToSample - 1 + maxInsertBatch) * samplesPerInsert;
        if (crossing > maxDiff) {
            throw new IllegalArgumentException("an insert batch of " + maxInsertBatch + " that crosses the min size "
                + minSizeToSample + " would need diff " + crossing + " > maxDiff " + maxDiff
                + " and block for good (sampling has not started); use an error buffer of at least "
                + (crossing - samplesPerInsert * minSizeToSample));
        }
    }

    /** Whether {@code n} more inserts keep the ratio in range; a refusal counts as one blocked insert poll. */
    public boolean canInsert(final long n) {
        if (inserts + n <= minSizeToSample) {
            return true;
        }
        if ((inserts + n) * samplesPerInsert - samples <= maxDiff) {
            return true;
        }
        insertBlockedPolls++;
        return false;
    }

    /** Whether {@code n} more samples keep the ratio in range; a refusal counts as one blocked sample poll. */
    public boolean canSample(final long n) {
        if (inserts >= minSizeToSample && inserts * samplesPerInsert - samples - n >= minDiff) {
            return true;
        }
        sampleBlockedPolls++;
        return false;
    }

    public void inserted(final long n) {
        inserts += n;
    }

    public void sampled(final long n) {
        samples += n;
    }

    /** Sets the insert and sample counts a {@link ShardSnapshot} kept, so a restored shard keeps its budget. */
    void restore(final long insertCount, final long sampleCount) {
        inserts = insertCount;
        samples = sampleCount;
    }

    public long inserts() {
        return inserts;
    }

    public long samples() {
        return samples;
    }

    public long insertBlockedPolls() {
        return insertBlockedPolls;
    }

    public long sampleBlockedPolls() {
        return sampleBlockedPolls;
    }

    public double samplesPerInsert() {
        return samplesPerInsert;
    }

    public long minSizeToSample() {
        return minSizeToSample;
    }

    public double minDiff() {
        return minDiff;
    }

    public double maxDiff() {
        return maxDiff;
    }

    /**
     * Samples per insert since stage 1 ended, {@code samples / (inserts - minSize)}: the ratio the limiter
     * enforces (NaN until more than the min size is in).
     */
    public double observedSamplesPerInsert() {
        final long afterMinSize = inserts - minSizeToSample;
        return afterMinSize > 0 ? (double) samples / afterMinSize : Double.NaN;
    }

    /** Reverb's error, {@code (inserts - minSize) * spi - samples}: within ±error buffer while both sides run. */
    public double error() {
        return (inserts - minSizeToSample) * samplesPerInsert - samples;
    }

    @Override
    public String toString() {
        return "RateLimiter[spi=" + samplesPerInsert + ", minSize=" + minSizeToSample + ", diff in [" + minDiff
            + ", " + maxDiff + "], inserts=" + inserts + ", samples=" + samples + "]";
    }
}
