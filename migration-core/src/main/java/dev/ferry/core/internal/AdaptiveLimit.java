package dev.ferry.core.internal;

/**
 * Backs off when the source struggles: each study that fails because the source was busy, slow or
 * unreachable halves the number of studies worked on at once (down to one), and each success adds
 * one back, up to whatever the throttle allows. Not thread-safe: the scheduler's thread owns it.
 */
final class AdaptiveLimit {
    private final int ceiling;
    private int limit;

    AdaptiveLimit(int ceiling) {
        this.ceiling = ceiling;
        this.limit = ceiling;
    }

    void strained() {
        limit = Math.max(1, limit / 2);
    }

    void succeeded() {
        limit = Math.min(ceiling, limit + 1);
    }

    int limit() {
        return limit;
    }
}
