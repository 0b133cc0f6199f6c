package io.checkpointinspector.ui.common;

import io.checkpointinspector.text.HexDump;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Bytes shown as text when they read as UTF-8 text, else as a hex dump.
 *
 * @param text   the text, or null for binary data
 * @param hex    the hex dump (always available, of at most {@link #HEX_BYTES} bytes)
 * @param binary whether the bytes look binary
 */
public record PreviewText(String text, String hex, boolean binary) {

    /** Hex dumps beyond this are not shown: 4,096 lines is more than anyone scrolls. */
    public static final int HEX_BYTES = 64 << 10;

    public static PreviewText of(byte[] data) {
        return of(data, 0);
    }

    /** data as read from offset of its file: the hex dump shows file offsets. */
    public static PreviewText of(byte[] data, long offset) {
        String text = offset == 0 ? asText(data) : null;
        return new PreviewText(text, HexDump.of(data, Math.min(data.length, HEX_BYTES), offset, 8), text == null);
    }

    /** The preferred form: text when there is text. */
    public String preferred() {
        return binary ? hex : text;
    }

    private static String asText(byte[] data) {
        // A cut in the middle of a multi-byte character at the end is not a reason to call the data binary.
        int end = data.length;
        for (int i = 0; i < 3 && end > 0 && (data[end - 1] & 0xC0) == 0x80; i++) {
            end--;
        }
        if (end > 0 && (data[end - 1] & 0xC0) == 0xC0) {
            end--;
        }
        int control = 0;
        for (int i = 0; i < end; i++) {
            int b = data[i] & 0xff;
            if (b == 0) {
                return null;
            }
            if (b < 0x20 && b != '\n' && b != '\r' && b != '\t' && b != '\f' && b != 0x1b) {
                control++;
            }
        }
        if (end > 0 && control * 20 > end) {
            return null;
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(data, 0, end)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }
}
