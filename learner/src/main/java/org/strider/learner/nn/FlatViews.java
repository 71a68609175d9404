package org.strider.learner.nn;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

/** Views of a network's rank-1 flat vector as the shapes its layers use; writes go through to the vector. */
final class FlatViews {
    private FlatViews() {
    }

    /** Row-major {@code [rows, cols]} view of {@code flat[offset, offset + rows * cols)}. */
    static INDArray matrix(final INDArray flat, final long offset, final int rows, final int cols) {
        return flat.get(NDArrayIndex.interval(offset, offset + (long) rows * cols)).reshape('c', rows, cols);
    }

    /** {@code [1, size]} row view. */
    static INDArray row(final INDArray flat, final long offset, final int size) {
        return matrix(flat, offset, 1, size);
    }
}
