package org.strider.random;

/**
 * NumPy's default generator, bit for bit: {@code np.random.default_rng(seed)}, which is what Gymnasium's
 * {@code env.np_random} is after {@code reset(seed=seed)} (a {@code SeedSequence} feeding a {@code PCG64}).
 * With it, an environment ported from Gymnasium draws the same start states, terrains and dispersions for a
 * seed as the original does. Only the draws Gymnasium's environments use are here; each matches NumPy's C code
 * ({@code numpy/random/src/distributions/distributions.c}, {@code pcg64.h}, {@code bit_generator.pyx}).
 *
 * <p>{@link #seed(long)} re-seeds in place, so resetting an env allocates nothing. Not thread-safe.
 */
public final class NumpyRandom {
    // PCG64's 128-bit LCG multiplier 0x2360ED051FC65DA4_4385DF649FCCF645.
    private static final long MULT_HI = 0x2360ED051FC65DA4L;
    private static final long MULT_LO = 0x4385DF649FCCF645L;

    // SeedSequence hashing constants (bit_generator.pyx).
    private static final int INIT_A = 0x43b0d7e5;
    private static final int MULT_A = 0x931e8875;
    private static final int INIT_B = 0x8b51f9dd;
    private static final int MULT_B = 0x58f38ded;
    private static final int MIX_MULT_L = 0xca01f9dd;
    private static final int MIX_MULT_R = 0x4973f715;
    private static final int XSHIFT = 16;
    private static final int POOL_SIZE = 4;

    private long stateHi;
    private long stateLo;
    private long incHi;
    private long incLo;
    private boolean hasUint32;
    private int bufferedUint32;

    /** The running hash constant of SeedSequence's entropy mixing (a field, so that seeding allocates nothing). */
    private int mixHashConst;
    private final int[] pool = new int[POOL_SIZE];
    private final int[] words = new int[8];

    public NumpyRandom(final long seed) {
        seed(seed);
    }

    /**
     * Re-seeds as {@code np.random.default_rng(seed)} with a non-negative seed (NumPy refuses negative ones; here
     * a negative seed is taken as its unsigned 64-bit value).
     */
    public void seed(final long seed) {
        final int lowWord = (int) seed;
        final int highWord = (int) (seed >>> 32);
        // _coerce_to_uint32_array: little-endian 32-bit words, at least one word.
        final int entropyLength = highWord == 0 ? 1 : 2;
        mixEntropy(lowWord, highWord, entropyLength);

        // generate_state(4, uint64): 8 uint32 words cycled from the pool, viewed as 4 little-endian uint64.
        int hashConst = INIT_B;
        for (int i = 0; i < words.length; i++) {
            int value = pool[i % POOL_SIZE];
            value ^= hashConst;
            hashConst *= MULT_B;
            value *= hashConst;
            value ^= value >>> XSHIFT;
            words[i] = value;
        }
        final long s0 = uint64(words[0], words[1]);
        final long s1 = uint64(words[2], words[3]);
        final long s2 = uint64(words[4], words[5]);
        final long s3 = uint64(words[6], words[7]);
        // pcg64_set_seed: state = (s0 << 64 | s1), inc = (s2 << 64 | s3); pcg_setseq_128_srandom_r.
        incHi = (s2 << 1) | (s3 >>> 63);
        incLo = (s3 << 1) | 1L;
        stateHi = 0;
        stateLo = 0;
        step();
        final long lo = stateLo + s1;
        final long carry = Long.compareUnsigned(lo, stateLo) < 0 ? 1 : 0;
        stateHi = stateHi + s0 + carry;
        stateLo = lo;
        step();
        hasUint32 = false;
        bufferedUint32 = 0;
    }

    private void mixEntropy(final int word0, final int word1, final int entropyLength) {
        mixHashConst = INIT_A;
        for (int i = 0; i < POOL_SIZE; i++) {
            final int entropy = i == 0 ? word0 : (i == 1 && entropyLength > 1 ? word1 : 0);
            pool[i] = hashmix(entropy);
        }
        for (int src = 0; src < POOL_SIZE; src++) {
            for (int dst = 0; dst < POOL_SIZE; dst++) {
                if (src != dst) {
                    pool[dst] = mix(pool[dst], hashmix(pool[src]));
                }
            }
        }
        // Entropy longer than the pool would be mixed in here; a long seed has at most two words.
    }

