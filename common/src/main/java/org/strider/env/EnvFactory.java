package org.strider.env;

/** Builds one env of a registered id from checked options. */
@FunctionalInterface
public interface EnvFactory {
    Env create(EnvSpec spec, EnvOptions options);
}
