/**
 * The engine's internals: scheduler, study jobs, phases, throttles, breakers and metrics. Public
 * only where {@link dev.ferry.core.Migration} must reach them; no compatibility promise.
 */
package dev.ferry.core.internal;