    private int hashmix(final int value) {
        int v = value ^ mixHashConst;
        mixHashConst *= MULT_A;
        v *= mixHashConst;
        return v ^ (v >>> XSHIFT);
    }

    private static int mix(final int x, final int y) {
        final int result = MIX_MULT_L * x - MIX_MULT_R * y;
        return result ^ (result >>> XSHIFT);
    }

    private static long uint64(final int low, final int high) {
        return (Integer.toUnsignedLong(low)) | ((long) high << 32);
    }

    /** state = state * MULT + inc, in 128-bit arithmetic. */
    private void step() {
        final long lo = stateLo * MULT_LO;
        final long hi = unsignedMultiplyHigh(stateLo, MULT_LO) + stateHi * MULT_LO + stateLo * MULT_HI;
        final long newLo = lo + incLo;
        final long carry = Long.compareUnsigned(newLo, lo) < 0 ? 1 : 0;
        stateHi = hi + incHi + carry;
        stateLo = newLo;
    }

    /** High 64 bits of the unsigned 128-bit product (Math.unsignedMultiplyHigh arrived only in Java 18). */
    private static long unsignedMultiplyHigh(final long a, final long b) {
        return Math.multiplyHigh(a, b) + ((a >> 63) & b) + ((b >> 63) & a);
    }

    /** PCG64's XSL-RR output of the next state. */
    public long nextUint64() {
        step();
        final int rot = (int) (stateHi >>> 58);
        return Long.rotateRight(stateHi ^ stateLo, rot);
    }

    /** NumPy's {@code next_uint32}: the low half of a 64-bit draw, the high half kept for the next call. */
    public int nextUint32() {
        if (hasUint32) {
            hasUint32 = false;
            return bufferedUint32;
        }
        final long next = nextUint64();
        hasUint32 = true;
        bufferedUint32 = (int) (next >>> 32);
        return (int) next;
    }

    /** {@code random()}: a double in [0, 1) with 53 random bits. */
    public double random() {
        return (nextUint64() >>> 11) * (1.0 / 9007199254740992.0);
    }

    /** {@code uniform(low, high)}: {@code low + (high - low) * random()}. */
    public double uniform(final double low, final double high) {
        return low + (high - low) * random();
    }

    /**
     * {@code integers(low, high)} with NumPy's defaults (int64, high exclusive): Lemire's bounded method on 32-bit
     * draws when the range fits in 32 bits, on 64-bit draws otherwise.
     */
    public long integers(final long low, final long high) {
        if (high <= low) {
            throw new IllegalArgumentException("integers: low >= high (" + low + " >= " + high + ")");
        }
        final long rng = high - 1 - low;
        if (rng == 0) {
            return low;
        }
        if (Long.compareUnsigned(rng, 0xFFFFFFFFL) <= 0) {
            if (rng == 0xFFFFFFFFL) {
                return low + Integer.toUnsignedLong(nextUint32());
            }
            return low + boundedLemire32(rng);
        }
        if (rng == -1L) {
            return low + nextUint64();
        }
        return low + boundedLemire64(rng);
    }

    private long boundedLemire32(final long rng) {
        final long rngExcl = rng + 1;
        long m = Integer.toUnsignedLong(nextUint32()) * rngExcl;
        long leftover = m & 0xFFFFFFFFL;
        if (leftover < rngExcl) {
            final long threshold = (0xFFFFFFFFL - rng) % rngExcl;
            while (leftover < threshold) {
                m = Integer.toUnsignedLong(nextUint32()) * rngExcl;
                leftover = m & 0xFFFFFFFFL;
            }
        }
        return m >>> 32;
    }

    private long boundedLemire64(final long rng) {
        final long rngExcl = rng + 1;
        long x = nextUint64();
        long leftover = x * rngExcl;
        if (Long.compareUnsigned(leftover, rngExcl) < 0) {
            final long threshold = Long.remainderUnsigned(-rngExcl, rngExcl);
            while (Long.compareUnsigned(leftover, threshold) < 0) {
                x = nextUint64();
                leftover = x * rngExcl;
            }
        }
        return unsignedMultiplyHigh(x, rngExcl);
    }
}
