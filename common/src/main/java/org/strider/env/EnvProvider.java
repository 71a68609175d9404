package org.strider.env;

import java.util.List;

/**
 * Service-provider interface: a jar registers environments by implementing this and listing the class in
 * {@code META-INF/services/org.strider.env.EnvProvider}. {@link EnvRegistry} finds every provider on the
 * class path through {@link java.util.ServiceLoader}.
 */
public interface EnvProvider {
    List<EnvRegistration> registrations();
}
