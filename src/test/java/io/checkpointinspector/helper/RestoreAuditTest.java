package io.checkpointinspector.helper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The content check on archives to restore: the real fixtures pass, and each crafted variant of the real
 * podman-none.tar (one field of config.dump / spec.dump / the rootfs diff changed) is found, named by its field.
 */
class RestoreAuditTest {

    @TempDir
    Path tmp;

    private RestoreAudit.Report audit(Path p) throws Exception {
        return RestoreAudit.audit(p, p.toString(), () -> false);
    }

    private RestoreAudit.Report audit(CraftedArchive a) throws Exception {
        return audit(a.write(tmp.resolve("crafted-" + System.nanoTime() + ".tar")));
    }

    private static ArrayNode namespaces(ObjectNode spec) {
        return (ArrayNode) spec.path("linux").path("namespaces");
    }

    private static void removeNamespace(ObjectNode spec, String type) {
        for (Iterator<com.fasterxml.jackson.databind.JsonNode> it = namespaces(spec).elements(); it.hasNext();) {
            if (it.next().path("type").asText().equals(type)) {
                it.remove();
            }
        }
    }

    @Test
    void realExportsOfAnOrdinaryContainerHaveNoFindings() throws Exception {
        for (String f : new String[] {"podman-none.tar", "podman-zstd.tar.zst", "podman-gzip.tar.gz"}) {
            RestoreAudit.Report r = audit(Path.of("src/test/resources/fixtures", f));
            assertThat(r.findings()).as(f).isEmpty();
            assertThat(r.name()).isEqualTo("ci-fixture");
            assertThat(r.id()).hasSize(64);
        }
    }

    @Test
    void privilegedIsFound() throws Exception {
        RestoreAudit.Report r = audit(CraftedArchive.fromFixture().config(c -> c.put("privileged", true)));
        assertThat(r.escapes()).isEmpty();
        assertThat(r.privileges()).extracting(RestoreAudit.Finding::field).containsExactly("config.dump: privileged");
        assertThat(audit(CraftedArchive.fromFixture().config(c -> c.put("mountAllDevices", true))).privileges())
                .extracting(RestoreAudit.Finding::field).containsExactly("config.dump: mountAllDevices");
    }

    @Test
    void keysAreMatchedAsPodmanMatchesThem() throws Exception {
        // Go's encoding/json matches "PRIVILEGED" to the field privileged
        RestoreAudit.Report upper = audit(CraftedArchive.fromFixture().config(c -> {
            c.remove("privileged");
            c.put("PRIVILEGED", true);
        }));
        assertThat(upper.privileges()).extracting(RestoreAudit.Finding::field)
                .containsExactly("config.dump: privileged");
        // two spellings: podman takes one of them, we cannot know which we checked
        RestoreAudit.Report both = audit(CraftedArchive.fromFixture().config(c -> c.put("Privileged", true)));
        assertThat(both.escapes()).extracting(RestoreAudit.Finding::toString)
                .containsExactly("config.dump: privileged: appears 2 times in different spellings");
        // exact duplicates are not JSON we accept
        byte[] dup = new String(CraftedArchive.read("config.dump"), StandardCharsets.UTF_8)
                .replaceFirst("\"privileged\": ?false", "\"privileged\":false,\"privileged\":true")
                .getBytes(StandardCharsets.UTF_8);
        Path p = CraftedArchive.fromFixture().replace("config.dump", dup).write(tmp.resolve("dup.tar"));
        assertThatThrownBy(() -> audit(p)).isInstanceOf(RefusedException.class)
                .hasMessageContaining("config.dump is not JSON podman would read").hasMessageContaining("privileged");
    }

