package io.checkpointinspector.helper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every refusal that needs no file system, and the requests that pass. */
class RequestParserTest {

    private final RequestParser parser = new RequestParser();

    private RefusedException refused(String line) {
        try {
            parser.parse(line);
        } catch (RefusedException e) {
            return e;
        }
        throw new AssertionError("accepted: " + line);
    }

    @Test
    void acceptsEveryVerb() throws Exception {
        assertThat(parser.parse("{\"id\":\"1\",\"verb\":\"hello\"}")).isEqualTo(new Request.Hello("1"));
        assertThat(parser.parse("{\"id\":\"2\",\"verb\":\"list\"}")).isEqualTo(new Request.ListContainers("2"));
        Request c = parser.parse("{\"id\":\"3\",\"verb\":\"checkpoint\",\"container\":\"web_1.a-b\","
                + "\"export\":\"/home/u/web.tar.zst\",\"compression\":\"gzip\",\"leaveRunning\":true,"
                + "\"tcpEstablished\":true,\"fileLocks\":true,\"keep\":true,\"ignoreRootfs\":true,"
                + "\"ignoreVolumes\":true,\"preCheckpoint\":false,\"withPrevious\":false,"
                + "\"createImage\":\"localhost/web-ckpt:v1\",\"printStats\":true}");
        assertThat(c).isEqualTo(new Request.Checkpoint("3", "web_1.a-b", "/home/u/web.tar.zst", "gzip", true, true,
                true, true, true, true, false, false, "localhost/web-ckpt:v1", true, "podman"));
        Request r = parser.parse("{\"id\":\"4\",\"verb\":\"restore\",\"archive\":\"/tmp/a.tar\",\"name\":\"copy\","
                + "\"keep\":true,\"tcpEstablished\":true,\"ignoreStaticIp\":true,\"ignoreStaticMac\":true,"
                + "\"ignoreRootfs\":true,\"publishPorts\":[\"8080:80\",\"127.0.0.1:9000:90/udp\"]}");
        assertThat(r).isEqualTo(new Request.Restore("4", "/tmp/a.tar", null, "copy", true, true, true, true, true,
                List.of("8080:80", "127.0.0.1:9000:90/udp"), false, "podman", null));
        assertThat(parser.parse("{\"id\":\"5\",\"verb\":\"restore\",\"container\":\"0123abcdef\"}"))
                .isEqualTo(new Request.Restore("5", null, "0123abcdef", null, false, false, false, false, false,
                        List.of(), false, "podman", null));
        assertThat(parser.parse("{\"id\":\"6\",\"verb\":\"cancel\",\"target\":\"3\"}"))
                .isEqualTo(new Request.Cancel("6", "3"));
    }

    @Test
    void refusesUnknownVerb() {
        RefusedException e = refused("{\"id\":\"1\",\"verb\":\"exec\"}");
        assertThat(e.code()).isEqualTo(Protocol.CODE_BAD_REQUEST);
        assertThat(e.requestId()).isEqualTo("1");
        assertThat(e.getMessage()).contains("unknown verb 'exec'");
        assertThat(refused("{\"id\":\"1\"}").getMessage()).contains("verb");
        assertThat(refused("{\"id\":\"1\",\"verb\":7}").getMessage()).contains("verb");
    }

    @Test
    void refusesUnknownFields() {
        assertThat(refused("{\"id\":\"1\",\"verb\":\"hello\",\"x\":1}").getMessage())
                .contains("unknown field 'x'");
        // a field of another verb is unknown too
        assertThat(refused("{\"id\":\"1\",\"verb\":\"checkpoint\",\"container\":\"a\",\"name\":\"b\"}")
                .getMessage()).contains("unknown field 'name' for verb checkpoint");
        assertThat(refused("{\"id\":\"1\",\"verb\":\"restore\",\"archive\":\"/a\",\"export\":\"/b\"}")
                .getMessage()).contains("unknown field 'export'");
    }

