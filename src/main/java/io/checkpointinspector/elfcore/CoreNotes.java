package io.checkpointinspector.elfcore;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** The byte layouts of the core notes for x86_64 (sizes and offsets as gcc lays out glibc's structs here). */
public final class CoreNotes {

    public static final int NT_PRSTATUS = 1;
    public static final int NT_FPREGSET = 2;
    public static final int NT_PRPSINFO = 3;
    public static final int NT_AUXV = 6;
    public static final int NT_FILE = 0x46494c45;
    public static final int NT_X86_XSTATE = 0x202;

    /** sizeof(struct elf_prstatus): pr_reg at 112, pr_fpvalid at 328. */
    public static final int PRSTATUS_SIZE = 336;
    /** sizeof(struct elf_prpsinfo): pr_fname at 40 (16), pr_psargs at 56 (80). */
    public static final int PRPSINFO_SIZE = 136;
    /** sizeof(struct user_fpregs_struct). */
    public static final int FPREGS_SIZE = 512;
    /** Where the kernel and gdb keep XCR0 in an NT_X86_XSTATE note (the FXSAVE area's software-reserved bytes). */
    public static final int XSTATE_XCR0_OFFSET = 464;

    private CoreNotes() {
    }

    private static ByteBuffer le(int size) {
        return ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
    }

    public static byte[] prstatus(CoreModel.Thread t, CoreModel.Process p) {
        ByteBuffer b = le(PRSTATUS_SIZE);
        // pr_info (signo, code, errno) and pr_cursig stay 0: a checkpoint is not a crash.
        b.putLong(24, t.sigHold());
        b.putInt(32, t.tid());
        b.putInt(36, p.ppid());
        b.putInt(40, p.pgrp());
        b.putInt(44, p.sid());
        // pr_utime .. pr_cstime (48..111): CRIU does not record them; left 0.
        for (int i = 0; i < CoreModel.GREGS; i++) {
            b.putLong(112 + 8 * i, t.gregs()[i]);
        }
        b.putInt(328, t.fpregs() != null ? 1 : 0);
        return b.array();
    }

    public static byte[] prpsinfo(CoreModel.Process p) {
        ByteBuffer b = le(PRPSINFO_SIZE);
        b.put(1, (byte) p.sname());
        b.putInt(16, p.uid());
        b.putInt(20, p.gid());
        b.putInt(24, p.pid());
        b.putInt(28, p.ppid());
        b.putInt(32, p.pgrp());
        b.putInt(36, p.sid());
        putCString(b, 40, 16, p.fname());
        putCString(b, 56, 80, p.psargs());
        return b.array();
    }

    /** At most size - 1 bytes of text, NUL-terminated. */
    private static void putCString(ByteBuffer b, int at, int size, String text) {
        byte[] t = text == null ? new byte[0] : text.getBytes(StandardCharsets.UTF_8);
        int n = Math.min(t.length, size - 1);
        for (int i = 0; i < n; i++) {
            b.put(at + i, t[i]);
        }
    }

    /** The saved auxiliary vector as pairs, up to and including the first AT_NULL (added when missing). */
    public static byte[] auxv(long[] saved) {
        int n = 0;
        while (n + 1 < saved.length && saved[n] != 0) {
            n += 2;
        }
        ByteBuffer b = le((n + 2) * 8);
        for (int i = 0; i < n; i++) {
            b.putLong(saved[i]);
        }
        return b.array();
    }

    /** NT_FILE: count, page size, {start, end, offset in pages} per mapping, then the NUL-terminated names. */
    public static byte[] file(List<CoreModel.FileMapping> files, int pageSize) {
        ByteArrayOutputStream names = new ByteArrayOutputStream();
        ByteBuffer head = le(16 + 24 * files.size());
        head.putLong(files.size());
        head.putLong(pageSize);
        for (CoreModel.FileMapping f : files) {
            head.putLong(f.start());
            head.putLong(f.end());
            head.putLong(Long.divideUnsigned(f.offset(), pageSize));
            names.writeBytes(f.path().getBytes(StandardCharsets.UTF_8));
            names.write(0);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(head.array());
        out.writeBytes(names.toByteArray());
        return out.toByteArray();
    }

    /** One note: namesz, descsz, type, the name with its NUL, the descriptor; each part padded to 4 bytes. */
    public static byte[] note(String name, int type, byte[] desc) {
        byte[] n = (name + "\0").getBytes(StandardCharsets.US_ASCII);
        ByteBuffer b = le(12 + pad4(n.length) + pad4(desc.length));
        b.putInt(n.length);
        b.putInt(desc.length);
        b.putInt(type);
        b.put(n);
        b.position(12 + pad4(n.length));
        b.put(desc);
        return b.array();
    }

    static int pad4(int n) {
        return (n + 3) & ~3;
    }

    /** The notes of a core file in the kernel's order: the first thread's with the process notes, then each other. */
    public static byte[] all(CoreModel.Content c) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        boolean first = true;
        for (CoreModel.Thread t : c.threads()) {
            out.writeBytes(note("CORE", NT_PRSTATUS, prstatus(t, c.process())));
            if (first) {
                out.writeBytes(note("CORE", NT_PRPSINFO, prpsinfo(c.process())));
                if (c.auxv() != null && c.auxv().length > 0) {
                    out.writeBytes(note("CORE", NT_AUXV, auxv(c.auxv())));
                }
                if (!c.files().isEmpty()) {
                    out.writeBytes(note("CORE", NT_FILE, file(c.files(), c.pageSize())));
                }
            }
            // gdb and BFD tie a register note to the NT_PRSTATUS before it.
            if (t.fpregs() != null) {
                out.writeBytes(note("CORE", NT_FPREGSET, t.fpregs()));
            }
            if (t.xstate() != null) {
                out.writeBytes(note("LINUX", NT_X86_XSTATE, t.xstate()));
            }
            first = false;
        }
        for (CoreModel.Note n : c.extraNotes()) {
            out.writeBytes(note(n.name(), n.type(), n.desc()));
        }
        return out.toByteArray();
    }
}