    @Test
    void hostNamespacesAreFound() throws Exception {
        for (String type : new String[] {"pid", "network", "ipc", "mount"}) {
            RestoreAudit.Report r = audit(CraftedArchive.fromFixture().spec(s -> removeNamespace(s, type)));
            assertThat(r.privileges()).extracting(RestoreAudit.Finding::toString).containsExactly(
                    "spec.dump: linux.namespaces: no " + type + " namespace of its own: it shares the host's");
        }
        RestoreAudit.Report user = audit(CraftedArchive.fromFixture().spec(s -> namespaces(s).addObject()
                .put("type", "user").put("path", "/proc/1/ns/user")));
        assertThat(user.privileges()).extracting(RestoreAudit.Finding::toString).containsExactly(
                "spec.dump: linux.namespaces: joins the existing user namespace at /proc/1/ns/user");
        RestoreAudit.Report pid = audit(CraftedArchive.fromFixture().spec(s -> {
            removeNamespace(s, "pid");
            namespaces(s).addObject().put("type", "pid").put("path", "/proc/1/ns/pid");
        }));
        assertThat(pid.privileges()).extracting(RestoreAudit.Finding::what)
                .containsExactly("joins the existing pid namespace at /proc/1/ns/pid");
        // a podman-made network namespace is replaced by a fresh one on restore, only when podman made it
        RestoreAudit.Report netns = audit(CraftedArchive.fromFixture().spec(s -> {
            removeNamespace(s, "network");
            namespaces(s).addObject().put("type", "network").put("path", "/run/netns/netns-1234");
        }).config(c -> c.put("createNetNS", true)));
        assertThat(netns.findings()).isEmpty();
        RestoreAudit.Report joined = audit(CraftedArchive.fromFixture().spec(s -> {
            removeNamespace(s, "network");
            namespaces(s).addObject().put("type", "network").put("path", "/run/netns/netns-1234");
        }));
        assertThat(joined.privileges()).extracting(RestoreAudit.Finding::what)
                .containsExactly("joins the existing network namespace at /run/netns/netns-1234");
        RestoreAudit.Report other = audit(CraftedArchive.fromFixture().config(c -> c.put("PIDNsCtr", "abc")));
        assertThat(other.privileges()).extracting(RestoreAudit.Finding::field).containsExactly("config.dump: PIDNsCtr");
    }

    @Test
    void bindMountsOfHostPathsAreFound() throws Exception {
        RestoreAudit.Report root = audit(CraftedArchive.fromFixture().spec(s -> ((ArrayNode) s.get("mounts"))
                .add(CraftedArchive.node("{\"destination\":\"/host\",\"type\":\"bind\",\"source\":\"/\","
                        + "\"options\":[\"rbind\"]}"))));
        assertThat(root.privileges()).extracting(RestoreAudit.Finding::toString)
                .containsExactly("spec.dump: mounts[/host]: bind mount of the host's /");
        // a bind is a bind whatever its type says
        RestoreAudit.Report etc = audit(CraftedArchive.fromFixture().spec(s -> ((ArrayNode) s.get("mounts"))
                .add(CraftedArchive.node("{\"destination\":\"/x\",\"type\":\"none\",\"source\":\"/etc\","
                        + "\"options\":[\"rbind\",\"rw\"]}"))));
        assertThat(etc.privileges()).extracting(RestoreAudit.Finding::what)
                .containsExactly("bind mount of the host's /etc");
        String id = CraftedArchive.node(new String(CraftedArchive.read("config.dump"), StandardCharsets.UTF_8))
                .path("id").asText();
        // Podman's own file, but bound where podman would not put it (and would not redirect it on restore)
        RestoreAudit.Report moved = audit(CraftedArchive.fromFixture().spec(s -> ((ArrayNode) s.get("mounts"))
                .add(CraftedArchive.node("{\"destination\":\"/etc/shadow\",\"type\":\"bind\",\"source\":"
                        + "\"/run/containers/storage/overlay-containers/" + id + "/userdata/hosts\"}"))));
        assertThat(moved.privileges()).hasSize(1);
        // another container's files, and ".." out of the per-container folder
        RestoreAudit.Report theirs = audit(CraftedArchive.fromFixture().spec(s -> ((ArrayNode) s.get("mounts"))
                .add(CraftedArchive.node("{\"destination\":\"/etc/hosts\",\"type\":\"bind\",\"source\":"
                        + "\"/run/containers/storage/overlay-containers/" + "a".repeat(64) + "/userdata/hosts\"}"))
                .add(CraftedArchive.node("{\"destination\":\"/dev/shm\",\"type\":\"bind\",\"source\":"
                        + "\"/var/lib/containers/storage/overlay-containers/" + id + "/userdata/../../../../../etc\"}"))));
        assertThat(theirs.privileges()).hasSize(2);
        RestoreAudit.Report disk = audit(CraftedArchive.fromFixture().spec(s -> ((ArrayNode) s.get("mounts"))
                .add(CraftedArchive.node("{\"destination\":\"/disk\",\"type\":\"ext4\",\"source\":\"/dev/sda1\"}"))));
        assertThat(disk.privileges()).extracting(RestoreAudit.Finding::what)
                .containsExactly("mounts a ext4 file system from /dev/sda1");
        RestoreAudit.Report cfg = audit(CraftedArchive.fromFixture().config(c -> ((ArrayNode) c.get("mounts"))
                .add("/etc")));
        assertThat(cfg.privileges()).extracting(RestoreAudit.Finding::toString)
                .containsExactly("config.dump: mounts: host path '/etc'");
    }

