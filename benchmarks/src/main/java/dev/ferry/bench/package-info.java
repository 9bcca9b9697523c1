/**
 * JMH benchmarks of the hot paths and the end-to-end throughput harness; added by the benchmarks issue.
 */
package dev.ferry.bench;
