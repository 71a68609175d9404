package org.strider.learner.nn;

import org.nd4j.linalg.api.ndarray.INDArray;

/** Cheap shape checks at layer boundaries, so a wrong input fails with a message, not inside native code. */
final class Shapes {
    private Shapes() {
    }

    static void check(final INDArray array, final int rows, final int cols, final String what) {
        if (array.rank() != 2 || array.size(0) != rows || array.size(1) != cols) {
            throw new IllegalArgumentException(what + " has shape " + java.util.Arrays.toString(array.shape())
                + ", expected [" + rows + ", " + cols + "]" + (rows == 0 ? " (not allocated: call allocate first)" : ""));
        }
    }
}
