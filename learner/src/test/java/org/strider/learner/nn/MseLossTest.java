package org.strider.learner.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class MseLossTest {
    @Test
    void shouldValueAndDifferentiateAsTheStaticFormsAndReuseItsBuffer() {
        final INDArray prediction = Nd4j.createFromArray(new float[][] {{0.5f}, {-1.25f}, {3f}, {0f}});
        final INDArray target = Nd4j.createFromArray(new float[][] {{1f}, {-1f}, {2f}, {0.125f}});
        final MseLoss loss = new MseLoss(DataType.FLOAT, 4, 1);
        // (0.25 + 0.0625 + 1 + 0.015625) / 4
        assertEquals(0.33203125, loss.evaluate(prediction, target), 0.0);
        assertEquals(MseLoss.value(prediction, target), loss.evaluate(prediction, target), 1e-7);
        final INDArray expected = MseLoss.gradient(prediction, target, Nd4j.create(DataType.FLOAT, 4, 1));
        final INDArray gradient = loss.gradient();
        assertArrayEquals(expected.toFloatVector(), gradient.toFloatVector(), 0f);
        assertArrayEquals(new float[] {-0.25f, -0.125f, 0.5f, -0.0625f}, gradient.toFloatVector(), 0f);

        loss.evaluate(target, prediction);
        assertSame(gradient, loss.gradient(), "the same buffer, overwritten");
        assertArrayEquals(new float[] {0.25f, 0.125f, -0.5f, 0.0625f}, gradient.toFloatVector(), 0f);
    }
}
