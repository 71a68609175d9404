package org.strider.control;

/**
 * Marker of every control-plane message that may cross a process: Pekko serializes anything implementing it
 * with {@link KryoPekkoSerializer}, through the fixed ids of {@link ControlRegistry}. Control messages carry
 * primitives, strings, lists and other registered records only; an actor reference travels as its
 * serialization string (see {@link NodeRefs}).
 */
public interface ControlMessage {
}
