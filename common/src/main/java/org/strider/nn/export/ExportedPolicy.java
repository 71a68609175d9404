package org.strider.nn.export;

import org.strider.nn.MlpInference;

/** A loaded, checked policy export: its manifest and flat parameters, ready to run. */
public final class ExportedPolicy {
    private final PolicyManifest manifest;
    private final float[] params;

    public ExportedPolicy(final PolicyManifest manifest, final float[] params) {
        if (params.length != manifest.network().paramCount()) {
            throw new IllegalArgumentException("got " + params.length + " parameters, the network has "
                + manifest.network().paramCount());
        }
        this.manifest = manifest;
        this.params = params.clone();
    }

    public PolicyManifest manifest() {
        return manifest;
    }

    /** A copy of the flat parameter vector (learner layout). */
    public float[] params() {
        return params.clone();
    }

    /** A fresh plain-Java forward pass for batches of up to {@code maxBatch}, loaded with these parameters. */
    public MlpInference inference(final int maxBatch) {
        final MlpInference inference = new MlpInference(manifest.network(), maxBatch);
        inference.load(params);
        return inference;
    }

    /** A fresh single-observation actor for an env with this manifest's spaces. */
    public PolicyActor actor() {
        return new PolicyActor(manifest, inference(1));
    }
}
