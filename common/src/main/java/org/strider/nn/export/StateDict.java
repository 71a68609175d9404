package org.strider.nn.export;

import java.util.ArrayList;
import java.util.List;
import org.strider.nn.LayerSpec;
import org.strider.nn.MlpSpec;

/**
 * The names and shapes PyTorch's {@code state_dict()} gives the parameters of an {@link MlpSpec} built as
 * {@code self.layers = nn.Sequential(...)} with one module per layer spec, and where each lies in the flat
 * parameter vector. Layer {@code i} of the spec is module {@code layers.i}: a linear layer holds
 * {@code layers.i.weight} {@code [out, in]} and {@code layers.i.bias} {@code [out]}, a layer norm
 * {@code layers.i.weight} (gain) and {@code layers.i.bias}, both {@code [size]}; activations and the fixed
 * scale-shift head hold none. The entries come in flat-vector order and tile it exactly.
 */
public final class StateDict {
    public static final String PREFIX = "layers";

    private StateDict() {
    }

    /** One parameter tensor: its {@code state_dict} name and shape, and its first index in the flat vector. */
    public record Entry(String name, int[] shape, int offset) {
        public Entry {
            shape = shape.clone();
        }

        @Override
        public int[] shape() {
            return shape.clone();
        }

        public int length() {
            int n = 1;
            for (final int d : shape) {
                n *= d;
            }
            return n;
        }
    }

    public static List<Entry> layout(final MlpSpec spec) {
        final List<Entry> entries = new ArrayList<>();
        int offset = 0;
        for (int i = 0; i < spec.layers().size(); i++) {
            final LayerSpec layer = spec.layers().get(i);
            final String module = PREFIX + "." + i + ".";
            if (layer instanceof LayerSpec.Linear linear) {
                entries.add(new Entry(module + "weight", new int[] {linear.outputSize(), linear.inputSize()}, offset));
                offset += linear.outputSize() * linear.inputSize();
                entries.add(new Entry(module + "bias", new int[] {linear.outputSize()}, offset));
                offset += linear.outputSize();
            } else if (layer instanceof LayerSpec.LayerNorm norm) {
                entries.add(new Entry(module + "weight", new int[] {norm.size()}, offset));
                offset += norm.size();
                entries.add(new Entry(module + "bias", new int[] {norm.size()}, offset));
                offset += norm.size();
            } else if (layer.paramCount() != 0) {
                throw new IllegalArgumentException("no state_dict names for layer " + i + ": " + layer);
            }
        }
        if (offset != spec.paramCount()) {
            throw new IllegalStateException("state_dict layout covers " + offset + " of " + spec.paramCount()
                + " parameters");
        }
        return entries;
    }
}
