package org.strider.learner.nn;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A critic {@code Q(obs, action) → [batch, 1]}. After {@link #backward} with input gradients, the actor's loss
 * reads dQ/dAction from {@link #gradAction()}. Returned arrays are buffers reused by the next call.
 */
public interface QFunction {
    int observationSize();

    int actionSize();

    /** Q values {@code [batch, 1]} for {@code obs [batch, obsSize]} and {@code action [batch, actionSize]}. */
    INDArray forward(INDArray obs, INDArray action);

    /**
     * Back-propagates dLoss/dQ {@code [batch, 1]} of the last forward. With {@code paramGrads} it overwrites the
     * network's gradient vector; with {@code inputGrads} it fills {@link #gradObservation()} and
     * {@link #gradAction()} (the actor update needs only those, and so passes {@code paramGrads = false}).
     */
    void backward(INDArray gradQ, boolean paramGrads, boolean inputGrads);

    /** dLoss/dObs {@code [batch, obsSize]} from the last backward with input gradients. */
    INDArray gradObservation();

    /** dLoss/dAction {@code [batch, actionSize]} from the last backward with input gradients. */
    INDArray gradAction();
}
