#!/bin/sh
# Builds target/checkpoint-inspector_VERSION_ARCH.deb from the jars `mvn package` made. Run by the Maven profile:
#   mvn -B -Pdeb package          (calls: build-deb.sh BASEDIR TARGET VERSION JDK)
#
# The package carries its own Java runtime, jlinked from the build JDK's jmods: it does not depend on the user's
# Java, and the class-data-sharing archive built here is always valid for the runtime beside it (an archive made
# for one JDK build is refused by any other, which would make every start silently slow after a JDK update).
# Layout (every path fixed; the helper's launcher and the polkit action name them):
#   /usr/bin/checkpoint-inspector                      -> ../lib/checkpoint-inspector/checkpoint-inspector
#   /usr/lib/checkpoint-inspector/                     launcher, app jar, its CDS archive, native libraries, runtime/
#   /usr/lib/checkpoint-inspector/helper/              the helper jar: all that root runs
#   /usr/libexec/checkpoint-inspector/checkpoint-inspector-helper   the launcher pkexec runs as root
#   /usr/share/{applications,icons/hicolor,mime/packages,polkit-1/actions,doc/checkpoint-inspector}
set -eu

base=$1 target=$2 version=$3 jdk=$4
name=checkpoint-inspector
lib_dir=/usr/lib/$name

# The modules the app needs: `jdeps --print-module-deps --ignore-missing-deps` on the app jar, plus those
# loaded only by reflection or by JavaFX's native side (java.desktop's AWT pieces for drag and drop and fonts,
# java.logging for System.Logger, java.management for the JVM's own start time, java.xml for preferences).
modules=java.base,java.desktop,java.datatransfer,java.logging,java.management,java.prefs,java.sql,java.xml,jdk.jfr,jdk.unsupported,jdk.unsupported.desktop,jdk.zipfs

fail() {
  echo "build-deb: $*" >&2
  exit 1
}

[ -x "$jdk/bin/jlink" ] || fail "no jlink in $jdk (a JDK 17 is needed)"
[ -d "$jdk/jmods" ] || fail "no jmods in $jdk (Debian: apt-get install openjdk-17-jdk-headless)"
command -v dpkg-deb >/dev/null || fail "dpkg-deb is missing"
app_jar=$target/$name.jar
helper_jar=$target/$name-helper.jar
[ -f "$app_jar" ] && [ -f "$helper_jar" ] || fail "run mvn package first ($app_jar, $helper_jar)"

arch=$(dpkg --print-architecture)
# Debian orders 0.1.0~snapshot before 0.1.0
deb_version=$(printf '%s' "$version" | sed 's/-SNAPSHOT$/~snapshot/')
work=$target/deb
root=$work/root
lib=$root$lib_dir
rm -rf "$work"
mkdir -p "$lib/helper" "$root/usr/bin" "$root/usr/libexec/$name" "$root/usr/share/applications" \
  "$root/usr/share/mime/packages" "$root/usr/share/polkit-1/actions" "$root/usr/share/doc/$name" "$root/DEBIAN"

echo "build-deb: jlink runtime ($modules)"
"$jdk/bin/jlink" --add-modules "$modules" --strip-debug --no-header-files --no-man-pages \
  --generate-cds-archive --output "$lib/runtime"
# keytool and friends are not needed, only java is started; the archive for -XX:-UseCompressedOops (heaps over
# 32 GB) neither; libjvm's symbol table is not needed to run
find "$lib/runtime/bin" -type f ! -name java -delete
rm -f "$lib/runtime/lib/server/classes_nocoops.jsa"
if command -v strip >/dev/null; then strip --strip-debug "$lib/runtime/lib/server/libjvm.so"; fi

cp "$app_jar" "$lib/$name.jar"
cp "$helper_jar" "$lib/helper/$name-helper.jar"
cp "$base/packaging/checkpoint-inspector" "$lib/$name"
cp "$base/packaging/checkpoint-inspector-helper" "$root/usr/libexec/$name/$name-helper"
ln -s "../lib/$name/$name" "$root/usr/bin/$name"

# Native libraries beside the jar, so that nothing is unpacked into a temporary folder at run time (JavaFX looks
# beside its jar first; the launchers point JNA and zstd-jni here).
tmp=$work/unpack
mkdir -p "$tmp"
zstd_lib=$("$jdk/bin/jar" tf "$app_jar" | grep '^linux/amd64/libzstd-jni-.*\.so$')
fx_libs=$("$jdk/bin/jar" tf "$app_jar" | grep '^lib[a-z_0-9]*\.so$')
# shellcheck disable=SC2086 # lists of entry names
(cd "$tmp" && "$jdk/bin/jar" xf "$app_jar" $fx_libs com/sun/jna/linux-x86-64/libjnidispatch.so "$zstd_lib")
mv "$tmp"/lib*.so "$lib/"
mv "$tmp/com/sun/jna/linux-x86-64/libjnidispatch.so" "$lib/libjnidispatch.so"
mv "$tmp"/linux/amd64/libzstd-jni-*.so "$lib/libzstd-jni.so"
rm -rf "$tmp"

