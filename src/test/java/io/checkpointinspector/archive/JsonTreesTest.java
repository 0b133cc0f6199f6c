package io.checkpointinspector.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.checkpointinspector.inspect.Fixtures;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.Test;

/** JsonTrees gives the tree ObjectMapper.readTree gives, node class by node class, and fails where it fails. */
class JsonTreesTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private final JsonTrees trees = new JsonTrees();

    private void same(String json) throws IOException {
        JsonNode ours = trees.read(json);
        JsonNode theirs = MAPPER.readTree(json);
        assertThat(ours).as(json).isEqualTo(theirs);
        assertSameTypes(ours, theirs, json);
        JsonNode fromBytes = trees.read(json.getBytes(StandardCharsets.UTF_8));
        assertThat(fromBytes).isEqualTo(MAPPER.readTree(json.getBytes(StandardCharsets.UTF_8)));
    }

    private static void assertSameTypes(JsonNode a, JsonNode b, String json) {
        assertThat(a.getClass()).as(json).isEqualTo(b.getClass());
        if (a.isObject()) {
            assertThat(List.copyOf(iterable(a.fieldNames()))).isEqualTo(List.copyOf(iterable(b.fieldNames())));
            a.fieldNames().forEachRemaining(n -> assertSameTypes(a.get(n), b.get(n), json));
        } else if (a.isArray()) {
            for (int i = 0; i < a.size(); i++) {
                assertSameTypes(a.get(i), b.get(i), json);
            }
        }
    }

    private static <T> List<T> iterable(java.util.Iterator<T> it) {
        List<T> out = new ArrayList<>();
        it.forEachRemaining(out::add);
        return out;
    }

    @Test
    void valuesOfEveryKind() throws IOException {
        same("{\"a\":1,\"b\":-2147483649,\"c\":123456789012345678901234567890,\"d\":1.5,\"e\":-0.0,\"f\":1e400,"
                + "\"g\":true,\"h\":false,\"i\":null,\"j\":\"text \\u00e9\\n\",\"k\":[],\"l\":{},\"m\":[1,[2,[3]]],"
                + "\"n\":2147483647,\"o\":9223372036854775807,\"p\":9223372036854775808,\"q\":1E-7}");
        same("[1,\"x\",true,null,{\"nested\":{\"deeper\":[{}]}}]");
        same("\"just a string\"");
        same("42");
        same("null");
    }

    @Test
    void duplicateKeysKeepTheLastInTheFirstPlace() throws IOException {
        same("{\"a\":1,\"b\":2,\"a\":3}");
        assertThat(trees.read("{\"a\":1,\"b\":2,\"a\":3}").toString()).isEqualTo("{\"a\":3,\"b\":2}");
    }

    @Test
    void emptyDocumentsAreMissingAndTrailingTextIsNotRead() throws IOException {
        same("");
        same("   \n ");
        assertThat(trees.read("").isMissingNode()).isTrue();
        same("{\"a\":1} trailing");
        same("[1] [2]");
    }

    @Test
    void otherEncodingsAreDetected() throws IOException {
        String json = "{\"name\":\"ünïcode\",\"n\":[1,2]}";
        for (var cs : List.of(StandardCharsets.UTF_16BE, StandardCharsets.UTF_16LE)) {
            byte[] bytes = json.getBytes(cs);
            assertThat(trees.read(bytes)).isEqualTo(MAPPER.readTree(bytes));
        }
    }

    @Test
    void malformedInputFailsAsTheMapperDoes() {
        for (String bad : List.of("{", "{\"a\":}", "[1,]", "{\"a\" 1}", "tru", "]", "{\"a\":1,}", "\"open",
                "{\"a\":[1,2}", "01")) {
            Throwable theirs = catchOf(() -> MAPPER.readTree(bad));
            Throwable ours = catchOf(() -> trees.read(bad));
            assertThat(ours).as(bad).isInstanceOf(JsonProcessingException.class);
            assertThat(theirs).as(bad).isInstanceOf(JsonProcessingException.class);
            assertThat(((JsonProcessingException) ours).getOriginalMessage()).as(bad)
                    .isEqualTo(((JsonProcessingException) theirs).getOriginalMessage());
        }
    }

    @Test
    void limitsAreThoseGiven() {
        JsonTrees shallow = new JsonTrees(StreamReadConstraints.builder().maxNestingDepth(3).build());
        assertThatThrownBy(() -> shallow.read("[[[[1]]]]"))
                .isInstanceOf(com.fasterxml.jackson.core.exc.StreamConstraintsException.class);
        assertThat(catchOf(() -> shallow.read("[[[1]]]"))).isNull();
        StringBuilder deep = new StringBuilder();
        deep.append("[".repeat(5000)).append("]".repeat(5000));
        assertThatThrownBy(() -> trees.read(deep.toString()))
                .isInstanceOf(com.fasterxml.jackson.core.exc.StreamConstraintsException.class);
    }

    @Test
    void everyJsonSideFileOfTheFixturesReadsTheSame() throws IOException {
        int files = 0;
        try (InputStream in = Files.newInputStream(Fixtures.path("podman-none.tar"));
                TarArchiveInputStream tar = new TarArchiveInputStream(in)) {
            for (TarArchiveEntry e = tar.getNextEntry(); e != null; e = tar.getNextEntry()) {
                if (e.isFile() && (e.getName().endsWith(".dump") || e.getName().endsWith(".status")
                        || e.getName().endsWith(".json"))) {
                    String json = new String(tar.readAllBytes(), StandardCharsets.UTF_8);
                    if (!json.isBlank()) {
                        same(json);
                        files++;
                    }
                }
            }
        }
        assertThat(files).isGreaterThanOrEqualTo(3);
    }

    private interface Call {
        void run() throws Exception;
    }

    private static Throwable catchOf(Call c) {
        try {
            c.run();
            return null;
        } catch (Throwable t) {
            return t;
        }
    }
}
