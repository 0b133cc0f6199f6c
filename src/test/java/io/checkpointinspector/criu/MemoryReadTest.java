package io.checkpointinspector.criu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.checkpointinspector.criu.MemoryRead.Gap;
import io.checkpointinspector.criu.MemoryRead.Reason;
import java.util.List;
import org.junit.jupiter.api.Test;

class MemoryReadTest {

    private static final long BASE = 0x7f0000001000L;

    /** 64 bytes 0..63 at BASE, bytes 16..31 not dumped, 48..63 in the parent. */
    private static MemoryRead read() {
        byte[] data = new byte[64];
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) i;
        }
        return new MemoryRead(BASE, data, List.of(new Gap(BASE + 16, 16, Reason.NOT_DUMPED),
                new Gap(BASE + 48, 16, Reason.IN_PARENT)));
    }

    @Test
    void sliceKeepsBytesAndClipsGaps() {
        MemoryRead part = read().slice(BASE + 24, 32);
        assertThat(part.vaddr()).isEqualTo(BASE + 24);
        assertThat(part.data()).hasSize(32).startsWith((byte) 24).endsWith((byte) 55);
        assertThat(part.gaps()).containsExactly(new Gap(BASE + 24, 8, Reason.NOT_DUMPED),
                new Gap(BASE + 48, 8, Reason.IN_PARENT));
        assertThat(part.missingBytes()).isEqualTo(16);
    }

    @Test
    void sliceBetweenGapsIsComplete() {
        MemoryRead part = read().slice(BASE + 32, 16);
        assertThat(part.complete()).isTrue();
        assertThat(part.data()).containsExactly(32, 33, 34, 35, 36, 37, 38, 39, 40, 41, 42, 43, 44, 45, 46, 47);
    }

    @Test
    void coversAndRefusesWhatIsOutside() {
        MemoryRead r = read();
        assertThat(r.covers(BASE, 64)).isTrue();
        assertThat(r.covers(BASE + 1, 64)).isFalse();
        assertThat(r.covers(BASE - 1, 2)).isFalse();
        assertThatThrownBy(() -> r.slice(BASE + 60, 8)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not inside");
    }

    @Test
    void worksAboveTheSignBit() {
        long vsyscall = 0xffffffffff600000L;
        MemoryRead r = new MemoryRead(vsyscall, new byte[4096], List.of(new Gap(vsyscall, 4096, Reason.NOT_DUMPED)));
        MemoryRead part = r.slice(vsyscall + 4000, 96);
        assertThat(part.gaps()).containsExactly(new Gap(vsyscall + 4000, 96, Reason.NOT_DUMPED));
    }
}