cp "$base/packaging/io.checkpointinspector.helper.policy" "$root/usr/share/polkit-1/actions/"
cp "$base/packaging/deb/io.checkpointinspector.CheckpointInspector.desktop" "$root/usr/share/applications/"
cp "$base/packaging/deb/checkpoint-inspector-mime.xml" "$root/usr/share/mime/packages/$name.xml"
for png in "$base"/icons/$name-*.png; do
  size=${png##*-}
  size=${size%.png}
  mkdir -p "$root/usr/share/icons/hicolor/${size}x${size}/apps"
  cp "$png" "$root/usr/share/icons/hicolor/${size}x${size}/apps/$name.png"
done
mkdir -p "$root/usr/share/icons/hicolor/scalable/apps"
cp "$base/icons/$name.svg" "$root/usr/share/icons/hicolor/scalable/apps/$name.svg"
cat >"$root/usr/share/doc/$name/copyright" <<EOF
Checkpoint Inspector $version.

Bundled components (their licences as published by their projects): an OpenJDK 17 runtime made with jlink from
$("$lib/runtime/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.vm.version = //p') (GPL-2 with the Classpath Exception),
OpenJFX 21 and ControlsFX 11 (GPL-2 with the Classpath Exception / BSD-3-Clause), Jackson, Apache Commons
Compress, IO, Lang and Codec, zstd-jni, protobuf-java, JNA and picocli (Apache-2.0 / BSD / LGPL-2.1 or Apache-2.0).
EOF

find "$root" -type d -exec chmod 755 {} +
find "$root" -type f -exec chmod 644 {} +
chmod 755 "$lib/$name" "$root/usr/libexec/$name/$name-helper" "$lib/runtime/bin/java" "$lib/runtime/lib/jspawnhelper"
find "$lib" -name '*.so' -exec chmod 755 {} +

# The class-data-sharing archive must be made with the jar and the runtime at the paths they are installed at
# (JDK 17 refuses an archive whose class path moved), so the staged folder is bind-mounted onto /usr/lib/$name
# in a mount namespace of our own: nobody else sees it. Without the rights for that, the package is built without
# an archive, and the launcher starts without one (slower).
fixtures=$base/src/test/resources/fixtures
jsa_opts="-Djna.boot.library.path=$lib_dir -Djna.nounpack=true -DZstdNativePath=$lib_dir/libzstd-jni.so"
window=0
if command -v xvfb-run >/dev/null; then window=1; fi
made_mountpoint=
if unshare -m true 2>/dev/null; then
  if [ ! -d "$lib_dir" ]; then mkdir "$lib_dir" && made_mountpoint=1; fi
  echo "build-deb: class-data-sharing archive (window training: $window)"
  CDS_JAVA_OPTIONS=$jsa_opts CDS_WINDOW=$window unshare -m sh -c '
      mount --bind "$1" "$2" && sh "$3" "$2/runtime/bin/java" "$2/checkpoint-inspector.jar" \
        "$2/checkpoint-inspector.jsa" "$4/podman-zstd.tar.zst" "$4/podman-none.tar" "$4/oci-archive.tar"' \
    sh "$lib" "$lib_dir" "$base/packaging/build-cds-archive.sh" "$fixtures" || {
      [ -z "$made_mountpoint" ] || rmdir "$lib_dir"
      fail "building the class-data-sharing archive failed"
    }
  [ -z "$made_mountpoint" ] || rmdir "$lib_dir"
  chmod 644 "$lib/$name.jsa"
else
  echo "build-deb: WARNING: no mount namespace (not root?): the package has no class-data-sharing archive" >&2
fi

installed_size=$(du -sk --exclude=DEBIAN "$root" | cut -f1)
cat >"$root/DEBIAN/control" <<EOF
Package: $name
Version: $deb_version
Architecture: $arch
Maintainer: Checkpoint Inspector project <maintainers@checkpointinspector.invalid>
Installed-Size: $installed_size
Section: utils
Priority: optional
Depends: libc6, zlib1g, libstdc++6, libgtk-3-0, libglib2.0-0, libpango-1.0-0, libcairo2, libgdk-pixbuf-2.0-0, libfreetype6, libfontconfig1, libharfbuzz0b, libx11-6, libxext6, libxi6, libxrender1, libxtst6, libxxf86vm1, libgl1, libasound2, liblcms2-2, libjpeg62-turbo, libpng16-16, libgif7, pkexec
Recommends: podman, criu
Description: look inside container checkpoints; checkpoint and restore containers
 Checkpoint Inspector reads Podman, CRI-O and containerd checkpoint archives and CRIU image
 directories without unpacking them: container, process tree, command lines, environments,
 open files, sockets, memory maps and bytes, dump statistics and the root file-system diff.
 It also checkpoints and restores local Podman containers through a small helper started
 with pkexec (polkit action io.checkpointinspector.helper), so the window never runs as root.
 .
 The package carries its own Java 17 runtime.
EOF
(cd "$root" && find . -type f ! -path './DEBIAN/*' -printf '%P\0' | sort -z | xargs -0 md5sum) >"$root/DEBIAN/md5sums"
chmod 644 "$root/DEBIAN/control" "$root/DEBIAN/md5sums"

out=$target/${name}_${deb_version}_$arch.deb
rm -f "$target"/${name}_*.deb
dpkg-deb --root-owner-group -Zxz -z6 --build "$root" "$out" >/dev/null
echo "build-deb: $out ($(du -h "$out" | cut -f1), installed $(du -sh --exclude=DEBIAN "$root" | cut -f1))"
