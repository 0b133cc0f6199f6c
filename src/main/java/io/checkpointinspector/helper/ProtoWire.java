package io.checkpointinspector.helper;

import java.util.ArrayList;
import java.util.List;

/**
 * The protobuf wire format, just enough to check containerd's small option blobs without generated classes (the
 * helper carries no protobuf runtime): a message as its fields in order. Malformed input is a
 * {@link IllegalArgumentException}.
 */
final class ProtoWire {

    /** One field: number, wire type (0 varint, 1 fixed64, 2 bytes, 5 fixed32), the varint or the bytes. */
    record Field(int number, int wireType, long varint, byte[] bytes) {
    }

    private ProtoWire() {
    }

    static List<Field> parse(byte[] b) {
        List<Field> out = new ArrayList<>();
        int[] pos = {0};
        while (pos[0] < b.length) {
            long key = varint(b, pos);
            int number = (int) (key >>> 3);
            int type = (int) (key & 7);
            if (number <= 0 || key >>> 3 > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("field number " + (key >>> 3));
            }
            switch (type) {
                case 0 -> out.add(new Field(number, type, varint(b, pos), null));
                case 1, 5 -> {
                    int n = type == 1 ? 8 : 4;
                    out.add(new Field(number, type, 0, slice(b, pos, n)));
                }
                case 2 -> {
                    long n = varint(b, pos);
                    if (n > b.length - pos[0]) {
                        throw new IllegalArgumentException("field " + number + " runs past the end");
                    }
                    out.add(new Field(number, type, 0, slice(b, pos, (int) n)));
                }
                default -> throw new IllegalArgumentException("wire type " + type + " of field " + number);
            }
        }
        return out;
    }

    private static byte[] slice(byte[] b, int[] pos, int n) {
        if (n > b.length - pos[0]) {
            throw new IllegalArgumentException("truncated");
        }
        byte[] out = java.util.Arrays.copyOfRange(b, pos[0], pos[0] + n);
        pos[0] += n;
        return out;
    }

    private static long varint(byte[] b, int[] pos) {
        long v = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            if (pos[0] >= b.length) {
                throw new IllegalArgumentException("truncated varint");
            }
            int c = b[pos[0]++] & 0xff;
            v |= (long) (c & 0x7f) << shift;
            if ((c & 0x80) == 0) {
                return v;
            }
        }
        throw new IllegalArgumentException("varint longer than 10 bytes");
    }
}
