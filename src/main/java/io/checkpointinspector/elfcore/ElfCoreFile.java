package io.checkpointinspector.elfcore;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The frame of an ELF64 little-endian x86-64 core file: header, program headers (one PT_NOTE, then the PT_LOADs in
 * address order) and where each segment's bytes go. Layout: header and program headers, the segments' bytes from
 * the first page boundary on (in the order of their source offsets, so a source read front to back is written front
 * to back), the notes last. No section headers.
 */
public final class ElfCoreFile {

    public static final int PF_X = 1;
    public static final int PF_W = 2;
    public static final int PF_R = 4;
    static final int PT_LOAD = 1;
    static final int PT_NOTE = 4;
    static final int EHDR_SIZE = 64;
    static final int PHDR_SIZE = 56;
    /** e_phnum values from 0xffff on mean "see section 0"; we do not go there. */
    public static final int MAX_LOADS = 0xfffe - 1;
    static final int DATA_ALIGN = 4096;

    /** A PT_LOAD and the file offset of its bytes. */
    public record Placed(CoreModel.Load load, long offset) {
    }

    private ElfCoreFile() {
    }

    /** File offsets for the loads' bytes, assigned in source-offset order after the headers. */
    public static List<Placed> place(List<CoreModel.Load> loads) {
        if (loads.size() > MAX_LOADS) {
            throw new IllegalArgumentException("more than " + MAX_LOADS + " memory segments: too many for an ELF "
                    + "core file without section headers");
        }
        List<CoreModel.Load> bySource = new ArrayList<>(loads);
        bySource.sort(Comparator.comparingLong(CoreModel.Load::sourceOffset));
        long at = align(EHDR_SIZE + (long) PHDR_SIZE * (loads.size() + 1), DATA_ALIGN);
        List<Placed> out = new ArrayList<>();
        for (CoreModel.Load l : bySource) {
            out.add(new Placed(l, at));
            at += l.length();
        }
        return out;
    }

    /** First byte after the placed data (where the notes go). */
    public static long dataEnd(List<Placed> placed) {
        long end = align(EHDR_SIZE + (long) PHDR_SIZE * (placed.size() + 1), DATA_ALIGN);
        for (Placed p : placed) {
            end = Math.max(end, p.offset() + p.load().length());
        }
        return end;
    }

    static long align(long v, long a) {
        return (v + a - 1) / a * a;
    }

    /** ELF header and program headers for these segments and a note segment of noteSize bytes at noteOffset. */
    public static byte[] headers(List<Placed> placed, long noteOffset, long noteSize) {
        List<Placed> byAddress = new ArrayList<>(placed);
        byAddress.sort(Comparator.comparing((Placed p) -> p.load().vaddr(), Long::compareUnsigned));
        int phnum = byAddress.size() + 1;
        ByteBuffer b = ByteBuffer.allocate(EHDR_SIZE + PHDR_SIZE * phnum).order(ByteOrder.LITTLE_ENDIAN);
        b.put(new byte[] {0x7f, 'E', 'L', 'F', 2 /* ELFCLASS64 */, 1 /* ELFDATA2LSB */, 1 /* EV_CURRENT */,
            0 /* ELFOSABI_NONE */});
        b.position(16);
        b.putShort((short) 4); // ET_CORE
        b.putShort((short) 62); // EM_X86_64
        b.putInt(1); // e_version
        b.putLong(0); // e_entry
        b.putLong(EHDR_SIZE); // e_phoff
        b.putLong(0); // e_shoff
        b.putInt(0); // e_flags
        b.putShort((short) EHDR_SIZE);
        b.putShort((short) PHDR_SIZE);
        b.putShort((short) phnum);
        b.putShort((short) 0); // e_shentsize
        b.putShort((short) 0); // e_shnum
        b.putShort((short) 0); // e_shstrndx
        phdr(b, PT_NOTE, PF_R, noteOffset, 0, noteSize, noteSize, 4);
        for (Placed p : byAddress) {
            CoreModel.Load l = p.load();
            // memsz == filesz: what the checkpoint does not hold is not in the file, and no segment claims it.
            phdr(b, PT_LOAD, l.flags(), p.offset(), l.vaddr(), l.length(), l.length(), DATA_ALIGN);
        }
        return b.array();
    }

    private static void phdr(ByteBuffer b, int type, int flags, long offset, long vaddr, long filesz, long memsz,
            long align) {
        b.putInt(type);
        b.putInt(flags);
        b.putLong(offset);
        b.putLong(vaddr);
        b.putLong(0); // p_paddr
        b.putLong(filesz);
        b.putLong(memsz);
        b.putLong(align);
    }
}
