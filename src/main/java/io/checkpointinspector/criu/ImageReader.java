package io.checkpointinspector.criu;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.MessageLite;
import com.google.protobuf.Parser;
import io.checkpointinspector.criu.proto.BpfmapDataEntry;
import io.checkpointinspector.criu.proto.GhostChunkEntry;
import io.checkpointinspector.criu.proto.GhostFileEntry;
import io.checkpointinspector.criu.proto.PipeDataEntry;
import io.checkpointinspector.criu.proto.SkPacketEntry;
import io.checkpointinspector.criu.proto.TcpStreamEntry;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * Reads the framing of CRIU images.
 *
 * <p>Layout (all integers little-endian u32):
 *
 * <pre>
 *   [IMG_COMMON 0x54564319 | IMG_SERVICE 0x55105940]   absent for inventory.img and v1 images
 *   image magic                                          see {@link ImageKind}
 *   { size, protobuf message of `size` bytes, [extra payload] }   until EOF
 * </pre>
 *
 * A size of 0 is a legal, empty message. Extra payload follows records of pipes-data, fifo-data,
 * sk-queues, tcp-stream, bpfmap-data and ghost-file images (see {@link ImageKind.Extra}); it is
 * skipped and only its first {@link Limits#extraPreviewBytes()} bytes are kept. Raw images (pages,
 * iptables, ...) have no magic and no records: reading one by name returns no records.
 *
 * <p>Tolerance: a missing or unknown magic, a record size above {@link Limits#maxRecordSize()} or
 * more than {@link Limits#maxRecords()} records throw {@link CriuImageException}. A magic that
 * does not match the file name, a truncated size prefix, record or payload, and a record that
 * fails to parse are reported as warnings; what could be read is returned (a record that fails to
 * parse is kept as the partially parsed message when protobuf provides one). Records are read in
 * chunks, so a declared size is never allocated up front. Apart from {@link CriuImageException}
 * only {@link IOException}s of the underlying stream escape.
 */
public final class ImageReader {

  /** Decoding limits. */
  public record Limits(int maxRecordSize, int maxRecords, int extraPreviewBytes) {
    /** 64 MiB per record, 4,000,000 records, 256 preview bytes of extra payload. */
    public static final Limits DEFAULT = new Limits(64 << 20, 4_000_000, 256);

    public Limits {
      if (maxRecordSize < 0 || maxRecords < 0 || extraPreviewBytes < 0) {
        throw new IllegalArgumentException("limits must not be negative");
      }
    }
  }

  /** Extra payload that followed a record: where it was, its length, its first bytes. */
  public record ExtraPayload(long offset, long declaredLength, long readLength, byte[] head) {
    /** True if the stream ended before the declared length. */
    public boolean truncated() {
      return readLength < declaredLength;
    }
  }

  /**
   * One decoded record.
   *
   * @param index 0-based record number
   * @param offset byte offset of the record's size prefix in the image
   * @param size declared message size
   * @param message the message; a partial one if {@code partial}
   * @param partial true if the record was truncated or failed to parse
   * @param extra payload after the record, or null
   */
  public record Record(
      int index, long offset, long size, Message message, boolean partial, ExtraPayload extra) {}

  /** Receives records as they are decoded. */
  @FunctionalInterface
  public interface RecordHandler {
    /** Called once per record, in image order. */
    void onRecord(Record record) throws IOException;
  }

  /**
   * Header information and problems of a streamed image.
   *
   * @param entryName name given by the caller
   * @param kind the kind decided by the magic (or by the name for raw images)
   * @param magic the image magic (0 for raw images)
   * @param prefix what preceded the magic
   * @param recordCount records delivered
   * @param bytesRead bytes consumed from the stream
   * @param truncated true if the stream ended inside a record or payload
   * @param warnings human-readable problems, each prefixed with the entry name
   */
  public record Summary(
      String entryName,
      ImageKind kind,
      int magic,
      ImagePrefix prefix,
      int recordCount,
      long bytesRead,
      boolean truncated,
      List<String> warnings) {}

  /**
   * A fully decoded image.
   *
   * @param entryName name given by the caller
   * @param kind the image kind
   * @param magic the image magic (0 for raw images)
   * @param records the record messages in order (see {@link #entries()} for offsets and payload)
   * @param warnings human-readable problems, each prefixed with the entry name
   * @param entries the records with offsets, partial flags and extra payload
   * @param prefix what preceded the magic
   * @param truncated true if the stream ended inside a record or payload
   */
  public record DecodedImage(
      String entryName,
      ImageKind kind,
      int magic,
      List<Message> records,
      List<String> warnings,
      List<Record> entries,
      ImagePrefix prefix,
      boolean truncated) {
    /** The records of type {@code type}, in order. */
    public <T extends Message> List<T> recordsOf(Class<T> type) {
      List<T> out = new ArrayList<>();
      for (Message m : records) {
        if (type.isInstance(m)) {
          out.add(type.cast(m));
        }
      }
      return out;
    }

    /** The first record of type {@code type}, if any. */
    public <T extends Message> Optional<T> first(Class<T> type) {
      for (Message m : records) {
        if (type.isInstance(m)) {
          return Optional.of(type.cast(m));
        }
      }
      return Optional.empty();
    }
  }

  private ImageReader() {}

  /** {@link #read(String, InputStream, Limits)} with {@link Limits#DEFAULT}. */
  public static DecodedImage read(String entryName, InputStream in) throws IOException {
    return read(entryName, in, Limits.DEFAULT);
  }

  /** {@link #read(String, InputStream, Limits)} on a byte array. */
  public static DecodedImage read(String entryName, byte[] data, Limits limits)
      throws IOException {
    return read(entryName, new java.io.ByteArrayInputStream(data), limits);
  }

  /**
   * Decodes a whole image into memory. The stream is read until the end of the image (or until a
   * fatal problem) but not closed.
   *
   * @param entryName archive entry or file name; its base name selects the kind for raw images
   *     and is checked against the magic
   * @throws CriuImageException for a missing/unknown magic or when a limit is exceeded
   * @throws IOException if the underlying stream fails
   */
  public static DecodedImage read(String entryName, InputStream in, Limits limits)
      throws IOException {
    List<Record> entries = new ArrayList<>();
    Summary s = stream(entryName, in, limits, entries::add);
    List<Message> msgs = new ArrayList<>(entries.size());
    for (Record r : entries) {
      msgs.add(r.message());
    }
    return new DecodedImage(
        entryName,
        s.kind(),
        s.magic(),
        Collections.unmodifiableList(msgs),
        s.warnings(),
        Collections.unmodifiableList(entries),
        s.prefix(),
        s.truncated());
  }

  /**
   * Decodes an image and hands each record to {@code handler} as soon as it is read, keeping
   * nothing in memory. Same rules as {@link #read(String, InputStream, Limits)}.
   */
  public static Summary stream(
      String entryName, InputStream in, Limits limits, RecordHandler handler) throws IOException {
    if (in == null || limits == null || handler == null) {
      throw new IllegalArgumentException("null argument");
    }
    return new Session(entryName == null ? "" : entryName, in, limits, handler).run();
  }

  /**
   * Reads only the magic of an image and returns the kind it names. Consumes 4 or 8 bytes.
   *
   * @throws CriuImageException for a short or unknown magic
   */
  public static ImageKind readKind(String entryName, InputStream in) throws IOException {
    Session s = new Session(entryName == null ? "" : entryName, in, Limits.DEFAULT, r -> {});
    s.readMagic();
    return s.kind;
  }

  // ------------------------------------------------------------------------------------------

  private static final class Session {
    private final String name;
    private final CountingInput in;
    private final Limits limits;
    private final RecordHandler handler;
    private final List<String> warnings = new ArrayList<>();
    private ImageKind kind;
    private int magic;
    private ImagePrefix prefix = ImagePrefix.NONE;
    private int count;
    private boolean truncated;

    Session(String name, InputStream in, Limits limits, RecordHandler handler) {
      this.name = name;
      this.in = new CountingInput(in);
      this.limits = limits;
      this.handler = handler;
    }

    private void warn(String msg) {
      warnings.add((name.isEmpty() ? "<image>" : name) + ": " + msg);
    }

    private CriuImageException fail(long offset, String msg) {
      return new CriuImageException(name, offset, msg);
    }

    Summary run() throws IOException {
      Optional<ImageKind> byName = ImageKind.forFileName(name);
      if (byName.isPresent() && byName.get().isRaw()) {
        kind = byName.get();
        prefix = ImagePrefix.RAW;
        magic = 0;
        return summary();
      }
      if (!readMagic()) {
        return summary();
      }
      if (!kind.isDecoded()) {
        warn("records of " + kind.critName() + " images are not decoded");
        return summary();
      }
      readRecords();
      return summary();
    }

    private Summary summary() {
      return new Summary(
          name, kind, magic, prefix, count, in.position(), truncated, List.copyOf(warnings));
    }

    /** Returns false for an empty image of a kind known by name. */
    boolean readMagic() throws IOException {
      byte[] b = new byte[4];
      int n = in.readUpTo(b, 0, 4);
      Optional<ImageKind> byName = ImageKind.forFileName(name);
      if (n == 0) {
        if (byName.isPresent()) {
          kind = byName.get();
          magic = kind.magic();
          prefix = kind.prefix();
          warn("empty image (0 bytes)");
          return false;
        }
        throw fail(0, "empty file, no image magic");
      }
      if (n < 4) {
        throw fail(0, "only " + n + " bytes, too short for an image magic");
      }
      int first = le32(b);
      int m = first;
      if (first == ImagePrefix.COMMON.magic() || first == ImagePrefix.SERVICE.magic()) {
        prefix = first == ImagePrefix.COMMON.magic() ? ImagePrefix.COMMON : ImagePrefix.SERVICE;
        n = in.readUpTo(b, 0, 4);
        if (n < 4) {
          throw fail(4, "truncated after the " + prefix + " magic, image magic missing");
        }
        m = le32(b);
      } else {
        prefix = ImagePrefix.NONE;
      }
      magic = m;
      Optional<ImageKind> byMagic = ImageKind.forMagic(m);
      if (byMagic.isEmpty()) {
        throw fail(-1, "unknown image magic " + ImagePrefix.hex(m));
      }
      ImageKind k = byMagic.get();
      if (byName.isPresent() && byName.get().magic() == m) {
        k = byName.get(); // kinds sharing a magic: the name decides
      } else if (byName.isPresent()) {
        warn(
            "image magic "
                + ImagePrefix.hex(m)
                + " ("
                + k.critName()
                + ") does not match the file name, which suggests "
                + byName.get().critName()
                + " ("
                + byName.get().magicHex()
                + "); decoding as "
                + k.critName());
      }
      kind = k;
      if (prefix != k.prefix()) {
        if (prefix == ImagePrefix.NONE) {
          warn(
              "no "
                  + k.prefix()
                  + " magic before the image magic (old images v1 format?)");
        } else {
          warn(
              "unexpected "
                  + prefix
                  + " magic before the image magic, expected "
                  + k.prefix());
        }
      }
      return true;
    }

    private void readRecords() throws IOException {
      byte[] sizeBuf = new byte[4];
      boolean ghostChunks = false;
      while (true) {
        long recOffset = in.position();
        int n = in.readUpTo(sizeBuf, 0, 4);
        if (n == 0) {
          return;
        }
        if (n < 4) {
          truncated = true;
          warn("truncated at byte " + in.position() + ": partial size prefix of record #" + count);
          return;
        }
        if (count >= limits.maxRecords()) {
          throw fail(recOffset, "more than " + limits.maxRecords() + " records");
        }
        long size = Integer.toUnsignedLong(le32(sizeBuf));
        if (size > limits.maxRecordSize()) {
          throw fail(
              recOffset,
              "record #"
                  + count
                  + " declares "
                  + size
                  + " bytes, more than the limit of "
                  + limits.maxRecordSize());
        }
        byte[] data = in.readChunked((int) size);
        boolean shortRead = data.length < size;
        if (shortRead) {
          truncated = true;
          warn(
              "truncated at byte "
                  + in.position()
                  + ": record #"
                  + count
                  + " declares "
                  + size
                  + " bytes, only "
                  + data.length
                  + " present");
        }
        Parser<? extends Message> parser = kind.parserFor(count);
        Message msg = parse(parser, data, recOffset);
        boolean partial = shortRead || lastParseFailed;
        if (msg == null) {
          if (shortRead) {
            return; // nothing usable from a truncated record
          }
          msg = emptyOf(parser); // keep record numbering stable
        }
        ExtraPayload extra = null;
        boolean contentToEof = false;
        if (!shortRead) {
          if (kind.extra() == ImageKind.Extra.GHOST_FILE && count == 0) {
            ghostChunks = msg instanceof GhostFileEntry g && g.getChunks();
            contentToEof = !ghostChunks;
            if (contentToEof) {
              extra = readExtra(-1);
            }
          } else {
            long extraLen = extraLength(msg, ghostChunks);
            if (extraLen > 0) {
              extra = readExtra(extraLen);
            }
          }
        }
        Record rec = new Record(count, recOffset, size, msg, partial, extra);
        count++;
        handler.onRecord(rec);
        if (truncated || contentToEof) {
          return;
        }
      }
    }

    private boolean lastParseFailed;

    private Message parse(Parser<? extends Message> parser, byte[] data, long recOffset) {
      lastParseFailed = false;
      try {
        return parser.parseFrom(data);
      } catch (InvalidProtocolBufferException e) {
        lastParseFailed = true;
        MessageLite unfinished = e.getUnfinishedMessage();
        warn(
            "record #"
                + count
                + " at byte "
                + recOffset
                + " does not parse ("
                + e.getMessage()
                + ")"
                + (unfinished instanceof Message ? "; keeping the partially parsed fields" : ""));
        return unfinished instanceof Message m ? m : null;
      } catch (RuntimeException e) {
        lastParseFailed = true;
        warn("record #" + count + " at byte " + recOffset + " does not parse (" + e + ")");
        return null;
      }
    }

    private static Message emptyOf(Parser<? extends Message> parser) {
      try {
        return parser.parseFrom(new byte[0]);
      } catch (InvalidProtocolBufferException e) {
        throw new IllegalStateException(e); // all fields are optional: cannot happen
      }
    }

    private long extraLength(Message msg, boolean ghostChunks) {
      return switch (kind.extra()) {
        case PIPE_DATA -> msg instanceof PipeDataEntry p ? Integer.toUnsignedLong(p.getBytes()) : 0;
        case SK_QUEUE -> msg instanceof SkPacketEntry p ? Integer.toUnsignedLong(p.getLength()) : 0;
        case TCP_STREAM ->
            msg instanceof TcpStreamEntry t
                ? Integer.toUnsignedLong(t.getInqLen()) + Integer.toUnsignedLong(t.getOutqLen())
                : 0;
        case BPFMAP_DATA ->
            msg instanceof BpfmapDataEntry b
                ? Integer.toUnsignedLong(b.getKeysBytes())
                    + Integer.toUnsignedLong(b.getValuesBytes())
                : 0;
        case GHOST_FILE -> ghostChunks && msg instanceof GhostChunkEntry c ? c.getLen() : 0;
        default -> 0;
      };
    }

    /** Skips {@code len} payload bytes (or up to EOF if len < 0), keeping the first few. */
    private ExtraPayload readExtra(long len) throws IOException {
      long start = in.position();
      int keep = limits.extraPreviewBytes();
      if (len >= 0) {
        keep = (int) Math.min(keep, len);
      }
      byte[] head = new byte[keep];
      int got = in.readUpTo(head, 0, keep);
      if (got < keep) {
        head = Arrays.copyOf(head, got);
      }
      long total = got;
      if (got == keep) {
        long want = len < 0 ? Long.MAX_VALUE : len - got;
        total += in.skipUpTo(want);
      }
      if (len >= 0 && total < len) {
        truncated = true;
        warn(
            "truncated at byte "
                + in.position()
                + ": payload after record #"
                + count
                + " declares "
                + Long.toUnsignedString(len)
                + " bytes, only "
                + total
                + " present");
      }
      return new ExtraPayload(start, len < 0 ? total : len, total, head);
    }
  }

  static int le32(byte[] b) {
    return (b[0] & 0xff) | (b[1] & 0xff) << 8 | (b[2] & 0xff) << 16 | (b[3] & 0xff) << 24;
  }

  /** InputStream wrapper counting bytes, with chunked reads. */
  static final class CountingInput {
    private static final int CHUNK = 1 << 16;
    private final InputStream in;
    private long pos;
    private final byte[] scratch = new byte[8192];

    CountingInput(InputStream in) {
      this.in = in;
    }

    long position() {
      return pos;
    }

    /** Reads up to len bytes, fewer only at EOF. */
    int readUpTo(byte[] b, int off, int len) throws IOException {
      int total = 0;
      while (total < len) {
        int n = in.read(b, off + total, len - total);
        if (n < 0) {
          break;
        }
        total += n;
        pos += n;
      }
      return total;
    }

    /** Reads up to size bytes without allocating size bytes before they arrived. */
    byte[] readChunked(int size) throws IOException {
      if (size <= CHUNK) {
        byte[] b = new byte[size];
        int n = readUpTo(b, 0, size);
        return n == size ? b : Arrays.copyOf(b, n);
      }
      byte[] buf = new byte[CHUNK];
      int filled = 0;
      while (filled < size) {
        if (filled == buf.length) {
          buf = Arrays.copyOf(buf, (int) Math.min((long) buf.length * 2, size));
        }
        int n = readUpTo(buf, filled, Math.min(buf.length, size) - filled);
        if (n == 0) {
          break;
        }
        filled += n;
      }
      return filled == buf.length ? buf : Arrays.copyOf(buf, filled);
    }

    /** Skips up to n bytes by reading, returns the number skipped (less only at EOF). */
    long skipUpTo(long n) throws IOException {
      long done = 0;
      while (done < n) {
        int want = (int) Math.min(scratch.length, n - done);
        int got = in.read(scratch, 0, want);
        if (got < 0) {
          break;
        }
        done += got;
        pos += got;
      }
      return done;
    }
  }
}
