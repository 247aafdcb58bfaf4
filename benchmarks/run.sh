#!/usr/bin/env bash
# Runs every Failsoft benchmark and prints the tables (Markdown) that BENCHMARKS.md records.
#   benchmarks/run.sh            full run (about 10 minutes on 2 cores)
#   benchmarks/run.sh --quick    short iterations, ends within 5 minutes on 2 cores
# Extra arguments after --quick pick macro benchmarks by number (for example: --quick 1 5).
set -euo pipefail
cd "$(dirname "$0")/.."

quick=""
if [ "${1:-}" = "--quick" ]; then
  quick="--quick"
  shift
fi

# Build the shaded jars (benchmarks, and the failsoft command for its gateway and logs rows);
# offline first (dependencies are usually cached), online if that fails.
if ! mvn -B -q -o -pl benchmarks,cli -am package -DskipTests >/dev/null 2>&1; then
  mvn -B -q -pl benchmarks,cli -am package -DskipTests
fi
jar=benchmarks/target/benchmarks.jar
cli=cli/target/failsoft.jar

echo "# Failsoft benchmarks ${quick:-(full run)}"
echo
echo "- date: $(date -u '+%Y-%m-%d %H:%M UTC')"
echo "- machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.1f GiB", $2/1048576}' /proc/meminfo) RAM, $(uname -sr)"
echo "- cpu: $(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo)"
echo "- java: $(java -version 2>&1 | head -1)"
echo "- load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"

if [ "$#" -eq 0 ]; then
  java -cp "$jar" dev.failsoft.benchmarks.Micro $quick
fi
status=0
java -Xmx1g -Dfailsoft.cli.jar="$cli" -cp "$jar" dev.failsoft.benchmarks.Macro $quick "$@" \
  || status=$?
echo
echo "- load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
exit "$status"
