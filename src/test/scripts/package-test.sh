#!/usr/bin/env bash
# package-test.sh — the installed package and the real privilege path, end to end (run by .ci/run, as root, on a
# Debian 12 machine prepared by setup-runtime.sh):
#   1. build the .deb (mvn -B -Pdeb package) and install it with apt-get, so its declared dependencies resolve;
#   2. check the installed files: desktop-file-validate, icons, MIME types by content, the polkit action;
#   3. start the system bus and polkitd (only if they are not running);
#   4. as a NON-ROOT user without any polkit rule: `checkpoint-inspector containers` and the window's Containers
#      panel (a real window under xvfb-run) both say that authorisation was refused, quickly, without a stack trace;
#   5. with a rule granting only io.checkpointinspector.helper to that user: the user lists containers,
#      checkpoints a running container to a file in their home (owned by them), inspects it, restores it under a
#      new name, and the count in the container goes on;
#   6. the installed CLI inspects a fixture; the installed app starts under xvfb-run and exits (--smoke-test);
#   7. apt-get purge leaves no file of the package behind.
# Everything made here is removed at the end (trap), the polkit rule first.
#
# Environment: PACKAGE_TEST_PREFIX names the container and the polkit rule (default checkpoint-inspector-ci);
# PACKAGE_TEST_SKIP_BUILD=1 installs the .deb already in target/; PACKAGE_TEST_KEEP_DAEMONS=1 leaves a system bus
# and polkitd started here running.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../../.."
repo=$(pwd)

prefix=${PACKAGE_TEST_PREFIX:-checkpoint-inspector-ci}
user=ci-desktop
home=/home/$user
rule=/etc/polkit-1/rules.d/10-$prefix-helper.rules
container=$prefix-counter
restored=$prefix-restored
ctr_container=$prefix-ctr-counter
ctr_restored=$prefix-ctr-restored
ctr_ref=localhost/$prefix-ctr-counter:checkpoint
out=$repo/target/package-test
action=io.checkpointinspector.helper
desktop=/usr/share/applications/io.checkpointinspector.CheckpointInspector.desktop

export DEBIAN_FRONTEND=noninteractive
failures=0
passes=0
ok() { passes=$((passes + 1)); echo "  OK    $*"; }
bad() { failures=$((failures + 1)); echo "  FAIL  $*"; }
step() { echo; echo "== $*"; }
as_user() { runuser -u "$user" -- env -i HOME="$home" PATH=/usr/local/bin:/usr/bin:/bin LANG=C.UTF-8 "$@"; }

[[ $(id -u) == 0 ]] || { echo "package-test.sh: must run as root" >&2; exit 1; }

made_user=0 started_dbus=0 started_polkit=0 polkit_pid=
ctr() { /usr/bin/ctr --namespace default --connect-timeout 5s "$@"; }
# Kills, deletes and removes what the containerd step made (the snapshot goes with the container).
ctr_remove() {
  [[ -x /usr/bin/ctr ]] || return 0
  local c
  for c in "$ctr_container" "$ctr_restored"; do ctr tasks kill --signal SIGKILL "$c" >/dev/null 2>&1 || true; done
  for c in "$ctr_container" "$ctr_restored"; do
    for _ in $(seq 50); do
      if ctr tasks delete --force "$c" >/dev/null 2>&1 || ! ctr tasks ls -q 2>/dev/null | grep -qx "$c"; then
        break
      fi
      sleep 0.1
    done
    ctr containers delete "$c" >/dev/null 2>&1 || true
  done
  ctr images rm "$ctr_ref" >/dev/null 2>&1 || true
}
ctr_count() { ctr tasks exec --exec-id "count-$RANDOM$RANDOM" "$1" cat /tmp/count 2>/dev/null || echo 0; }
cleanup() {
  set +e
  rm -f "$rule"
  podman rm -f "$container" "$restored" >/dev/null 2>&1
  ctr_remove
  if [[ $made_user == 1 ]]; then
    userdel -r "$user" >/dev/null 2>&1
  fi
  if dpkg -s checkpoint-inspector >/dev/null 2>&1; then apt-get purge -y -q checkpoint-inspector >/dev/null 2>&1; fi
  # On a machine shared with other tests, PACKAGE_TEST_KEEP_DAEMONS=1 leaves the bus and polkitd running.
  if [[ ${PACKAGE_TEST_KEEP_DAEMONS:-0} != 1 ]]; then
    [[ -n $polkit_pid ]] && kill "$polkit_pid" 2>/dev/null
    [[ $started_dbus == 1 && -f /run/dbus/pid ]] && kill "$(cat /run/dbus/pid)" 2>/dev/null
  fi
}
trap cleanup EXIT