    @Test
    void addedCapabilitiesAreFound() throws Exception {
        RestoreAudit.Report r = audit(CraftedArchive.fromFixture().spec(s -> {
            ((ArrayNode) s.path("process").path("capabilities").path("bounding")).add("CAP_SYS_ADMIN");
            ((ArrayNode) s.path("process").path("capabilities").path("effective")).add("CAP_SYS_ADMIN")
                    .add("CAP_SYS_PTRACE");
        }).config(c -> ((ArrayNode) c.path("spec").path("process").path("capabilities").path("permitted"))
                .add("CAP_SYS_MODULE")));
        assertThat(r.escapes()).isEmpty();
        assertThat(r.privileges()).extracting(RestoreAudit.Finding::toString).containsExactly(
                "spec.dump: process.capabilities.bounding: adds CAP_SYS_ADMIN beyond Podman's default set",
                "spec.dump: process.capabilities.effective: adds CAP_SYS_ADMIN, CAP_SYS_PTRACE beyond Podman's "
                        + "default set",
                "config.dump: spec: process.capabilities.permitted: adds CAP_SYS_MODULE beyond Podman's default set");
        // Podman's compiled-in defaults that Debian's containers.conf leaves out are not "added"
        assertThat(audit(CraftedArchive.fromFixture().spec(s -> ((ArrayNode) s.path("process").path("capabilities")
                .path("bounding")).add("CAP_NET_RAW").add("CAP_MKNOD").add("CAP_AUDIT_WRITE"))).findings()).isEmpty();
    }

    @Test
    void devicesAreFound() throws Exception {
        RestoreAudit.Report r = audit(CraftedArchive.fromFixture().spec(s -> {
            ((ObjectNode) s.get("linux")).putArray("devices").add(CraftedArchive.node(
                    "{\"path\":\"/dev/sda\",\"type\":\"b\",\"major\":8,\"minor\":0}"));
            ((ArrayNode) s.path("linux").path("resources").path("devices")).add(CraftedArchive.node(
                    "{\"allow\":true,\"type\":\"b\",\"major\":8,\"minor\":0,\"access\":\"rwm\"}"));
        }));
        assertThat(r.privileges()).extracting(RestoreAudit.Finding::toString).containsExactly(
                "spec.dump: linux.devices: host device /dev/sda (b 8:0)",
                "spec.dump: linux.resources.devices: allows rwm on devices b 8:0");
    }

    @Test
    void aRootfsDiffWritingThroughASymlinkIsAnEscape() throws Exception {
        byte[] diff = CraftedArchive.tar(new String[] {"evil", "d"}, new String[] {"evil/etc", "l", "/etc"},
                new String[] {"evil/etc/cron.d/x", "f", "* * * * * root sh -c id\n"},
                new String[] {"up", "h", "../../../etc/shadow"}, new String[] {"via", "h", "evil/etc/shadow"},
                new String[] {"dev/sda", "c", ""});
        RestoreAudit.Report r = audit(CraftedArchive.fromFixture().replace("rootfs-diff.tar", diff));
        assertThat(r.escapes()).extracting(RestoreAudit.Finding::toString).containsExactly(
                "rootfs-diff.tar: evil/etc/cron.d/x: writes through the symlink evil/etc of the rootfs diff",
                "rootfs-diff.tar: up: a hard link to '../../../etc/shadow', outside the container's root",
                "rootfs-diff.tar: via: is a hard link through the symlink evil/etc of the rootfs diff");
        assertThat(r.privileges()).extracting(RestoreAudit.Finding::toString)
                .containsExactly("rootfs-diff.tar: dev/sda: a device node or other special file");
        RestoreAudit.Report dots = audit(CraftedArchive.fromFixture().replace("rootfs-diff.tar",
                CraftedArchive.tar(new String[] {"../../etc/passwd", "f", "root::0:0::/:/bin/sh\n"})));
        assertThat(dots.escapes()).singleElement().satisfies(f -> assertThat(f.toString())
                .startsWith("rootfs-diff.tar: ").contains("escapes"));
    }

