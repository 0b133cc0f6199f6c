/**
 * ELF64 x86-64 core files (ET_CORE) built from plain data: the byte layouts of the ELF header, program headers and
 * the notes gdb and readelf read (NT_PRSTATUS, NT_FPREGSET, NT_PRPSINFO, NT_AUXV, NT_FILE, NT_X86_XSTATE). Layouts
 * follow glibc's sys/procfs.h and sys/user.h and Linux's elf.h for x86_64. Knows nothing of CRIU or checkpoints.
 */
package io.checkpointinspector.elfcore;
