package io.checkpointinspector.elfcore;

import java.util.List;

/** What goes into one core file, already taken from wherever it came from. */
public final class CoreModel {

    /** Registers in struct user_regs_struct order (r15 ... gs): 27 values. */
    public static final int GREGS = 27;

    /**
     * One thread.
     *
     * @param tid      thread id (prstatus pr_pid)
     * @param gregs    the 27 general registers in user_regs_struct order
     * @param sigHold  blocked signals mask
     * @param fpregs   the 512-byte user_fpregs_struct (FXSAVE layout), or null when the checkpoint has none
     * @param xstate   the XSAVE area for NT_X86_XSTATE (FXSAVE part, header and extended components), or null
     */
    public record Thread(int tid, long[] gregs, long sigHold, byte[] fpregs, byte[] xstate) {
        public Thread {
            if (gregs.length != GREGS) {
                throw new IllegalArgumentException("need " + GREGS + " registers, got " + gregs.length);
            }
            if (fpregs != null && fpregs.length != CoreNotes.FPREGS_SIZE) {
                throw new IllegalArgumentException("fpregs must be " + CoreNotes.FPREGS_SIZE + " bytes");
            }
        }
    }

    /**
     * The process as prpsinfo tells it.
     *
     * @param sname state letter (pr_sname), '.' when not known
     */
    public record Process(int pid, int ppid, int pgrp, int sid, int uid, int gid, char sname, String fname,
            String psargs) {
    }

    /** One file-backed mapping for NT_FILE; offset in bytes (written in pages). */
    public record FileMapping(long start, long end, long offset, String path) {
    }

    /**
     * One PT_LOAD: length bytes at vaddr, with PF_* flags; sourceOffset is where the caller's bytes for it are
     * (e.g. the offset in a pages image), used only to order the data in the file.
     */
    public record Load(long vaddr, long length, int flags, long sourceOffset) {
    }

    /** An extra note (e.g. our own, saying what was left out). */
    public record Note(String name, int type, byte[] desc) {
    }

    private CoreModel() {
    }

    /** PF_* from PROT_* bits (PROT_READ 1, PROT_WRITE 2, PROT_EXEC 4). */
    public static int flagsOfProt(long prot) {
        int f = 0;
        if ((prot & 1) != 0) {
            f |= ElfCoreFile.PF_R;
        }
        if ((prot & 2) != 0) {
            f |= ElfCoreFile.PF_W;
        }
        if ((prot & 4) != 0) {
            f |= ElfCoreFile.PF_X;
        }
        return f;
    }

    /** Everything, in the order the notes are written. */
    public record Content(Process process, List<Thread> threads, long[] auxv, int pageSize,
            List<FileMapping> files, List<Load> loads, List<Note> extraNotes) {
        public Content {
            threads = List.copyOf(threads);
            files = List.copyOf(files);
            loads = List.copyOf(loads);
            extraNotes = List.copyOf(extraNotes);
            if (threads.isEmpty()) {
                throw new IllegalArgumentException("a core file needs at least one thread");
            }
        }
    }
}
