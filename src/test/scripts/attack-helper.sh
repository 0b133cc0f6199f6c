#!/usr/bin/env bash
# The helper runs as root for a user: attack it as a real non-root user and count what got through.
#
#   sudo bash src/test/scripts/attack-helper.sh HELPER-COMMAND...
#   e.g. sudo bash src/test/scripts/attack-helper.sh java -cp "$CP" io.checkpointinspector.helper.HelperMain
#
# Starts the helper as pkexec would (root, PKEXEC_UID = the Linux user ci-attacker, created here if missing),
# speaks its protocol on a pipe and tries each attack of issue 13. An attack counts as refused when the helper
# answers it with a refusal and nothing was written, read or restored outside the contract; the last line says
# "N attacks, N refused, 0 escapes" and the exit code is 0 only then. Needs root, podman and the busybox image of
# setup-runtime.sh (for the restore attacks, which must be stopped before podman runs).
set -uo pipefail
cd "$(dirname "$0")/../../.."

[ "$(id -u)" -eq 0 ] || { echo "attack-helper.sh: run as root" >&2; exit 2; }
[ $# -gt 0 ] || { echo "usage: attack-helper.sh HELPER-COMMAND..." >&2; exit 2; }

USER_NAME=ci-attacker
id -u "$USER_NAME" >/dev/null 2>&1 || useradd --create-home --shell /bin/sh "$USER_NAME"
UID_A=$(id -u "$USER_NAME")
HOME_A=$(getent passwd "$USER_NAME" | cut -d: -f6)
FIXTURE=$PWD/src/test/resources/fixtures/podman-none.tar
PODMAN=/usr/bin/podman
MARK=I13-ROOT-ONLY-SECRET-$$

WORK=$HOME_A/i13-attack            # the attacker's own folder
ROOTDIR=/var/tmp/i13-attack-root   # root's, 0700
VICTIM=/var/tmp/i13-attack-victim  # stands for another user's home (nobody's, 0700)
LOG=$(mktemp -d /tmp/i13-attack-log.XXXXXX)
cleanup() {
  [ -n "${SWAPPER:-}" ] && { touch "$WORK/stop"; wait "$SWAPPER"; }
  [ -n "${HELPER_PID:-}" ] && kill "$HELPER_PID" 2>/dev/null
  rm -rf "$WORK" "$ROOTDIR" "$VICTIM" /root/i13-attack-secret.tar
  $PODMAN rm --force --ignore i13-attack-existing >/dev/null 2>&1
  userdel --remove "$USER_NAME" >/dev/null 2>&1
  rm -rf "$LOG"
}
trap cleanup EXIT
rm -rf "$WORK" "$ROOTDIR" "$VICTIM"
install -d -o "$USER_NAME" -g "$USER_NAME" -m 0755 "$WORK"
install -d -o root -g root -m 0700 "$ROOTDIR"
install -d -o nobody -g nogroup -m 0700 "$VICTIM"
printf '%s\n' "$MARK" > "$ROOTDIR/secret.tar"; chmod 0600 "$ROOTDIR/secret.tar"
cp "$ROOTDIR/secret.tar" /root/i13-attack-secret.tar
as_user() { runuser -u "$USER_NAME" -- "$@"; }

# What must not change, recorded before.
shadow_before=$(sha256sum /etc/shadow)
ours() { $PODMAN ps -a --format '{{.Names}}' 2>/dev/null | grep -E '^i13-a' | grep -v '^i13-attack-existing$' | sort | tr '\n' ' '; }
containers_before=$(ours)

coproc HELPER { PKEXEC_UID=$UID_A exec "$@" 2>"$LOG/helper.err"; }
HELPER_PID=$HELPER_PID
exec 3>&"${HELPER[1]}" 4<&"${HELPER[0]}"
: > "$LOG/helper.out"

attacks=0; refused=0; escapes=0
ANSWER=""
# ask ID JSON: sends one request line, waits (60 s at most) for the request's final answer line in ANSWER.
ask() {
  printf '%s\n' "$2" >&3
  await "$1"
}
await() {
  local line
  ANSWER=""
  while IFS= read -r -t 120 line <&4; do
    printf '%s\n' "$line" >> "$LOG/helper.out"
    case "$line" in
      *"\"id\":\"$1\",\"type\":\"progress\""*) ;;
      *"\"id\":\"$1\","*) ANSWER=$line; return 0 ;;
      *"\"id\":null,"*) [ "$1" = null ] && { ANSWER=$line; return 0; } ;;
    esac
  done
  return 1
}
code_of() { sed -n 's/.*"code":"\([a-z-]*\)".*/\1/p' <<<"$1"; }
# verdict NAME EXPECTED-CODES [ESCAPE-CHECK-COMMAND]: counts one attack.
verdict() {
  local name=$1 codes=$2 check=${3:-true} code
  attacks=$((attacks + 1))
  code=$(code_of "$ANSWER")
  if [ -n "$code" ] && [[ " $codes " == *" $code "* ]] && eval "$check"; then
    refused=$((refused + 1))
    printf 'refused  %-58s %s\n' "$name" "$(sed -n 's/.*"message":"\([^"]\{0,110\}\).*/\1/p' <<<"$ANSWER")"
  else
    escapes=$((escapes + 1))
    printf 'ESCAPE   %-58s answer: %s\n' "$name" "${ANSWER:0:300}"
  fi
}
absent() { [ ! -e "$1" ] && [ ! -L "$1" ]; }
rootdir_clean() { [ "$(ls -A "$ROOTDIR")" = secret.tar ]; }

ask h0 '{"id":"h0","verb":"hello"}' || { echo "the helper did not answer hello" >&2; cat "$LOG/helper.err" >&2; exit 1; }
grep -q "\"callerUid\":$UID_A" <<<"$ANSWER" || { echo "the helper does not act for uid $UID_A: $ANSWER" >&2; exit 1; }

# 1. export through a symlinked folder
ln -s "$ROOTDIR" "$WORK/link"; chown -h "$USER_NAME:" "$WORK/link"
ask a1 "{\"id\":\"a1\",\"verb\":\"checkpoint\",\"container\":\"i13-none\",\"export\":\"$WORK/link/x.tar\"}"
verdict "export through a symlinked folder" refused "absent $ROOTDIR/x.tar && rootdir_clean"

# 2. the folder swapped for a symlink between check and create, 60 tries while the attacker swaps it
as_user sh -c "cd '$WORK' && while [ ! -e stop ]; do rm -rf swap; mkdir swap; rm -rf swap; \
  ln -s '$ROOTDIR' swap; done" >/dev/null 2>&1 &
SWAPPER=$!
race_refused=0; race_failed=0; race_other=0
for i in $(seq 1 60); do
  ask "r$i" "{\"id\":\"r$i\",\"verb\":\"checkpoint\",\"container\":\"i13-none\",\"export\":\"$WORK/swap/x$i.tar\"}"
  case "$(code_of "$ANSWER")" in
    refused) race_refused=$((race_refused + 1)) ;;
    failed) race_failed=$((race_failed + 1)) ;;   # the folder was the user's own both times: podman found no container
    *) race_other=$((race_other + 1)) ;;
  esac