step "test tools"
need=()
for p in dbus polkitd pkexec xvfb xauth desktop-file-utils shared-mime-info libglib2.0-bin; do
  dpkg -s "$p" >/dev/null 2>&1 || need+=("$p")
done
if [[ ${#need[@]} -gt 0 ]]; then
  apt-get install -y -q "${need[@]}" >/dev/null || { apt-get update -q >/dev/null; apt-get install -y -q "${need[@]}"; }
fi
ok "dbus, polkitd, pkexec, xvfb, desktop-file-utils, shared-mime-info installed"

step "build and install the package"
if [[ ${PACKAGE_TEST_SKIP_BUILD:-0} != 1 ]]; then
  mvn -B -q -Pdeb package
fi
deb=$(ls target/checkpoint-inspector_*.deb)
mkdir -p "$out"
# --no-install-recommends: the Recommends (podman, criu) are already here from setup-runtime.sh, whose CRIU 4.1
# must not be replaced by Debian 12's criu 3.17 (which does not work on recent kernels).
apt-get install -y -q --no-install-recommends "./$deb" >"$out/apt-install.log" 2>&1 \
  || { cat "$out/apt-install.log"; exit 1; }
ok "apt-get install ./$deb ($(du -h "$deb" | cut -f1))"
dpkg -L checkpoint-inspector >"$out/files.txt"
echo "  $(wc -l <"$out/files.txt") paths installed"

step "installed files"
[[ $(readlink -f "$(command -v checkpoint-inspector)") == /usr/lib/checkpoint-inspector/checkpoint-inspector ]] \
  && ok "checkpoint-inspector on PATH" || bad "checkpoint-inspector is not on PATH"
if desktop-file-validate "$desktop"; then ok "desktop-file-validate $desktop"; else bad "desktop-file-validate"; fi
grep -q '^Exec=checkpoint-inspector %F$' "$desktop" && grep -q '^MimeType=.*application/x-container-checkpoint;' "$desktop" \
  && ok ".desktop: Exec with %F, MimeType" || bad ".desktop Exec/MimeType"
for s in 16 24 32 48 64 128 256; do
  [[ -f /usr/share/icons/hicolor/${s}x$s/apps/checkpoint-inspector.png ]] || bad "icon ${s}x$s missing"
done
[[ -f /usr/share/icons/hicolor/scalable/apps/checkpoint-inspector.svg ]] && ok "hicolor icons 16-256 px + scalable SVG" \
  || bad "scalable icon missing"
fixtures=$repo/src/test/resources/fixtures
# By content, so the copies have no extension (GIO types a name ending in .tar by its name alone).
sniff() { gio info -a standard::content-type "$1" | awk '/content-type/ { print $2 }'; }
cp "$fixtures/podman-none.tar" "$out/podman-none"
type_none=$(sniff "$out/podman-none")
# An OCI archive's checkpoint annotations are in its manifest blob, whose place among the blobs is set by its
# digest; the fixture's lies after the layer, so it is repacked here with the manifest first (as a small
# checkpoint image can come out of podman image save).
oci_dir=$out/oci
rm -rf "$oci_dir" && mkdir -p "$oci_dir/x"
tar xf "$fixtures/oci-archive.tar" -C "$oci_dir/x"
manifest=$(grep -l 'io.podman.annotations.checkpoint' "$oci_dir"/x/blobs/sha256/* | head -1)
m=blobs/sha256/${manifest##*/}
(cd "$oci_dir/x" && tar cf ../early-manifest --no-recursion "$m" $(ls blobs/sha256/* | grep -v "$m") oci-layout \
  index.json)
type_oci=$(sniff "$oci_dir/early-manifest")
type_plain=$(cd "$out" && tar cf plain apt-install.log && sniff plain)
[[ $type_none == application/x-container-checkpoint ]] && ok "MIME: a checkpoint tar is $type_none" \
  || bad "MIME: a checkpoint tar is $type_none"
[[ $type_oci == application/x-container-checkpoint-image ]] && ok "MIME: an OCI checkpoint image is $type_oci" \
  || bad "MIME: an OCI checkpoint image is $type_oci"
[[ $type_plain == application/x-tar ]] && ok "MIME: an ordinary tar stays $type_plain" || bad "MIME: plain tar is $type_plain"
helper_path=$(sed -n 's:.*org.freedesktop.policykit.exec.path">\(.*\)</annotate>.*:\1:p' \
  /usr/share/polkit-1/actions/$action.policy)
[[ $helper_path == /usr/libexec/checkpoint-inspector/checkpoint-inspector-helper && -x $helper_path ]] \
  && ok "polkit action $action: exec.path $helper_path is installed" || bad "polkit exec.path '$helper_path'"
helper_jar=/usr/lib/checkpoint-inspector/helper/checkpoint-inspector-helper.jar
forbidden=$(jar tf "$helper_jar" | grep -Ec '^(picocli/|javafx/|org/controlsfx/|io/checkpointinspector/(ui|cli)/)' || true)
if [[ $forbidden != 0 ]]; then
  bad "the helper jar holds picocli, JavaFX, ControlsFX or the window/CLI"
else
  ok "helper jar ($(du -h "$helper_jar" | cut -f1)): no picocli, JavaFX, ControlsFX, ui or cli classes"
fi

step "system bus and polkitd"
if ! dbus-send --system --dest=org.freedesktop.DBus --print-reply /org/freedesktop/DBus \
    org.freedesktop.DBus.ListNames >/dev/null 2>&1; then
  mkdir -p /run/dbus
  rm -f /run/dbus/pid
  dbus-daemon --system --fork
  started_dbus=1
fi
polkit_up() {
  dbus-send --system --dest=org.freedesktop.DBus --print-reply /org/freedesktop/DBus \
    org.freedesktop.DBus.ListNames 2>/dev/null | grep -q org.freedesktop.PolicyKit1
}
if ! polkit_up; then
  /usr/lib/polkit-1/polkitd --no-debug >"$out/polkitd.log" 2>&1 &
  polkit_pid=$!
  started_polkit=1
  for _ in $(seq 50); do polkit_up && break; sleep 0.2; done
fi
polkit_up && ok "system bus and polkitd (started here: bus $started_dbus, polkitd $started_polkit)" \
  || { bad "polkitd is not on the system bus"; exit 1; }
pkaction --action-id $action >/dev/null 2>&1 && ok "polkitd knows $action" || bad "polkitd does not know $action"

step "test user $user and a running container"
if ! id "$user" >/dev/null 2>&1; then
  useradd -m -s /bin/bash "$user"
  made_user=1
fi
rm -f "$rule"
podman rm -f "$container" "$restored" >/dev/null 2>&1 || true
podman run -d --name "$container" --runtime runc --network none localhost/ci-busybox:latest \
  sh -c 'i=0; while true; do i=$((i+1)); echo $i > /tmp/count.new; mv /tmp/count.new /tmp/count; sleep 0.2; done' >/dev/null
ok "container $container counts in /tmp/count"

step "without a polkit rule: refused, quickly, in words"
start=$(date +%s%N)
set +e
as_user timeout 60 checkpoint-inspector containers >"$out/refused.out" 2>"$out/refused.err"
code=$?
set -e
took=$((($(date +%s%N) - start) / 1000000))
cat "$out/refused.err" | sed 's/^/        /'
if [[ $code != 0 && $code != 124 ]] && grep -qi 'authorisation was refused' "$out/refused.err" \
    && ! grep -Eq 'Exception|^\s+at ' "$out/refused.err" && [[ $took -lt 20000 ]]; then
  ok "checkpoint-inspector containers as $user: exit $code after $took ms, says authorisation was refused"
else
  bad "checkpoint-inspector containers as $user: exit $code after $took ms"
fi
set +e
as_user timeout 120 xvfb-run -a checkpoint-inspector --smoke-test containers --screenshot "$home/refused.png" \
  >"$out/window-refused.out" 2>"$out/window-refused.err"
code=$?
set -e
sed 's/^/        /' "$out/window-refused.out"
cp "$home/refused.png" "$out/containers-refused.png" 2>/dev/null || true
if [[ $code == 0 ]] && grep -q 'containers window: .*authorisation was refused' "$out/window-refused.out"; then
  ok "the Containers window as $user says authorisation was refused (screenshot $out/containers-refused.png)"
else
  bad "the Containers window as $user (exit $code): $(tail -3 "$out/window-refused.err")"
fi

step "with a rule granting only $action to $user"
cat >"$rule" <<EOF
// Made by src/test/scripts/package-test.sh for one test run; removed at its end.
polkit.addRule(function(action, subject) {
    if (action.id == "$action" && subject.user == "$user") {
        return polkit.Result.YES;
    }
});
EOF
chmod 644 "$rule"
# polkitd reloads rules when the folder changes; wait until the grant is seen
for _ in $(seq 50); do
  # shellcheck disable=SC2016 # $$ is the user's shell
  as_user sh -c 'pkcheck --action-id '"$action"' --process $$' >/dev/null 2>&1 && break
  sleep 0.2
done
if as_user timeout 120 checkpoint-inspector containers >"$out/list.out" 2>"$out/list.err" \
    && grep -q "$container" "$out/list.out"; then
  ok "containers as $user lists $container"
  sed 's/^/        /' "$out/list.out"
else
  bad "containers as $user: $(cat "$out/list.err")"
fi
archive=$home/$prefix-checkpoint.tar.zst
rm -f "$archive"
before=$(podman exec "$container" cat /tmp/count)
if as_user timeout 300 checkpoint-inspector checkpoint "$container" --export "$archive" >"$out/checkpoint.out" 2>&1; then
  ok "checkpoint $container --export $archive as $user (count was at least $before)"
else
  bad "checkpoint as $user: $(tail -5 "$out/checkpoint.out")"
fi
owner=$(stat -c %U "$archive" 2>/dev/null || echo missing)
[[ $owner == "$user" ]] && ok "$archive ($(stat -c %s "$archive") bytes) is owned by $owner" \
  || bad "$archive is owned by $owner"
if as_user checkpoint-inspector inspect --format json "$archive" >"$out/inspect.json" 2>"$out/inspect.err" \
    && grep -q "\"name\" : \"$container\"" "$out/inspect.json" && grep -q '"comm" : "sh"' "$out/inspect.json"; then
  ok "inspect as $user reads the checkpoint: container $container, its processes"
else
  bad "inspect of $archive: $(cat "$out/inspect.err")"
fi
set +e
as_user timeout 120 xvfb-run -a checkpoint-inspector --smoke-test open "$archive" --screenshot "$home/opened.png" \
  >"$out/window-open.out" 2>"$out/window-open.err"
code=$?
set -e
cp "$home/opened.png" "$out/window-opened.png" 2>/dev/null || true
if [[ $code == 0 ]] && grep -q "^opened: $archive: container $container, [1-9][0-9]* processes" "$out/window-open.out"; then
  ok "the window as $user opens the checkpoint: $(grep '^opened:' "$out/window-open.out" | sed 's/^opened: [^:]*: //')"
else
  bad "the window as $user did not open $archive (exit $code): $(tail -2 "$out/window-open.out") $(tail -2 "$out/window-open.err")"
fi
if as_user timeout 300 checkpoint-inspector restore "$archive" --name "$restored" >"$out/restore.out" 2>&1; then
  ok "restore $archive --name $restored as $user"
else
  bad "restore as $user: $(tail -5 "$out/restore.out")"
fi
sleep 1
c1=$(podman exec "$restored" cat /tmp/count 2>/dev/null || echo 0)
sleep 1
c2=$(podman exec "$restored" cat /tmp/count 2>/dev/null || echo 0)
if [[ $c1 -ge $before && $c2 -gt $c1 ]]; then
  ok "the count goes on in $restored: $before at checkpoint, then $c1, then $c2"
else
  bad "the count in $restored: before $before, after $c1, $c2"
fi
set +e
as_user timeout 120 xvfb-run -a checkpoint-inspector --smoke-test containers --screenshot "$home/granted.png" \
  >"$out/window-granted.out" 2>"$out/window-granted.err"
code=$?
set -e
cp "$home/granted.png" "$out/containers-granted.png" 2>/dev/null || true
if [[ $code == 0 ]] && grep -q "containers window: $restored" "$out/window-granted.out"; then
  ok "the Containers window as $user lists $restored"
else
  bad "the Containers window with the rule (exit $code): $(tail -3 "$out/window-granted.err")"
fi

step "containerd through the same helper, as $user"
ctr_remove
if ctr run --detach localhost/ci-busybox:latest "$ctr_container" sh -c \
    'i=0; while true; do i=$((i+1)); echo $i > /tmp/count.new; mv /tmp/count.new /tmp/count; sleep 0.2; done' \
    >"$out/ctr-run.out" 2>&1; then
  ok "ctr run: $ctr_container counts in /tmp/count"
else
  bad "ctr run $ctr_container: $(tail -3 "$out/ctr-run.out")"
fi
sleep 1
if as_user timeout 120 checkpoint-inspector containers >"$out/ctr-list.out" 2>"$out/ctr-list.err" \
    && grep -E " $ctr_container +containerd " "$out/ctr-list.out" >/dev/null; then
  ok "containers as $user lists $ctr_container with runtime containerd"
else
  bad "containers as $user with containerd: $(cat "$out/ctr-list.err") $(grep "$ctr_container" "$out/ctr-list.out")"
fi
set +e
as_user timeout 120 xvfb-run -a checkpoint-inspector --smoke-test containers --screenshot "$home/ctr.png" \
  >"$out/window-ctr.out" 2>"$out/window-ctr.err"
code=$?
set -e
cp "$home/ctr.png" "$out/containers-containerd.png" 2>/dev/null || true
if [[ $code == 0 ]] && grep -q "containers window: $ctr_container" "$out/window-ctr.out" \
    && grep -q "containers window: containerd" "$out/window-ctr.out"; then
  ok "the Containers window as $user lists $ctr_container, runtime containerd (screenshot $out/containers-containerd.png)"
else
  bad "the Containers window with containerd (exit $code): $(tail -3 "$out/window-ctr.err")"
fi
ctr_archive=$home/$prefix-ctr-checkpoint.tar
rm -f "$ctr_archive"
ctr_before=$(ctr_count "$ctr_container")
if as_user timeout 300 checkpoint-inspector checkpoint "$ctr_container" --runtime containerd \
    --create-image "$ctr_ref" --export "$ctr_archive" >"$out/ctr-checkpoint.out" 2>&1; then
  ok "checkpoint --runtime containerd $ctr_container --export $ctr_archive as $user (count was $ctr_before)"
  sed 's/^/        /' "$out/ctr-checkpoint.out"
else
  bad "containerd checkpoint as $user: $(tail -5 "$out/ctr-checkpoint.out")"
fi
owner=$(stat -c %U "$ctr_archive" 2>/dev/null || echo missing)
[[ $owner == "$user" ]] && ok "$ctr_archive ($(stat -c %s "$ctr_archive") bytes) is owned by $owner" \
  || bad "$ctr_archive is owned by $owner"
if ctr images ls -q 2>/dev/null | grep -qx "$ctr_ref"; then
  ok "the checkpoint image $ctr_ref is in containerd's store"
else
  bad "no checkpoint image $ctr_ref in containerd's store"
fi
if as_user checkpoint-inspector inspect --format json "$ctr_archive" >"$out/ctr-inspect.json" 2>"$out/ctr-inspect.err" \
    && grep -q '"engine" : "containerd"' "$out/ctr-inspect.json" && grep -q '"comm" : "sh"' "$out/ctr-inspect.json"; then
  ok "inspect as $user reads the containerd export: engine containerd, its processes"
else
  bad "inspect of $ctr_archive: $(cat "$out/ctr-inspect.err")"
fi
if as_user timeout 300 checkpoint-inspector restore "$ctr_archive" --runtime containerd --name "$ctr_restored" \
    >"$out/ctr-restore.out" 2>&1; then
  ok "restore --runtime containerd $ctr_archive --name $ctr_restored as $user"
else
  bad "containerd restore as $user: $(tail -5 "$out/ctr-restore.out")"
fi
sleep 1
c1=$(ctr_count "$ctr_restored")
sleep 1
c2=$(ctr_count "$ctr_restored")
if [[ $c1 -ge $ctr_before && $c2 -gt $c1 ]]; then
  ok "the count goes on in $ctr_restored: $ctr_before at checkpoint, then $c1, then $c2"
else
  bad "the count in $ctr_restored: before $ctr_before, after $c1, $c2"
fi
ctr_remove
rm -f "$ctr_archive"

rm -f "$rule"
ok "rule $rule removed"

step "the installed command line and window"
cp "$fixtures/podman-none.tar" "$home/fixture.tar"
chown "$user:" "$home/fixture.tar"
if as_user checkpoint-inspector inspect --format json "$home/fixture.tar" >"$out/fixture.json" 2>"$out/fixture.err" \
    && grep -q '"name" : "ci-fixture"' "$out/fixture.json"; then
  ok "inspect of the fixture as $user: $(grep -c '"pid" :' "$out/fixture.json") processes, container ci-fixture"
else
  bad "inspect of the fixture: $(cat "$out/fixture.err")"
fi
set +e
as_user timeout 60 xvfb-run -a checkpoint-inspector --smoke-test --screenshot "$home/welcome.png" \
  >"$out/smoke.out" 2>"$out/smoke.err"
code=$?
set -e
cp "$home/welcome.png" "$out/welcome.png" 2>/dev/null || true
if [[ $code == 0 ]] && grep -q '^first frame: ' "$out/smoke.out"; then
  ok "checkpoint-inspector --smoke-test under xvfb-run: $(grep '^first frame' "$out/smoke.out")"
else
  bad "smoke test (exit $code): $(tail -3 "$out/smoke.err")"
fi

step "purge"
podman rm -f "$container" "$restored" >/dev/null 2>&1 || true
apt-get purge -y -q checkpoint-inspector >"$out/purge.log" 2>&1
left=0
while read -r path; do
  # folders shared with other packages (/usr/bin, /usr/share/icons/...) stay; our files and folders must not
  if [[ -e $path || -L $path ]] && ! { [[ -d $path ]] && dpkg -S "$path" >/dev/null 2>&1; }; then
    echo "        left behind: $path"
    left=$((left + 1))
  fi
done < <(grep -v '^/\.$' "$out/files.txt")
for d in /usr/lib/checkpoint-inspector /usr/libexec/checkpoint-inspector /usr/share/doc/checkpoint-inspector; do
  [[ -e $d ]] && { echo "        left behind: $d"; left=$((left + 1)); }
done
[[ $left == 0 ]] && ok "apt-get purge left none of the $(wc -l <"$out/files.txt") paths" || bad "purge left $left paths"

echo
echo "package-test.sh: $passes passed, $failures failed (logs and screenshots in $out)"
[[ $failures == 0 ]]
