package org.strider.run;

import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.Terminated;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.strider.control.NodeProtocol;

/**
 * The guardian of a one-role process: spawns the node and stops the actor system when the node stops (the run
 * told it to, or it failed), so the process can exit.
 */
final class NodeGuardian {
    private NodeGuardian() {
    }

    static Behavior<Void> create(final Behavior<NodeProtocol.Command> node, final String name) {
        return Behaviors.setup(ctx -> {
            final ActorRef<NodeProtocol.Command> ref = ctx.spawn(node, name);
            ctx.watch(ref);
            return Behaviors.receive(Void.class)
                .onSignal(Terminated.class, t -> Behaviors.stopped())
                .build();
        });
    }
}