done
touch "$WORK/stop"; wait "$SWAPPER" 2>/dev/null; SWAPPER=""; rm -rf "$WORK/swap" "$WORK/stop"
ANSWER="{\"code\":\"refused\",\"message\":\"60 tries: $race_refused refused, $race_failed reached podman in the user's own folder, $race_other other\"}"
verdict "folder swapped for a symlink between check and create" refused \
  "rootdir_clean && [ $race_other -eq 0 ] && [ $race_refused -gt 0 ]"

# 3. a hard link to a root-owned file (made by root here: fs.protected_hardlinks stops the user making it)
ln "$ROOTDIR/secret.tar" "$WORK/hardlink.tar"
ask a3 "{\"id\":\"a3\",\"verb\":\"restore\",\"archive\":\"$WORK/hardlink.tar\",\"name\":\"i13-a3\"}"
verdict "restore from a hard link to a root-only file" refused
ask a3b "{\"id\":\"a3b\",\"verb\":\"checkpoint\",\"container\":\"i13-none\",\"export\":\"$WORK/hardlink.tar\"}"
verdict "export onto a hard link to a root-only file" refused "grep -q '$MARK' $ROOTDIR/secret.tar"
rm -f "$WORK/hardlink.tar"

# 4. paths under another user's home
ask a4 '{"id":"a4","verb":"checkpoint","container":"i13-none","export":"/root/i13-attack-x.tar"}'
verdict "export into root's home" refused "absent /root/i13-attack-x.tar"
ask a4b "{\"id\":\"a4b\",\"verb\":\"checkpoint\",\"container\":\"i13-none\",\"export\":\"$VICTIM/x.tar\"}"
verdict "export into another user's home" refused "absent $VICTIM/x.tar"
ask a4c '{"id":"a4c","verb":"restore","archive":"/root/i13-attack-secret.tar","name":"i13-a4c"}'
verdict "restore from root's home" refused

