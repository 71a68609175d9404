package org.strider.learner.dqn;

/** What one {@link DqnUpdate#update} measured, in an object the update reuses (read it before the next call). */
public final class DqnMetrics {
    /** The update's number, 1-based. */
    public long update;
    /** Mean Huber (smooth L1) loss of Q(s, a) against the target y (MSE with huber_delta 0). */
    public double loss;
    /** Mean of Q(s, a) over the batch. */
    public double meanQ;
    /** Mean |Q(s, a) - y| over the batch. */
    public double tdError;
    /** L2 norm of the whole gradient before clipping. */
    public double gradNorm;
    /** Whether this update copied (or averaged) the online network into the target. */
    public boolean targetUpdated;

    @Override
    public String toString() {
        return String.format("update %d: loss %.5g, mean_q %.5g, td_error %.5g, grad_norm %.5g%s", update, loss,
            meanQ, tdError, gradNorm, targetUpdated ? ", target updated" : "");
    }
}
