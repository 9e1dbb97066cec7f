package io.relais.routing.service;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;

/**
 * Work to do in a {@link Change}'s transaction once the {@link EffectWriter} has written its effects, just before it
 * commits: what must be written with the change but reads the rows as the effects left them (the reply of a keyed
 * command). The writer takes a change's steps when it starts writing it; the steps of a change that fails before are
 * never run, and forgotten with it (the change is weakly held: a step gets it as its argument, and must not hold it).
 */
@ApplicationScoped
public class AfterEffects {

    private final Map<Change, List<Function<Change, Uni<Void>>>> steps = Collections.synchronizedMap(new WeakHashMap<>());

    /** Runs {@code step} in the change's transaction after its effects are written. */
    void add(Change change, Function<Change, Uni<Void>> step) {
        steps.computeIfAbsent(change, c -> new ArrayList<>()).add(step);
    }

    /** For the writer, before it writes the change's effects: the change's steps, in the order they were added. */
    Function<Change, Uni<Void>> take(Change change) {
        List<Function<Change, Uni<Void>>> mine = steps.remove(change);
        return c -> {
            Uni<Void> chain = Uni.createFrom().voidItem();
            for (Function<Change, Uni<Void>> step : mine == null ? List.<Function<Change, Uni<Void>>>of() : mine) {
                chain = chain.call(() -> step.apply(c));
            }
            return chain;
        };
    }
}