    @Test
    void refusesWrongTypesAndDuplicates() {
        assertThat(refused("{\"id\":\"1\",\"verb\":\"checkpoint\",\"container\":\"a\",\"keep\":\"yes\"}")
                .getMessage()).contains("keep must be true or false");
        assertThat(refused("{\"id\":\"1\",\"verb\":\"checkpoint\",\"container\":[\"a\"]}").getMessage())
                .contains("container must be a string");
        assertThat(refused("{\"id\":\"1\",\"verb\":\"restore\",\"archive\":\"/a\",\"publishPorts\":[1]}")
                .getMessage()).contains("publishPorts");
        assertThat(refused("{\"id\":\"1\",\"verb\":\"checkpoint\",\"container\":null}").getMessage())
                .contains("container must be a string");
        assertThat(refused("{\"id\":\"1\",\"verb\":\"hello\",\"verb\":\"list\"}").getMessage())
                .contains("Duplicate field");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "not json", "{", "[1,2]", "\"hello\"", "null", "42",
        "{\"id\":\"1\",\"verb\":\"hello\"} {\"id\":\"2\",\"verb\":\"hello\"}", "{\"verb\":\"hello\"}",
        "{\"id\":1,\"verb\":\"hello\"}", "{\"id\":\"\",\"verb\":\"hello\"}", "{\"id\":\"a b\",\"verb\":\"hello\"}",
        "\u0000\u0001\u0002"})
    void refusesGarbage(String line) {
        RefusedException e = refused(line);
        assertThat(e.code()).isEqualTo(Protocol.CODE_BAD_REQUEST);
        assertThat(e.requestId()).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"a b", "a/b", "a;rm -rf /", "_x", ".x", "x$y", "é", "a\nb", ""})
    void refusesBadContainerNames(String name) {
        String json = "{\"id\":\"1\",\"verb\":\"checkpoint\",\"container\":" + quote(name) + "}";
        RefusedException e = refused(json);
        assertThat(e.getMessage()).contains("not a container name or id");
        assertThat(refused("{\"id\":\"1\",\"verb\":\"restore\",\"archive\":\"/a\",\"name\":" + quote(name) + "}")
                .getMessage()).contains("name is not a container name");
    }

    @Test
    void refusesTooLongNames() {
        assertThat(refused("{\"id\":\"1\",\"verb\":\"checkpoint\",\"container\":\"" + "a".repeat(300) + "\"}")
                .getMessage()).contains("not a container name");
    }

    @ParameterizedTest
    @ValueSource(strings = {"container", "createImage", "export", "compression"})
    void refusesLeadingDash(String field) {
        String json = "{\"id\":\"1\",\"verb\":\"checkpoint\",\"container\":\"a\",\"export\":\"/tmp/x\","
                .replace("\"" + field + "\":\"a\",", "").replace("\"" + field + "\":\"/tmp/x\",", "")
                + "\"" + field + "\":\"--rm\"}";
        RefusedException e = refused(json);
        assertThat(e.code()).isEqualTo(Protocol.CODE_REFUSED);
        assertThat(e.getMessage()).isEqualTo(field + " must not start with '-'");
    }

    @Test
    void refusesLeadingDashInRestore() {
        assertThat(refused("{\"id\":\"1\",\"verb\":\"restore\",\"archive\":\"-/a\"}").getMessage())
                .isEqualTo("archive must not start with '-'");
        assertThat(refused("{\"id\":\"1\",\"verb\":\"restore\",\"container\":\"-a\"}").getMessage())
                .isEqualTo("container must not start with '-'");
        assertThat(refused("{\"id\":\"1\",\"verb\":\"restore\",\"archive\":\"/a\",\"name\":\"--privileged\"}")
                .getMessage()).isEqualTo("name must not start with '-'");
        assertThat(refused("{\"id\":\"1\",\"verb\":\"restore\",\"archive\":\"/a\",\"publishPorts\":[\"-p1\"]}")
                .getMessage()).isEqualTo("publishPorts must not start with '-'");
        assertThat(refused("{\"id\":\"1\",\"verb\":\"cancel\",\"target\":\"-1\"}").getMessage())
                .isEqualTo("target must not start with '-'");
    }

    @ParameterizedTest
    @ValueSource(strings = {"web.tar", "./web.tar", "~/web.tar", "tmp/web.tar"})
    void refusesRelativePaths(String path) {
        assertThat(refused(checkpointTo(path)).getMessage()).contains("must be an absolute path");
        assertThat(refused("{\"id\":\"1\",\"verb\":\"restore\",\"archive\":" + quote(path) + "}").getMessage())
                .contains("must be an absolute path");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/tmp/../etc/shadow", "/tmp/./x", "/tmp//x", "/tmp/x/", "/tmp/x/..", "/", "//x"})
    void refusesNonNormalisedPaths(String path) {
        RefusedException e = refused(checkpointTo(path));
        assertThat(e.code()).isEqualTo(Protocol.CODE_REFUSED);
        assertThat(e.getMessage()).contains("normalised");
    }

    @Test
    void refusesOtherBadValues() {
        assertThat(refused("{\"id\":\"1\",\"verb\":\"checkpoint\",\"container\":\"a\",\"export\":\"/t/x\","
                + "\"compression\":\"xz\"}").getMessage()).contains("compression must be");
        assertThat(refused("{\"id\":\"1\",\"verb\":\"checkpoint\",\"container\":\"a\",\"compression\":\"gzip\"}")
                .getMessage()).contains("compression needs export");
        assertThat(refused("{\"id\":\"1\",\"verb\":\"checkpoint\",\"container\":\"a\",\"createImage\":\"A B\"}")
                .getMessage()).contains("not an image name");
        assertThat(refused("{\"id\":\"1\",\"verb\":\"restore\",\"archive\":\"/a\",\"publishPorts\":[\"80;x\"]}")
                .getMessage()).contains("not a port mapping");
        assertThat(refused("{\"id\":\"1\",\"verb\":\"restore\",\"archive\":\"/a\",\"container\":\"b\"}")
                .getMessage()).contains("exactly one");
        assertThat(refused("{\"id\":\"1\",\"verb\":\"restore\"}").getMessage()).contains("exactly one");
        assertThat(refused("{\"id\":\"1\",\"verb\":\"checkpoint\"}").getMessage()).contains("needs container");
        assertThat(refused("{\"id\":\"1\",\"verb\":\"checkpoint\",\"container\":\"a\",\"export\":\"/a\\u0000b\"}")
                .getMessage()).contains("not a usable path");
    }

    private static String checkpointTo(String path) {
        return "{\"id\":\"1\",\"verb\":\"checkpoint\",\"container\":\"a\",\"export\":" + quote(path) + "}";
    }

    private static String quote(String s) {
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(s);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"8080:80", "80", "127.0.0.1:9000:90/udp", "127.0.0.1::80", "[::1]:8080:80",
        "8000-8010:80-90", "8080:80/tcp,udp", "65535:65535/sctp"})
    void acceptsPodmansPortGrammar(String port) throws Exception {
        assertThat(Checks.port("publishPorts", port)).isEqualTo(port);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "0", "70000:80", "80:0", "a:80", "1.2.3:80:80", "256.1.1.1:80:80", "::1:80:80",
        "[::1]80", "[zz]:80:80", "8000-8010:80-85", "90-80", "80/icmp", "80/tcp,", "1:2:3:4", "80 ",
        "127.0.0.1:80:80:80", "8080:80;rm", "1000-1010:80"})
    void refusesWhatPodmansPortGrammarDoesNot(String port) {
        assertThatThrownBy(() -> Checks.port("publishPorts", port)).isInstanceOf(RefusedException.class)
                .hasMessageContaining("is not a port mapping");
    }

    @ParameterizedTest
    @ValueSource(strings = {"web-ckpt", "localhost/web-ckpt:v1", "registry.example:5000/team/app:1.0_rc",
        "a__b/c.d-e:latest", "x/y/z"})
    void acceptsImageReferences(String image) throws Exception {
        assertThat(Checks.image("createImage", image)).isEqualTo(image);
    }

    @ParameterizedTest
    @ValueSource(strings = {"Web", "web:", "web:-x", "web@sha256:00", "/web", "web/", "a//b", "a..b", "-x",
        "web:v1:v2", "a b", "web:" + "t12345678901234567890123456789012345678901234567890123456789012345678"
            + "9012345678901234567890123456789012345678901234567890123456789"})
    void refusesWhatIsNotAnImageReference(String image) {
        assertThatThrownBy(() -> Checks.image("createImage", image)).isInstanceOf(RefusedException.class);
    }

    @Test
    void aRestoreNameOrAllowPrivilegedNeedsAnArchive() {
        assertThat(refused("{\"id\":\"1\",\"verb\":\"restore\",\"container\":\"web\",\"name\":\"x\"}").getMessage())
                .contains("need archive");
        assertThat(refused("{\"id\":\"1\",\"verb\":\"restore\",\"container\":\"web\",\"allowPrivileged\":true}")
                .getMessage()).contains("need archive");
        assertThat(refused("{\"id\":\"1\",\"verb\":\"restore\",\"archive\":\"/a.tar\",\"allowPrivileged\":1}")
                .getMessage()).contains("allowPrivileged must be true or false");
    }

    @Test
    void acceptsContainerdCheckpointsAndRestores() throws Exception {
        Request c = parser.parse("{\"id\":\"7\",\"verb\":\"checkpoint\",\"runtime\":\"containerd\","
                + "\"container\":\"web\",\"createImage\":\"localhost/web:ckpt-1\",\"export\":\"/home/u/w.tar\","
                + "\"leaveRunning\":true,\"printStats\":true}");
        assertThat(c).isEqualTo(new Request.Checkpoint("7", "web", "/home/u/w.tar", null, true, false, false, false,
                false, false, false, false, "localhost/web:ckpt-1", true, "containerd"));
        assertThat(((Request.Checkpoint) c).containerd()).isTrue();
        assertThat(parser.parse("{\"id\":\"8\",\"verb\":\"restore\",\"runtime\":\"containerd\","
                + "\"image\":\"localhost/web:ckpt-1\",\"name\":\"web2\"}"))
                .isEqualTo(new Request.Restore("8", null, null, "web2", false, false, false, false, false, List.of(),
                        false, "containerd", "localhost/web:ckpt-1"));
        assertThat(parser.parse("{\"id\":\"9\",\"verb\":\"restore\",\"runtime\":\"containerd\","
                + "\"archive\":\"/home/u/w.tar\",\"name\":\"web3\",\"allowPrivileged\":true}"))
                .isEqualTo(new Request.Restore("9", "/home/u/w.tar", null, "web3", false, false, false, false, false,
                        List.of(), true, "containerd", null));
        assertThat(parser.parse("{\"id\":\"10\",\"verb\":\"checkpoint\",\"runtime\":\"podman\","
                + "\"container\":\"web\"}")).isInstanceOf(Request.Checkpoint.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"-containerd", "docker", "Containerd", "containerd ", "", "cri-o", "--namespace=k8s.io"})
    void refusesUnknownRuntimes(String runtime) {
        String q = "{\"id\":\"1\",\"verb\":\"checkpoint\",\"container\":\"web\",\"createImage\":\"a/b:c\","
                + "\"runtime\":\"" + runtime + "\"}";
        assertThat(refused(q).getMessage()).containsAnyOf("runtime must be podman or containerd",
                "must not start with '-'");
        assertThat(refused(q.replace("checkpoint\",\"container\":\"web\",\"createImage\":\"a/b:c\"",
                "restore\",\"image\":\"a/b:c\",\"name\":\"x\"")).getMessage())
                .containsAnyOf("runtime must be podman or containerd", "must not start with '-'");
        assertThat(refused("{\"id\":\"1\",\"verb\":\"list\",\"runtime\":\"containerd\"}").getMessage())
                .contains("unknown field 'runtime'");
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"compression\":\"gzip\"", "\"tcpEstablished\":true", "\"fileLocks\":true",
        "\"keep\":true", "\"ignoreRootfs\":true", "\"ignoreVolumes\":true", "\"preCheckpoint\":true",
        "\"withPrevious\":true"})
    void aContainerdCheckpointRefusesPodmansOptions(String option) {
        RefusedException e = refused("{\"id\":\"1\",\"verb\":\"checkpoint\",\"runtime\":\"containerd\","
                + "\"container\":\"web\",\"createImage\":\"a/b:c\",\"export\":\"/h/x.tar\"," + option + "}");
        assertThat(e.getMessage()).contains("is a podman checkpoint option; ctr has no counterpart");
    }

    @Test
    void aContainerdCheckpointNeedsItsImageAndValidValues() {
        assertThat(refused("{\"id\":\"1\",\"verb\":\"checkpoint\",\"runtime\":\"containerd\","
                + "\"container\":\"web\"}").getMessage()).contains("needs createImage");
        for (String image : List.of("-a/b", "--rm", "a/b@sha256:00", "A/B", "a b", "a/b:c;rm -rf /")) {
            assertThat(refused("{\"id\":\"1\",\"verb\":\"checkpoint\",\"runtime\":\"containerd\","
                    + "\"container\":\"web\",\"createImage\":\"" + image + "\"}").code())
                    .isEqualTo(Protocol.CODE_REFUSED);
        }
        for (String name : List.of("-web", "--task", "a/b", "..", "a b", "web;id")) {
            assertThat(refused("{\"id\":\"1\",\"verb\":\"checkpoint\",\"runtime\":\"containerd\","
                    + "\"container\":\"" + name + "\",\"createImage\":\"a/b:c\"}").code())
                    .isEqualTo(Protocol.CODE_REFUSED);
        }
    }

    @Test
    void aContainerdRestoreNeedsOneSourceANameAndNoPodmanOptions() {
        String base = "{\"id\":\"1\",\"verb\":\"restore\",\"runtime\":\"containerd\",";
        assertThat(refused(base + "\"name\":\"x\"}").getMessage()).contains("exactly one of archive and image");
        assertThat(refused(base + "\"name\":\"x\",\"image\":\"a/b:c\",\"archive\":\"/a.tar\"}").getMessage())
                .contains("exactly one of archive and image");
        assertThat(refused(base + "\"image\":\"a/b:c\"}").getMessage()).contains("needs name");
        assertThat(refused(base + "\"image\":\"a/b:c\",\"name\":\"-x\"}").code()).isEqualTo(Protocol.CODE_REFUSED);
        assertThat(refused(base + "\"image\":\"--all\",\"name\":\"x\"}").code()).isEqualTo(Protocol.CODE_REFUSED);
        assertThat(refused(base + "\"archive\":\"rel.tar\",\"name\":\"x\"}").getMessage())
                .contains("absolute path");
        assertThat(refused(base + "\"archive\":\"/a/../etc/shadow\",\"name\":\"x\"}").getMessage())
                .contains("normalised");
        for (String option : List.of("\"container\":\"web\"", "\"keep\":true", "\"tcpEstablished\":true",
                "\"ignoreStaticIp\":true", "\"ignoreStaticMac\":true", "\"ignoreRootfs\":true",
                "\"publishPorts\":[\"80:80\"]")) {
            assertThat(refused(base + "\"image\":\"a/b:c\",\"name\":\"x\"," + option + "}").getMessage())
                    .contains("is a podman restore option");
        }
        // image is containerd's only
        assertThat(refused("{\"id\":\"1\",\"verb\":\"restore\",\"image\":\"a/b:c\",\"container\":\"w\"}")
                .getMessage()).contains("image needs runtime containerd");
        assertThat(refused(base + "\"image\":7,\"name\":\"x\"}").getMessage()).contains("image must be a string");
    }
}
