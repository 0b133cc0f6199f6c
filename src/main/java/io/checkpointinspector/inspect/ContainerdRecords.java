package io.checkpointinspector.inspect;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import io.checkpointinspector.archive.ContainerdCheckpoints;
import io.checkpointinspector.archive.ContainerdImage;
import io.checkpointinspector.inspect.proto.RuncCheckpointOptions;
import io.checkpointinspector.inspect.proto.RuncOptions;
import io.checkpointinspector.inspect.proto.TypedBlob;
import io.checkpointinspector.model.ContainerdCheckpoint;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Decodes the protobuf blobs of a containerd checkpoint image (collected as side files under containerd/): the
 * config blob is a protobuf Any holding the OCI spec as JSON, the options blobs are Anys holding runc's
 * CheckpointOptions and Options. A blob that does not decode is a warning naming it; nothing else is lost.
 */
final class ContainerdRecords {

    static final String SPEC_TYPE_SUFFIX = "opencontainers/runtime-spec/1/Spec";
    static final String RUNC_CHECKPOINT_OPTIONS = "containerd.runc.v1.CheckpointOptions";
    static final String RUNC_OPTIONS = "containerd.runc.v1.Options";

    private final String source;
    private final Consumer<String> warnings;

    ContainerdRecords(String source, Consumer<String> warnings) {
        this.source = source;
        this.warnings = warnings;
    }

    /** The spec JSON of the config blob; empty (with a warning) when the blob holds something else. */
    Optional<byte[]> spec(byte[] config) {
        if (config.length > 0 && config[0] == '{') {
            return Optional.of(config); // no Any around it: the spec JSON as it is
        }
        Optional<TypedBlob> any = any(ContainerdCheckpoints.CONFIG_ENTRY, config);
        if (any.isEmpty()) {
            return Optional.empty();
        }
        String type = text(any.get().getTypeUrl());
        if (type == null || !type.endsWith(SPEC_TYPE_SUFFIX)) {
            warnings.accept(source + ": entry " + ContainerdCheckpoints.CONFIG_ENTRY + ": holds a "
                    + printable(type) + ", not an OCI runtime spec: no spec");
            return Optional.empty();
        }
        return Optional.of(any.get().getValue().toByteArray());
    }

    /** runc's options in an options blob, or the reason they are not shown. */
    ContainerdCheckpoint.Options options(String entry, byte[] blob) {
        Optional<TypedBlob> any = any(entry, blob);
        if (any.isEmpty()) {
            return new ContainerdCheckpoint.Options(null, Map.of(), "not a protobuf Any");
        }
        String type = text(any.get().getTypeUrl());
        ByteString value = any.get().getValue();
        try {
            if (RUNC_CHECKPOINT_OPTIONS.equals(type) || (type != null && type.endsWith("/" + RUNC_CHECKPOINT_OPTIONS))) {
                return new ContainerdCheckpoint.Options(type, fields(RuncCheckpointOptions.parseFrom(value)), null);
            }
            if (RUNC_OPTIONS.equals(type) || (type != null && type.endsWith("/" + RUNC_OPTIONS))) {
                return new ContainerdCheckpoint.Options(type, fields(RuncOptions.parseFrom(value)), null);
            }
        } catch (InvalidProtocolBufferException e) {
            warnings.accept(source + ": entry " + entry + ": the " + type + " in it is not valid protobuf: "
                    + e.getMessage());
            return new ContainerdCheckpoint.Options(type, Map.of(), "not valid protobuf");
        }
        return new ContainerdCheckpoint.Options(printable(type), Map.of(),
                "a type this reader does not know (" + value.size() + " bytes): not decoded");
    }

    private Optional<TypedBlob> any(String entry, byte[] blob) {
        try {
            return Optional.of(TypedBlob.parseFrom(blob));
        } catch (InvalidProtocolBufferException e) {
            warnings.accept(source + ": entry " + entry + ": not a protobuf Any: " + e.getMessage());
            return Optional.empty();
        }
    }

    /** Every field of a decoded message by its schema name, repeated ones joined with ", ". */
    private static Map<String, String> fields(Message message) {
        Map<String, String> out = new LinkedHashMap<>();
        for (FieldDescriptor f : message.getDescriptorForType().getFields()) {
            Object value = message.getField(f);
            if (f.isRepeated()) {
                List<String> parts = new ArrayList<>();
                for (Object o : (List<?>) value) {
                    parts.add(printable(String.valueOf(o)));
                }
                out.put(f.getName(), String.join(", ", parts));
            } else {
                out.put(f.getName(), printable(String.valueOf(value)));
            }
        }
        return out;
    }

    /** The model's containerd section from the index and what was decoded. */
    static ContainerdCheckpoint model(ContainerdImage image, JsonNode spec, ContainerdCheckpoint.Options options,
            ContainerdCheckpoint.Options runtimeOptions) {
        Map<String, String> a = image.annotations();
        String cgroupsPath = spec == null ? null : ContainerMetadata.text(spec.path("linux"), "cgroupsPath");
        String[] parts = cgroupsPath == null ? new String[0] : cgroupsPath.split("/", -1);
        String namespace = parts.length == 3 && parts[0].isEmpty() && !parts[1].isEmpty() && !parts[2].isEmpty()
                ? parts[1] : null;
        List<ContainerdCheckpoint.Blob> blobs = new ArrayList<>();
        for (ContainerdImage.Blob b : image.blobs()) {
            blobs.add(new ContainerdCheckpoint.Blob(b.role().name(), b.mediaType(), b.digest(), b.size(), b.entry()));
        }
        return new ContainerdCheckpoint(image.checkpointName(), image.indexDigest(),
                ContainerMetadata.first(a.get(REF_NAME), a.get(ContainerdCheckpoints.TASK_IMAGE_ANNOTATION)),
                a.get(ContainerdCheckpoints.RUNTIME_ANNOTATION), a.get(ContainerdCheckpoints.SNAPSHOTTER_ANNOTATION),
                cgroupsPath, namespace, blobs, options, runtimeOptions);
    }

    /** The container id containerd's default spec puts into cgroupsPath (/NAMESPACE/ID), or null. */
    static String idFromCgroupsPath(ContainerdCheckpoint c) {
        return c.namespace() == null ? null : c.cgroupsPath().substring(c.namespace().length() + 2);
    }

    /** In a checkpoint index (not in a layout's index.json) this OCI annotation names the base image. */
    static final String REF_NAME = "org.opencontainers.image.ref.name";

    private static String text(ByteString bytes) {
        if (bytes.isEmpty()) {
            return null;
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .decode(bytes.asReadOnlyByteBuffer()).toString();
        } catch (CharacterCodingException e) {
            return "(type name not UTF-8: " + bytes.size() + " bytes)";
        }
    }

    private static String printable(String s) {
        if (s == null) {
            return "(no type)";
        }
        StringBuilder sb = new StringBuilder(Math.min(s.length(), 512));
        for (int i = 0; i < s.length() && sb.length() < 512; i++) {
            char c = s.charAt(i);
            sb.append(c < 0x20 || c == 0x7f ? '?' : c);
        }
        return sb.toString();
    }
}