# 5. /proc/self/...
ask a5 '{"id":"a5","verb":"checkpoint","container":"i13-none","export":"/proc/self/cwd/i13-x.tar"}'
verdict "export to /proc/self/cwd/..." refused "absent /i13-x.tar"
ask a5b '{"id":"a5b","verb":"checkpoint","container":"i13-none","export":"/proc/self/fd/1"}'
verdict "export to /proc/self/fd/1 (the protocol pipe)" refused
ask a5c '{"id":"a5c","verb":"restore","archive":"/proc/self/root/etc/shadow","name":"i13-a5c"}'
verdict "restore from /proc/self/root/etc/shadow" refused
ask a5d '{"id":"a5d","verb":"restore","archive":"/proc/self/environ","name":"i13-a5d"}'
verdict "restore from /proc/self/environ" refused
ask a5e "{\"id\":\"a5e\",\"verb\":\"restore\",\"archive\":\"/proc/1/root$ROOTDIR/secret.tar\",\"name\":\"i13-a5e\"}"
verdict "restore from /proc/1/root/... of a root-only file" refused

# 6. restore of a file the user cannot read
ask a6 "{\"id\":\"a6\",\"verb\":\"restore\",\"archive\":\"$ROOTDIR/secret.tar\",\"name\":\"i13-a6\"}"
verdict "restore from a root-only file" refused

# 7. crafted archives (the real fixture with one thing changed), readable by the user
mkdir -p "$WORK/orig.d"; tar -xf "$FIXTURE" -C "$WORK/orig.d"
craft() {  # craft NAME: unpacks the fixture into $WORK/NAME.d, the caller edits it, pack NAME packs it
  rm -rf "$WORK/$1.d"; mkdir -p "$WORK/$1.d"; tar -xf "$FIXTURE" -C "$WORK/$1.d"
}
pack() {
  if diff -rq --no-dereference "$WORK/orig.d" "$WORK/$1.d" >/dev/null; then
    echo "attack-helper.sh: crafting $1 changed nothing; the fixture's format moved" >&2; exit 1
  fi
  tar -C "$WORK/$1.d" -cf "$WORK/$1.tar" . && chown "$USER_NAME:" "$WORK/$1.tar" && rm -rf "$WORK/$1.d"
}
craft priv; sed -i 's/"privileged": *false/"privileged":true/' "$WORK/priv.d/config.dump"; pack priv
ask a7 "{\"id\":\"a7\",\"verb\":\"restore\",\"archive\":\"$WORK/priv.tar\",\"name\":\"i13-a7\"}"
verdict "restore of an archive asking for privileged" privileged "! $PODMAN container exists i13-a7"
craft mnt; sed -i 's|"mounts": *\[|"mounts":[{"destination":"/host","type":"bind","source":"/","options":["rbind"]},|' \
  "$WORK/mnt.d/spec.dump"; pack mnt
ask a7b "{\"id\":\"a7b\",\"verb\":\"restore\",\"archive\":\"$WORK/mnt.tar\",\"name\":\"i13-a7b\"}"
verdict "restore of an archive bind-mounting the host's /" privileged "! $PODMAN container exists i13-a7b"
craft caps; sed -i '0,/"CAP_CHOWN",/s//"CAP_SYS_ADMIN","CAP_CHOWN",/' "$WORK/caps.d/spec.dump"; pack caps
ask a7c "{\"id\":\"a7c\",\"verb\":\"restore\",\"archive\":\"$WORK/caps.tar\",\"name\":\"i13-a7c\"}"
verdict "restore of an archive adding CAP_SYS_ADMIN" privileged "! $PODMAN container exists i13-a7c"
craft pidns; sed -z -i 's/{\s*"type": *"pid"\s*},//' "$WORK/pidns.d/spec.dump"; pack pidns
ask a7d "{\"id\":\"a7d\",\"verb\":\"restore\",\"archive\":\"$WORK/pidns.tar\",\"name\":\"i13-a7d\"}"
verdict "restore of an archive in the host's pid namespace" privileged "! $PODMAN container exists i13-a7d"
craft diff
mkdir -p "$WORK/diff.d/src/evil2"; echo pwned > "$WORK/diff.d/src/evil2/i13-pwned"; ln -s /etc "$WORK/diff.d/src/evil"
tar -C "$WORK/diff.d/src" --transform 's,^evil2/,evil/,' -cf "$WORK/diff.d/rootfs-diff.tar" evil evil2/i13-pwned
rm -rf "$WORK/diff.d/src"; pack diff
ask a7e "{\"id\":\"a7e\",\"verb\":\"restore\",\"archive\":\"$WORK/diff.tar\",\"name\":\"i13-a7e\",\"allowPrivileged\":true}"
verdict "restore of a rootfs diff writing through a symlink to /etc" refused "absent /etc/i13-pwned"
craft del; printf '["../../../../../../root/i13-attack-secret.tar"]' > "$WORK/del.d/deleted.files"; pack del
ask a7f "{\"id\":\"a7f\",\"verb\":\"restore\",\"archive\":\"$WORK/del.tar\",\"name\":\"i13-a7f\",\"allowPrivileged\":true}"
verdict "restore of deleted.files climbing out of the container" refused "[ -e /root/i13-attack-secret.tar ]"

