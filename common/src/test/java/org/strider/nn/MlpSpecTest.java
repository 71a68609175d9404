package org.strider.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.strider.env.Box;

class MlpSpecTest {
    @Test
    void shouldBuildTheActorWithATanhHeadScaledToTheBox() {
        final MlpSpec actor = MlpSpec.actor(24, new int[] {256, 256}, Activation.RELU,
            new float[] {-1f, -1f, 0f, -2f}, new float[] {1f, 1f, 1f, 4f});
        assertEquals(List.of(LayerSpec.linear(24, 256), LayerSpec.relu(), LayerSpec.linear(256, 256), LayerSpec.relu(),
            LayerSpec.linear(256, 4), LayerSpec.tanh(), new LayerSpec.ScaleShift(new float[] {1f, 1f, 0.5f, 3f},
                new float[] {0f, 0f, 0.5f, 1f})), actor.layers());
        assertEquals(4, actor.outputSize());
        assertEquals(256, actor.maxWidth());
        assertEquals(73_220, actor.paramCount());
    }

    @Test
    void shouldTakeTheHeadFromABoundedActionBox() {
        final MlpSpec actor = MlpSpec.actor(3, new int[] {8}, Activation.TANH,
            new Box(new float[] {-2f, 0f}, new float[] {2f, 1f}, 2));
        assertEquals(new LayerSpec.ScaleShift(new float[] {2f, 0.5f}, new float[] {0f, 0.5f}),
            actor.layers().get(actor.layers().size() - 1));
        assertEquals(LayerSpec.tanh(), actor.layers().get(1));
        assertThrows(IllegalArgumentException.class, () -> MlpSpec.actor(3, new int[] {8}, Activation.RELU,
            Box.uniform(Float.NEGATIVE_INFINITY, Float.POSITIVE_INFINITY, 2)));
    }

    @Test
    void shouldCountLayerNormGainAndBias() {
        final MlpSpec spec = MlpSpec.builder(3).linear(5).layerNorm().relu().linear(1).build();
        assertEquals(3 * 5 + 5 + 2 * 5 + 5 + 1, spec.paramCount());
        assertEquals(5, spec.widthBefore(2));
    }

    @Test
    void shouldRejectABrokenChain() {
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> new MlpSpec(4, List.of(LayerSpec.linear(4, 8), LayerSpec.relu(), LayerSpec.linear(7, 2))));
        assertEquals("layer 2: Linear(7 -> 2) given input width 8", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new MlpSpec(4, List.of()));
        assertThrows(IllegalArgumentException.class, () -> LayerSpec.ScaleShift.fromBounds(new float[] {-1f},
            new float[] {Float.POSITIVE_INFINITY}));
    }

    @Test
    void shouldCopyScaleShiftArrays() {
        final float[] scale = {1f, 2f};
        final LayerSpec.ScaleShift head = new LayerSpec.ScaleShift(scale, new float[] {0f, 0f});
        scale[0] = 9f;
        assertArrayEquals(new float[] {1f, 2f}, head.scale());
        assertTrue(head.equals(new LayerSpec.ScaleShift(new float[] {1f, 2f}, new float[] {0f, 0f})));
    }
}