    @Test
    void deletedFilesOutsideTheContainerAreAnEscape() throws Exception {
        RestoreAudit.Report r = audit(CraftedArchive.fromFixture()
                .replace("rootfs-diff.tar", CraftedArchive.tar(new String[] {"lnk", "l", "/etc"}))
                .replace("deleted.files", "[\"/etc/fixture-delete-me\",\"../../../etc/shadow\",\"/lnk/passwd\"]"
                        .getBytes(StandardCharsets.UTF_8)));
        assertThat(r.escapes()).extracting(RestoreAudit.Finding::toString).containsExactly(
                "deleted.files: '../../../etc/shadow' is not a path inside the container (podman removes it as "
                        + "root, joined to the container's root)",
                "deleted.files: /lnk/passwd: removes through the symlink lnk of the rootfs diff");
    }

    @Test
    void hooksAndAHostRootAreEscapes() throws Exception {
        RestoreAudit.Report hooks = audit(CraftedArchive.fromFixture().spec(s -> s.putObject("hooks")
                .putArray("prestart").addObject().put("path", "/bin/sh")));
        assertThat(hooks.escapes()).extracting(RestoreAudit.Finding::field).containsExactly("spec.dump: hooks");
        RestoreAudit.Report root = audit(CraftedArchive.fromFixture().spec(s -> s.putObject("root").put("path", "/")));
        assertThat(root.escapes()).extracting(RestoreAudit.Finding::field).containsExactly("spec.dump: root.path");
        RestoreAudit.Report rootfs = audit(CraftedArchive.fromFixture().config(c -> c.put("rootfs", "/")));
        assertThat(rootfs.escapes()).extracting(RestoreAudit.Finding::field).containsExactly("config.dump: rootfs");
    }

    @Test
    void aSecondSpecDumpOrALinkInTheArchiveIsAnEscape() throws Exception {
        // extracting keeps the last spec.dump; our reader the first: what we check must be what podman reads
        byte[] evil = CraftedArchive.read("spec.dump");
        TarArchiveEntry second = new TarArchiveEntry("spec.dump");
        second.setSize(evil.length);
        RestoreAudit.Report dup = audit(CraftedArchive.fromFixture().append(second, evil));
        assertThat(dup.escapes()).singleElement().satisfies(f -> assertThat(f.what()).contains("duplicate entry 'spec.dump'"));
        TarArchiveEntry link = new TarArchiveEntry("checkpoint/evil", TarArchiveEntry.LF_SYMLINK);
        link.setLinkName("/etc");
        RestoreAudit.Report l = audit(CraftedArchive.fromFixture().append(link, new byte[0]));
        assertThat(l.escapes()).extracting(RestoreAudit.Finding::toString).contains("archive entry "
                + "checkpoint/evil: is a symlink to /etc; podman extracts the archive as root and a real export has none");
    }

    @Test
    void somethingElseIsNotRestoredAtAll() throws Exception {
        Path text = Files.writeString(tmp.resolve("notes.txt"), "hello");
        assertThatThrownBy(() -> audit(text)).isInstanceOf(RefusedException.class)
                .hasMessageContaining("cannot be read as a checkpoint");
        Path image = Path.of("src/test/resources/fixtures/oci-archive.tar");
        assertThatThrownBy(() -> audit(image)).hasMessageContaining("is not an exported checkpoint");
        Path noSpec = tmp.resolve("nospec.tar");
        Files.write(noSpec, CraftedArchive.tar(new String[] {"config.dump", "f", "{}"},
                new String[] {"checkpoint/inventory.img", "f", "x"}));
        assertThatThrownBy(() -> audit(noSpec)).hasMessageContaining("spec.dump is missing");
    }

    @Test
    void cancellingStopsTheCheck() {
        Path p = Path.of("src/test/resources/fixtures/podman-zstd.tar.zst");
        assertThatThrownBy(() -> RestoreAudit.audit(p, "x", () -> true)).isInstanceOf(RefusedException.class)
                .satisfies(e -> assertThat(((RefusedException) e).code()).isEqualTo(Protocol.CODE_CANCELLED));
    }

}
