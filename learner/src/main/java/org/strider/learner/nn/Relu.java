package org.strider.learner.nn;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.scalar.Step;
import org.nd4j.linalg.factory.Nd4j;

/**
 * {@code y = max(x, 0)}; backward passes the gradient where the input was positive ({@code dx = dy · [x > 0]},
 * 0 at x = 0 as in PyTorch). The mask and product are two plain ops: ND4J M2.1's fused {@code relu_bp} took
 * 4-5× longer on a 256×256 batch here. The mask is ND4J's legacy {@code Step} (libnd4j has no custom op for it),
 * one op object kept for the layer's arrays: re-run, it makes no ND4J object.
 */
public final class Relu extends ElementwiseLayer {
    private final BoundOp relu = BoundOp.relu();
    private final BoundOp maskGradient = BoundOp.multiply();
    private Step step;

    public Relu(final int size, final DataType dataType) {
        super(size, dataType);
    }

    @Override
    public INDArray forward(final INDArray x) {
        Shapes.check(x, batchSize, size, "ReLU input");
        input = x;
        return relu.run(x, output);
    }

    @Override
    public INDArray backward(final INDArray gradOutput, final boolean paramGrads, final boolean inputGrad) {
        if (!inputGrad) {
            return null;
        }
        Shapes.check(gradOutput, batchSize, size, "ReLU output gradient");
        if (step == null || step.z() != gradInput) {
            step = new Step(input, gradInput, 0.0);
        } else if (step.x() != input) {
            step.setX(input);
        }
        Nd4j.exec(step);
        return maskGradient.run(gradInput, gradOutput, gradInput);
    }
}
