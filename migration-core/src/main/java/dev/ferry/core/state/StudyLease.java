package dev.ferry.core.state;

import java.time.Instant;
import java.util.Objects;

/**
 * A study leased to one worker of one process until {@code expiresAt}; the owner renews it while
 * it works. A lease that expires (the process died) lets another process take the study.
 *
 * @param study the study's row as it was when leased (state IN_PROGRESS)
 * @param owner the leasing process's owner id
 * @param expiresAt when the lease lapses unless renewed
 * @param resumed whether the study was worked on before (a retry, or an expired lease of a process
 *     that died): the worker then asks the destination what it already holds before storing
 */
public record StudyLease(StudyRecord study, String owner, Instant expiresAt, boolean resumed) {
    public StudyLease {
        Objects.requireNonNull(study, "study");
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(expiresAt, "expiresAt");
    }

    public String studyInstanceUid() {
        return study.studyInstanceUid();
    }
}
