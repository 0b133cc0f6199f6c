package io.checkpointinspector.criu;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ImageKindTest {

  @Test
  void fileNames() {
    Map<String, ImageKind> expect = new HashMap<>();
    expect.put("inventory.img", ImageKind.INVENTORY);
    expect.put("core-1.img", ImageKind.CORE);
    expect.put("checkpoint/core-4711.img", ImageKind.CORE);
    expect.put("pstree.img", ImageKind.PSTREE);
    expect.put("pagemap-12.img", ImageKind.PAGEMAP);
    expect.put("pagemap-shmem-12345.img", ImageKind.SHMEM_PAGEMAP);
    expect.put("pages-3.img", ImageKind.PAGES);
    expect.put("files.img", ImageKind.FILES);
    expect.put("fdinfo-2.img", ImageKind.FDINFO);
    expect.put("mountpoints-13.img", ImageKind.MNTS);
    expect.put("tcp-stream-6d3f.img", ImageKind.TCP_STREAM);
    expect.put("ghost-file-1a.img", ImageKind.GHOST_FILE);
    expect.put("stats-dump", ImageKind.STATS);
    expect.put("stats-restore", ImageKind.STATS);
    expect.put("irmap-cache", ImageKind.IRMAP_CACHE);
    expect.put("netns-ct-10.img", ImageKind.NETNF_CT);
    expect.put("netns-10.img", ImageKind.NETNS);
    expect.put("tmpfs-dev-44.tar.gz.img", ImageKind.TMPFS_DEV);
    expect.put("tmpfs-44.tar.gz.img", ImageKind.TMPFS_IMG);
    expect.put("signal-p-9.img", ImageKind.PSIGNAL);
    expect.put("reg-files.img", ImageKind.REG_FILES);
    expect.put("memfd.img", ImageKind.MEMFD_INODE);
    expect.put("timens-0.img", ImageKind.TIMENS);
    expect.forEach((name, kind) ->
        assertThat(ImageKind.forFileName(name)).as(name).hasValue(kind));
    for (String no : new String[] {"core.img", "core-x.img", "config.dump", "spec.dump",
        "rootfs-diff.tar", "pages-1.img.bak", "", "dump.log", "ghost-file-zz.img"}) {
      assertThat(ImageKind.forFileName(no)).as(no).isEmpty();
    }
    assertThat(ImageKind.forFileName(null)).isEmpty();
    assertThat(ImageKind.CORE.idOf("core-17.img")).hasValue("17");
    assertThat(ImageKind.CORE.fileName(17)).isEqualTo("core-17.img");
    assertThat(ImageKind.GHOST_FILE.fileName(26)).isEqualTo("ghost-file-1a.img");
    assertThat(ImageKind.STATS.fileNamePattern()).isEqualTo("stats-%s");
  }

  @Test
  void magicsFromMagicH() {
    assertThat(ImageKind.INVENTORY.magic()).isEqualTo(0x58313116);
    assertThat(ImageKind.CORE.magic()).isEqualTo(0x55053847);
    assertThat(ImageKind.PAGEMAP.magic()).isEqualTo(0x56084025);
    assertThat(ImageKind.FILES.magic()).isEqualTo(0x56303138);
    assertThat(ImageKind.STATS.magic()).isEqualTo(0x57093306);
    assertThat(ImageKind.TIMENS.magic()).isEqualTo(0x43114433);
    assertThat(ImageKind.forMagic(0x55053847)).hasValue(ImageKind.CORE);
    assertThat(ImageKind.forMagic(0x56084025)).hasValue(ImageKind.PAGEMAP);
    assertThat(ImageKind.forMagic(0x59255647)).hasValue(ImageKind.SIGNAL);
    assertThat(ImageKind.forMagic(0)).isEmpty();
    assertThat(ImageKind.forMagic(0x12345678)).isEmpty();
    assertThat(ImageKind.CORE.magicHex()).isEqualTo("0x55053847");
  }

  @Test
  void magicsAreUniqueExceptKnownSharing() {
    Map<Integer, ImageKind> seen = new HashMap<>();
    Set<ImageKind> sharing = Set.of(ImageKind.SHMEM_PAGEMAP, ImageKind.PSIGNAL);
    for (ImageKind k : ImageKind.values()) {
      if (k.isRaw()) {
        assertThat(k.magic()).as(k.name()).isZero();
        assertThat(k.parser()).isNull();
        continue;
      }
      ImageKind prev = seen.putIfAbsent(k.magic(), k);
      if (prev != null) {
        assertThat(sharing).as(k + " shares magic with " + prev).contains(k);
      }
    }
  }

  @Test
  void prefixes() {
    assertThat(ImageKind.INVENTORY.prefix()).isEqualTo(ImagePrefix.NONE);
    assertThat(ImageKind.STATS.prefix()).isEqualTo(ImagePrefix.SERVICE);
    assertThat(ImageKind.IRMAP_CACHE.prefix()).isEqualTo(ImagePrefix.SERVICE);
    assertThat(ImageKind.CORE.prefix()).isEqualTo(ImagePrefix.COMMON);
    assertThat(ImageKind.PAGES.isRaw()).isTrue();
    assertThat(ImagePrefix.COMMON.magic()).isEqualTo(0x54564319);
    assertThat(ImagePrefix.SERVICE.magic()).isEqualTo(0x55105940);
    assertThat(ImageKind.PAGEMAP.parserFor(0))
        .isSameAs(io.checkpointinspector.criu.proto.PagemapHead.parser());
    assertThat(ImageKind.PAGEMAP.parserFor(1))
        .isSameAs(io.checkpointinspector.criu.proto.PagemapEntry.parser());
    assertThat(ImageKind.SHMEM_PAGEMAP.critName()).isEqualTo("PAGEMAP");
  }
}
