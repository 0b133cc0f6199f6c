package io.checkpointinspector.archive;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/** Parses POSIX pax extended header records ("LEN key=value\n"). */
final class PaxHeaders {

    private PaxHeaders() {
    }

    /** Adds the records of data to into (an empty value removes the key); null when malformed. */
    static Map<String, String> parse(byte[] data, int len, Map<String, String> into) {
        Map<String, String> out = into == null ? new HashMap<>() : into;
        int pos = 0;
        while (pos < len) {
            if (data[pos] == 0) {
                break; // some writers pad with NULs
            }
            int p = pos;
            long recordLen = 0;
            while (p < len && data[p] >= '0' && data[p] <= '9') {
                recordLen = recordLen * 10 + (data[p] - '0');
                if (recordLen > len) {
                    return null;
                }
                p++;
            }
            if (p == pos || p >= len || data[p] != ' ' || recordLen <= p - pos + 1 || pos + recordLen > len
                    || data[(int) (pos + recordLen - 1)] != '\n') {
                return null;
            }
            int kvStart = p + 1;
            int kvEnd = (int) (pos + recordLen - 1);
            int eq = -1;
            for (int i = kvStart; i < kvEnd; i++) {
                if (data[i] == '=') {
                    eq = i;
                    break;
                }
            }
            if (eq <= kvStart) {
                return null;
            }
            String key = new String(data, kvStart, eq - kvStart, StandardCharsets.UTF_8);
            String value = new String(data, eq + 1, kvEnd - eq - 1, StandardCharsets.UTF_8);
            if (value.isEmpty()) {
                out.remove(key);
            } else {
                out.put(key, value);
            }
            pos += (int) recordLen;
        }
        return out;
    }
}
