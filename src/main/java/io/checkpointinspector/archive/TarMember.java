package io.checkpointinspector.archive;

import java.time.Instant;

/**
 * One header entry of a nested tar (the container's rootfs diff) as evidence: every entry, including those the
 * safety rules refuse, with what its header records.
 *
 * @param index      position among the tar's entries (0 for the first), stable across reads of the same tar
 * @param name       normalised name ("etc/passwd"); for a name refused as such ({@link Refusal#nameRefused()})
 *                   the recorded name made printable
 * @param type       entry kind as the rest of the archive layer sees it
 * @param size       bytes of data stored for the entry (0 for header-only types)
 * @param mode       permission bits including setuid (04000), setgid (02000) and sticky (01000)
 * @param linkTarget target of a symlink or hard link as recorded, else null
 * @param modified   modification time as recorded ({@link Instant#EPOCH} when the header has none)
 * @param facts      owner, group, device numbers and the type byte
 * @param sha256     hex SHA-256 of a regular file's content, when it was computed during the listing; else null
 * @param refused    why the entry would never be written anywhere; null for an ordinary entry
 * @param sparse     a GNU sparse file: its stored data is not its content
 */
public record TarMember(int index, String name, EntryType type, long size, int mode, String linkTarget,
        Instant modified, TarFacts facts, String sha256, Refusal refused, boolean sparse) {

    /** Why an entry is flagged as hostile. */
    public enum Refusal {
        ESCAPES("name escapes the root: never saved"),
        INVALID("invalid name: never saved"),
        TOO_LONG("name too long: never saved"),
        DUPLICATE("duplicate name: the first entry of this name is the one read (extracting tools would keep the"
                + " last): never saved"),
        HARDLINK_ESCAPES("hard link to a name outside the root: never saved");

        private final String text;

        Refusal(String text) {
            this.text = text;
        }

        public String text() {
            return text;
        }

        /** True when the name itself is refused, so {@link TarMember#name()} is the name as recorded. */
        public boolean nameRefused() {
            return this == ESCAPES || this == INVALID || this == TOO_LONG;
        }
    }

    /** The tar type in words: regular, dir, symlink, hardlink, char, block, fifo, sparse or "unknown 'X'". */
    public String tarType() {
        return switch (facts.typeflag()) {
            case '0', '7' -> "regular";
            case 0 -> type == EntryType.DIRECTORY ? "dir" : "regular";
            case '1' -> "hardlink";
            case '2' -> "symlink";
            case '3' -> "char";
            case '4' -> "block";
            case '5' -> "dir";
            case '6' -> "fifo";
            case 'S' -> "sparse";
            default -> facts.typeflag() >= 0x20 && facts.typeflag() < 0x7f
                    ? "unknown '" + facts.typeflag() + "'"
                    : String.format("unknown 0x%02x", (int) facts.typeflag());
        };
    }

    public boolean isRegularFile() {
        return type == EntryType.FILE && !sparse;
    }
}
