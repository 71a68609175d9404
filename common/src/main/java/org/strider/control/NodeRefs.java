package org.strider.control;

import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorRefResolver;
import org.apache.pekko.actor.typed.ActorSystem;

/** Actor references as the strings control messages carry them. */
public final class NodeRefs {
    private NodeRefs() {
    }

    public static String format(final ActorSystem<?> system, final ActorRef<?> ref) {
        return ActorRefResolver.get(system).toSerializationFormat(ref);
    }

    public static <T> ActorRef<T> resolve(final ActorSystem<?> system, final String ref) {
        return ActorRefResolver.get(system).resolveActorRef(ref);
    }
}
