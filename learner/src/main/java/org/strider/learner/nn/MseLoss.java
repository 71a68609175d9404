package org.strider.learner.nn;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * {@code L = mean((prediction - target)²)} over every element, as PyTorch's {@code F.mse_loss}. The static methods
 * allocate their results; an instance ({@link #MseLoss(DataType, int, int)}) works for predictions of one shape in
 * a buffer of its own and makes no ND4J object per call: {@link #evaluate} then {@link #gradient()}, once each per
 * step.
 */
public final class MseLoss {
    private final INDArray error;
    private final INDArray scale;
    private final INDArray result;
    private final long n;
    private final BoundOp subtract = BoundOp.subtract();
    private final BoundOp sumOfSquares = BoundOp.sumOfSquares();
    private final BoundOp toGradient = BoundOp.multiply();

    /** For predictions of shape {@code [rows, cols]}. */
    public MseLoss(final DataType dataType, final int rows, final int cols) {
        this.error = Nd4j.create(dataType, rows, cols);
        this.n = (long) rows * cols;
        this.scale = Nd4j.scalar(dataType, 2.0 / n);
        this.result = Nd4j.scalar(dataType, 0.0);
    }

    /** The loss of {@code prediction} against {@code target}; keeps their difference for {@link #gradient()}. */
    public double evaluate(final INDArray prediction, final INDArray target) {
        subtract.run(prediction, target, error);
        return sumOfSquares.run(error, result).getDouble(0) / n;
    }

    /**
     * dL/dPrediction {@code = 2 (prediction - target) / n} of the last {@link #evaluate} call, made from the kept
     * difference in place: call once per {@link #evaluate}. The buffer is reused by the next call.
     */
    public INDArray gradient() {
        return toGradient.run(error, scale, error);
    }

    public static double value(final INDArray prediction, final INDArray target) {
        return prediction.squaredDistance(target) / prediction.length();
    }

    /** Writes dL/dPrediction {@code = 2 (prediction - target) / n} into {@code gradOut} and returns it. */
    public static INDArray gradient(final INDArray prediction, final INDArray target, final INDArray gradOut) {
        prediction.sub(target, gradOut).muli(2.0 / prediction.length());
        return gradOut;
    }
}
