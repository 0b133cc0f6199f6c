package io.checkpointinspector.inspect;

import io.checkpointinspector.criu.StringsScanner;

/**
 * One run of printable characters in a process's dumped memory.
 *
 * @param pid      process (pid inside the container)
 * @param process  its comm, or null
 * @param address  virtual address of its first byte
 * @param vmaLabel label of the memory area holding it ("" anonymous, null if no area covers it)
 * @param encoding single bytes or UTF-16LE
 * @param length   characters
 * @param text     the first {@link StringsScanner#MAX_TEXT} characters
 */
public record MemoryString(int pid, String process, long address, String vmaLabel,
        StringsScanner.Encoding encoding, long length, String text) {

    /** Bytes the run takes in memory. */
    public long byteLength() {
        return encoding == StringsScanner.Encoding.ASCII ? length : length * 2;
    }
}
