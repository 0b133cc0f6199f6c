#!/bin/sh
# Builds the class-data-sharing archive the launcher uses for command-line runs:
#   build-cds-archive.sh JAVA JAR ARCHIVE TRAINING-SOURCE...
# A static archive (class list from training runs, then -Xshare:dump) rather than -XX:ArchiveClassesAtExit:
# only a static archive takes picocli's classes (Java 5 bytecode), which are a third of a short run's loading.
set -eu
java=$1 jar=$2 archive=$3
shift 3
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
i=0
for source in "$@"; do
  i=$((i + 1))
  "$java" -XX:DumpLoadedClassList="$tmp/classes-$i.lst" -Xlog:disable -jar "$jar" inspect --format json "$source" \
    >/dev/null
done
cat "$tmp"/classes-*.lst >"$tmp/classes.lst"
rm -f "$archive"
"$java" -Xshare:dump -XX:SharedClassListFile="$tmp/classes.lst" -XX:SharedArchiveFile="$archive" \
  -Xlog:cds=error -cp "$jar" >"$tmp/dump.log" 2>&1 || { cat "$tmp/dump.log" >&2; exit 1; }
