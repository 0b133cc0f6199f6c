package io.checkpointinspector.criu;

import com.google.protobuf.MessageLite;
import java.io.ByteArrayOutputStream;

/** Test helper writing CRIU image framing. */
final class Images {
  static final int COMMON = 0x54564319;
  static final int SERVICE = 0x55105940;

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();

  static Images common(int magic) {
    return new Images().u32(COMMON).u32(magic);
  }

  static Images service(int magic) {
    return new Images().u32(SERVICE).u32(magic);
  }

  static Images bare(int magic) {
    return new Images().u32(magic);
  }

  Images u32(int v) {
    out.write(v);
    out.write(v >>> 8);
    out.write(v >>> 16);
    out.write(v >>> 24);
    return this;
  }

  Images record(MessageLite m) {
    byte[] b = m.toByteArray();
    u32(b.length);
    out.writeBytes(b);
    return this;
  }

  Images record(MessageLite.Builder m) {
    return record(m.build());
  }

  Images rawRecord(byte[] b) {
    u32(b.length);
    out.writeBytes(b);
    return this;
  }

  Images bytes(byte[] b) {
    out.writeBytes(b);
    return this;
  }

  byte[] build() {
    return out.toByteArray();
  }
}
