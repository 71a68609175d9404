package org.strider.run;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import org.strider.learner.cluster.LearnerStats;

/**
 * {@code learner.csv}: {@code update,env_steps,critic_loss,actor_loss,mean_q,td_error}, one row per window of
 * updates (100 by default), each figure the mean over the window's updates (not one sampled update; the actor loss
 * over the updates that stepped the actor). Written on the learner thread, a line per window.
 */
final class LearnerCsv implements AutoCloseable {
    static final String NAME = "learner.csv";
    static final String HEADER = "update,env_steps,critic_loss,actor_loss,mean_q,td_error";

    private final CsvLog log;

    LearnerCsv(final Path dir, final boolean append) throws IOException {
        this.log = new CsvLog(dir.resolve(NAME), HEADER, append);
    }

    void add(final LearnerStats s) {
        log.line(String.format(Locale.ROOT, "%d,%d,%.6g,%.6g,%.6g,%.6g", s.update(), s.envSteps(), s.criticLoss(),
            s.actorLoss(), s.meanQ(), s.tdError()));
    }

    @Override
    public void close() {
        log.close();
    }
}
