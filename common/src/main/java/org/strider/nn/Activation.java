package org.strider.nn;

/** Hidden-layer activation chosen by config. */
public enum Activation {
    RELU,
    TANH;

    public LayerSpec layer() {
        return this == RELU ? LayerSpec.relu() : LayerSpec.tanh();
    }
}