# 8. names, ports and images outside podman's grammar; a name that exists already
cp "$FIXTURE" "$WORK/plain.tar"; chown "$USER_NAME:" "$WORK/plain.tar"
$PODMAN create --name i13-attack-existing --network none localhost/ci-busybox true >/dev/null
ask a8 "{\"id\":\"a8\",\"verb\":\"restore\",\"archive\":\"$WORK/plain.tar\",\"name\":\"i13-attack-existing\"}"
verdict "restore under a name that exists already" refused \
  "[ \"\$($PODMAN inspect --format '{{.State.Status}}' i13-attack-existing)\" = created ]"
ask a8b "{\"id\":\"a8b\",\"verb\":\"restore\",\"archive\":\"$WORK/plain.tar\",\"name\":\"--privileged\"}"
verdict "restore --name starting with '-'" refused
ask a8c "{\"id\":\"a8c\",\"verb\":\"restore\",\"archive\":\"$WORK/plain.tar\",\"name\":\"x\",\"publishPorts\":[\"1:2:3:4\"]}"
verdict "restore --publish outside podman's grammar" refused
ask a8d '{"id":"a8d","verb":"checkpoint","container":"i13-none","createImage":"Evil/Image:--x"}'
verdict "checkpoint --create-image outside podman's grammar" refused

# 9. a 100,000-character line, garbage lines
printf '{"id":"big","verb":"hello","pad":"%s"}\n' "$(head -c 100000 /dev/zero | tr '\0' x)" >&3
await null; verdict "a 100,000-character line" bad-request
for g in 'garbage' '{"id":' $'\x01\x02\x03' '[]' '{"id":"g","verb":"exec","cmd":"sh"}' \
         '{"id":"g2","verb":"hello","verb":"list"}'; do
  printf '%s\n' "$g" >&3
  case "$g" in *'"id":"g"'*) await g ;; *'"id":"g2"'*) await null ;; *) await null ;; esac
  verdict "garbage line: ${g:0:40}" bad-request
done

# 10. 1,000 requests in a burst: each answered, at most a few run, the helper still serves afterwards
burst=""
for i in $(seq 1 1000); do burst+="{\"id\":\"b$i\",\"verb\":\"list\"}"$'\n'; done
printf '%s' "$burst" >&3
busy=0; answered=0
while [ $answered -lt 1000 ] && IFS= read -r -t 120 line <&4; do
  case "$line" in
    *'"type":"progress"'*) ;;
    *'"id":"b'*) answered=$((answered + 1)); [[ "$line" == *'"code":"busy"'* ]] && busy=$((busy + 1)) ;;
  esac
done
ask h1 '{"id":"h1","verb":"hello"}'
hello_after=$(grep -c '"type":"result"' <<<"$ANSWER")
ANSWER="{\"code\":\"busy\",\"message\":\"$answered of 1000 answered, $busy busy, the rest run; hello afterwards answered: $hello_after\"}"
verdict "1,000 requests in a burst" busy "[ $answered -eq 1000 ] && [ $busy -ge 900 ] && [ $hello_after -eq 1 ]"

# 11. a half line: no newline within the helper's 10 s, it answers and closes the connection
printf '{"id":"half","verb":"hel' >&3
t0=$(date +%s)
await null; t1=$(date +%s)
verdict "a half-sent line left hanging" bad-request \
  "grep -q 'no newline within' <<<\"\$ANSWER\" && [ $((t1 - t0)) -ge 9 ]"
exec 3>&-
wait "$HELPER_PID" 2>/dev/null; HELPER_PID=""

# Nothing outside the contract: root's files untouched and never sent back, no container restored.
attacks=$((attacks + 1))
containers_after=$(ours)
if [ "$(sha256sum /etc/shadow)" = "$shadow_before" ] && rootdir_clean && [ "$containers_after" = "$containers_before" ] \
   && ! grep -q "$MARK" "$LOG/helper.out" "$LOG/helper.err" && absent /etc/i13-pwned; then
  refused=$((refused + 1)); echo "refused  nothing changed or leaked: /etc/shadow, $ROOTDIR, containers, helper output"
else
  escapes=$((escapes + 1)); echo "ESCAPE   something outside the contract changed or leaked"
fi
echo "helper log: $(wc -l < "$LOG/helper.err") lines, $(grep -c -- '-> ' "$LOG/helper.err") outcomes"
echo "$attacks attacks, $refused refused, $escapes escapes"
[ $escapes -eq 0 ] && [ $refused -eq $attacks ]
