package org.strider.learner.nn;

import org.nd4j.linalg.api.ndarray.INDArray;

/** {@code L = mean((prediction - target)²)} over every element, as PyTorch's {@code F.mse_loss}. */
public final class MseLoss {
    private MseLoss() {
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
