#!/bin/sh
# Builds the class-data-sharing archive the launcher uses:
#   build-cds-archive.sh JAVA JAR ARCHIVE TRAINING-SOURCE...
# A static archive (class list from training runs, then -Xshare:dump) rather than -XX:ArchiveClassesAtExit:
# only a static archive takes picocli's classes (Java 5 bytecode), which are a third of a short run's loading.
# CDS_JAVA_OPTIONS: extra options for the training runs (the package's launcher options, so that the same classes
# load). CDS_WINDOW=1: also train on the window's start (--smoke-test; needs xvfb-run).
set -eu
java=$1 jar=$2 archive=$3
shift 3
opts=${CDS_JAVA_OPTIONS:-}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
i=0
for source in "$@"; do
  i=$((i + 1))
  # shellcheck disable=SC2086 # a list of options
  "$java" $opts -XX:DumpLoadedClassList="$tmp/classes-$i.lst" -Xlog:disable -jar "$jar" inspect --format json \
    "$source" >/dev/null
done
if [ "${CDS_WINDOW:-0}" = 1 ]; then
  # a HOME of its own: the window writes its preferences there
  mkdir "$tmp/home"
  # shellcheck disable=SC2086
  HOME=$tmp/home xvfb-run -a "$java" $opts -XX:DumpLoadedClassList="$tmp/classes-window.lst" -Xlog:disable \
    -jar "$jar" --smoke-test >"$tmp/window.log" 2>&1 || { cat "$tmp/window.log" >&2; exit 1; }
fi
cat "$tmp"/classes-*.lst >"$tmp/classes.lst"
rm -f "$archive"
"$java" -Xshare:dump -XX:SharedClassListFile="$tmp/classes.lst" -XX:SharedArchiveFile="$archive" \
  -Xlog:cds=error -cp "$jar" >"$tmp/dump.log" 2>&1 || { cat "$tmp/dump.log" >&2; exit 1; }
