/**
 * The sign-off proof package: what a migration did, written from its state store alone as a
 * deterministic set of files an auditor can read and check ({@link dev.ferry.core.report.ProofPackage}).
 */
package dev.ferry.core.report;
