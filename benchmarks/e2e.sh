#!/usr/bin/env bash
# The end-to-end harness in one command (issue 11): C-STORE side by side with dcmtk (StoreBench), then
# whole migrations side by side with dcmtk's movescu and Orthanc's own C-MOVE (MigrateBench), on the
# same machine in one run. Writes results/e2e-store.json and results/e2e-migrate.json; figures go to
# RESULTS.md with this command. Needs dcmtk and Orthanc (Debian packages) and a JDK 17 with Maven.
#   benchmarks/e2e.sh                    # the issue's data set: 20,000 x 10 KiB and 2,000 x 512 KiB
#   SMALL=2000 LARGE=200 benchmarks/e2e.sh   # a quicker look
set -euo pipefail
cd "$(dirname "$0")/.."
export TCP_NODELAY=1
SMALL=${SMALL:-20000}
LARGE=${LARGE:-2000}
ASSOCIATIONS=${ASSOCIATIONS:-1,2,4}
mvn -B -q -pl benchmarks -am package -DskipTests
./ferry --version >/dev/null
mkdir -p benchmarks/results
java -cp benchmarks/target/benchmarks.jar dev.ferry.bench.net.StoreBench \
    --small "$SMALL" --large "$LARGE" --associations "$ASSOCIATIONS" --out benchmarks/results/e2e-store.json
java -cp benchmarks/target/benchmarks.jar dev.ferry.bench.net.MigrateBench \
    --small "$SMALL" --large "$LARGE" --associations "$ASSOCIATIONS" --ferry ./ferry \
    --out benchmarks/results/e2e-migrate.json
