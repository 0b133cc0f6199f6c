package io.checkpointinspector.archive;

import java.io.Closeable;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.file.LinkOption;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A read-only file for positional reads from many threads. An interrupt closes a FileChannel for everybody;
 * this reopens it so one cancelled reader does not break the source for the others.
 */
final class SharedFile implements Closeable {

    private final Path path;
    private final OpenOption[] openOptions;
    private volatile FileChannel channel;
    private volatile boolean closed;

    private SharedFile(Path path, OpenOption[] openOptions) throws IOException {
        this.path = path;
        this.openOptions = openOptions;
        this.channel = FileChannel.open(path, openOptions);
    }

    /** Opens path, following a symlink only when followLinks (the top-level path the user named). */
    static SharedFile open(Path path, boolean followLinks) throws IOException {
        OpenOption[] options = followLinks
                ? new OpenOption[] {StandardOpenOption.READ}
                : new OpenOption[] {StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS};
        return new SharedFile(path, options);
    }

    Path path() {
        return path;
    }

    long size() throws IOException {
        return current().size();
    }

    /** Reads into dst from file position pos; -1 at end of file. */
    int read(ByteBuffer dst, long pos) throws IOException {
        for (int attempt = 0; ; attempt++) {
            FileChannel ch = current();
            try {
                return ch.read(dst, pos);
            } catch (ClosedByInterruptException e) {
                reopen(ch);
                InterruptedIOException interrupted = new InterruptedIOException("read of " + path + " interrupted");
                interrupted.initCause(e);
                throw interrupted;
            } catch (ClosedChannelException e) {
                if (closed || attempt > 0) {
                    throw e;
                }
                reopen(ch);
            }
        }
    }

    /** Reads exactly len bytes at pos unless the file ends; returns the count read. */
    int readFully(long pos, byte[] dst, int off, int len) throws IOException {
        ByteBuffer buf = ByteBuffer.wrap(dst, off, len);
        int total = 0;
        while (buf.hasRemaining()) {
            int n = read(buf, pos + total);
            if (n < 0) {
                break;
            }
            total += n;
        }
        return total;
    }

    private FileChannel current() throws IOException {
        if (closed) {
            throw new ClosedChannelException();
        }
        return channel;
    }

    private synchronized void reopen(FileChannel broken) throws IOException {
        if (!closed && channel == broken && !broken.isOpen()) {
            channel = FileChannel.open(path, openOptions);
        }
    }

    @Override
    public synchronized void close() throws IOException {
        closed = true;
        channel.close();
    }
}
