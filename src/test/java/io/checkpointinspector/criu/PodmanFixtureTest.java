package io.checkpointinspector.criu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.checkpointinspector.criu.proto.CoreEntry;
import io.checkpointinspector.criu.proto.FdinfoEntry;
import io.checkpointinspector.criu.proto.FileEntry;
import io.checkpointinspector.criu.proto.InventoryEntry;
import io.checkpointinspector.criu.proto.MmEntry;
import io.checkpointinspector.criu.proto.PipeDataEntry;
import io.checkpointinspector.criu.proto.PstreeEntry;
import io.checkpointinspector.criu.proto.StatsEntry;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Decodes the real Podman checkpoint in src/test/resources/fixtures/podman-none.tar (CRIU 4.1.1)
 * and compares with `crit show` output and with the truth recorded in expected.json. Skipped
 * when the fixtures are absent.
 */
class PodmanFixtureTest {
  private static final Path FIX = Path.of("src/test/resources/fixtures");
  private static final Path TAR = FIX.resolve("podman-none.tar");
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Decoded images of the archive by base name; pages images kept raw. */
  private static final Map<String, ImageReader.DecodedImage> IMAGES = new TreeMap<>();
  private static final Map<String, byte[]> RAW = new TreeMap<>();

  @BeforeAll
  static void load() throws IOException {
    if (!Files.isRegularFile(TAR)) {
      return;
    }
    try (TarArchiveInputStream tar = new TarArchiveInputStream(Files.newInputStream(TAR))) {
      TarArchiveEntry e;
      while ((e = tar.getNextEntry()) != null) {
        if (!e.isFile()) {
          continue;
        }
        String name = e.getName();
        String base = name.substring(name.lastIndexOf('/') + 1);
        if (!name.startsWith("checkpoint/") && !base.equals("stats-dump")) {
          continue;
        }
        byte[] data = tar.readAllBytes();
        RAW.put(base, data);
        if (ImageKind.forFileName(base).isPresent()) {
          IMAGES.put(base, ImageReader.read(name, data, ImageReader.Limits.DEFAULT));
        }
      }
    }
  }

  private static void assumeFixtures() {
    assumeTrue(Files.isRegularFile(TAR), "fixtures not generated yet");
  }

  @Test
  void everyImageDecodesWithoutWarnings() {
    assumeFixtures();
    assertThat(IMAGES).containsKeys("inventory.img", "pstree.img", "files.img", "core-1.img",
        "mm-11.img", "pagemap-11.img", "pages-5.img", "stats-dump", "pipes-data.img");
    for (ImageReader.DecodedImage d : IMAGES.values()) {
      assertThat(d.warnings()).as(d.entryName()).isEmpty();
      assertThat(d.truncated()).as(d.entryName()).isFalse();
      if (d.kind().isDecoded()) {
        assertThat(d.records()).as(d.entryName()).isNotEmpty();
      }
    }
    InventoryEntry inv = IMAGES.get("inventory.img").first(InventoryEntry.class).orElseThrow();
    assertThat(inv.getImgVersion()).isEqualTo(2);
    assertThat(IMAGES.get("stats-dump").prefix()).isEqualTo(ImagePrefix.SERVICE);
    StatsEntry st = IMAGES.get("stats-dump").first(StatsEntry.class).orElseThrow();
    assertThat(st.getDump().getPagesWritten()).isPositive();
  }

  /** Lists fields our schema does not know, per image (diagnostic; also a regression net). */
  @Test
  void noUnknownFieldsInRealImages() {
    assumeFixtures();
    Map<String, List<String>> unknown = new TreeMap<>();
    for (ImageReader.DecodedImage d : IMAGES.values()) {
      for (ImageReader.Record r : d.entries()) {
        collectUnknown(RecordTree.toPlain(r.message()), d.kind().critName(), unknown);
      }
    }
    assertThat(unknown).isEmpty();
  }

  private static void collectUnknown(Object plain, String path, Map<String, List<String>> out) {
    if (plain instanceof Map<?, ?> m) {
      for (Map.Entry<?, ?> e : m.entrySet()) {
        String k = String.valueOf(e.getKey());
        if (k.startsWith("#")) {
          String v = String.valueOf(e.getValue());
          out.computeIfAbsent(path, x -> new ArrayList<>())
              .add(k + " = " + (v.length() > 80 ? v.substring(0, 80) : v));
        } else {
          collectUnknown(e.getValue(), path + "." + k, out);
        }
      }
    } else if (plain instanceof List<?> l && !l.isEmpty()) {
      collectUnknown(l.get(0), path, out);
    }
  }

  @Test
  void agreesWithCrit() throws IOException {
    assumeFixtures();
    Path critDir = FIX.resolve("crit");
    assumeTrue(Files.isDirectory(critDir), "no crit output");
    List<String> problems = new ArrayList<>();
    int compared = 0;
    try (var files = Files.list(critDir)) {
      for (Path p : (Iterable<Path>) files.sorted()::iterator) {
        String img = p.getFileName().toString().replace(".json", ".img");
        ImageReader.DecodedImage d = IMAGES.get(img);
        assertThat(d).as(img).isNotNull();
        JsonNode crit = JSON.readTree(p.toFile());
        Map<String, Object> ours = RecordTree.imageToPlain(d, new RecordTree.Options(1 << 20, 64));
        assertThat(ours.get("magic")).as(img).isEqualTo(crit.get("magic").asText());
        List<?> entries = (List<?>) ours.get("entries");
        assertThat(entries).as(img).hasSize(crit.get("entries").size());
        for (int i = 0; i < entries.size(); i++) {
          compare(img + "[" + i + "]", crit.get("entries").get(i), entries.get(i), problems);
        }
        compared++;
      }
    }
    assertThat(compared).isGreaterThan(0);
    assertThat(problems).isEmpty();
  }

  private static void compare(String path, JsonNode crit, Object ours, List<String> problems) {
    if (problems.size() > 50) {
      return;
    }
    if (crit.isObject()) {
      if (!(ours instanceof Map<?, ?> m)) {
        problems.add(path + ": crit has an object, we have " + ours);
        return;
      }
      for (Iterator<String> it = crit.fieldNames(); it.hasNext(); ) {
        String k = it.next();
        Object v = m.get(k);
        if (v == null && k.equals("nr_pages") && m.containsKey("compat_nr_pages")) {
          v = m.get("compat_nr_pages"); // field 2 was named nr_pages before CRIU 4.2
        }
        if (v == null) {
          problems.add(path + "." + k + ": missing in ours");
          continue;
        }
        compare(path + "." + k, crit.get(k), v, problems);
      }
      for (Object k : m.keySet()) {
        String ks = String.valueOf(k);
        if (!crit.has(ks) && !(ks.equals("compat_nr_pages") && crit.has("nr_pages"))) {
          problems.add(path + "." + ks + ": only in ours = " + m.get(k));
        }
      }
    } else if (crit.isArray()) {
      if (!(ours instanceof List<?> l) || l.size() != crit.size()) {
        problems.add(path + ": crit list of " + crit.size() + ", ours " + ours);
        return;
      }
      for (int i = 0; i < l.size(); i++) {
        compare(path + "[" + i + "]", crit.get(i), l.get(i), problems);
      }
    } else if (crit.isBoolean()) {
      if (!Boolean.valueOf(crit.asBoolean()).equals(ours)) {
        problems.add(path + ": crit " + crit + ", ours " + ours);
      }
    } else if (crit.isIntegralNumber()) {
      String c = crit.bigIntegerValue().toString();
      if (!c.equals(String.valueOf(ours))) {
        problems.add(path + ": crit " + c + ", ours " + ours);
      }
    } else if (crit.isTextual()) {
      String c = crit.asText();
      String o = String.valueOf(ours);
      if (c.equals(o)) {
        return;
      }
      // crit shows bytes as base64, we show hex
      try {
        byte[] b = Base64.getMimeDecoder().decode(c);
        if (RecordTree.hex(b, b.length).equals(o)) {
          return;
        }
      } catch (IllegalArgumentException notBase64) {
        // fall through
      }
      problems.add(path + ": crit \"" + c + "\", ours \"" + o + "\"");
    } else {
      problems.add(path + ": unexpected crit value " + crit);
    }
  }

  @Test
  void processTreeMatchesExpected() throws IOException {
    assumeFixtures();
    JsonNode expected = JSON.readTree(FIX.resolve("expected.json").toFile());
    List<PstreeEntry> tree = IMAGES.get("pstree.img").recordsOf(PstreeEntry.class);
    Map<Integer, PstreeEntry> byPid = new LinkedHashMap<>();
    tree.forEach(p -> byPid.put(p.getPid(), p));
    for (JsonNode p : expected.get("processes")) {
      int pid = p.get("pid").asInt();
      PstreeEntry pe = byPid.get(pid);
      assertThat(pe).as("pid " + pid).isNotNull();
      assertThat(pe.getPpid()).as("ppid of " + pid).isEqualTo(p.get("ppid").asInt());
      assertThat(pe.getThreadsCount()).isEqualTo(p.get("threads").asInt());
      CoreEntry core = IMAGES.get("core-" + pid + ".img").first(CoreEntry.class).orElseThrow();
      assertThat(core.getTc().getComm()).isEqualTo(p.get("comm").asText());
      assertThat(core.getMtype()).isEqualTo(CoreEntry.March.X86_64);
    }
  }

  @Test
  void argvAndEnvironmentFromPagesMatchExpected() throws IOException {
    assumeFixtures();
    JsonNode expected = JSON.readTree(FIX.resolve("expected.json").toFile());
    for (JsonNode p : expected.get("processes")) {
      int pid = p.get("pid").asInt();
      MmEntry mm = IMAGES.get("mm-" + pid + ".img").first(MmEntry.class).orElseThrow();
      int pageSize = PageSize.fromSavedAuxv(mm.getMmSavedAuxvList()).orElse(PageSize.DEFAULT);
      assertThat(pageSize).isEqualTo(4096);
      PageMapIndex idx = PageMapIndex.of(IMAGES.get("pagemap-" + pid + ".img"), pageSize);
      assertThat(idx.warnings()).isEmpty();
      byte[] pages = RAW.get(idx.pagesFileName());
      assertThat(pages).as(idx.pagesFileName()).isNotNull();
      assertThat(idx.totalDumpedBytes()).isEqualTo(pages.length);

      // streaming, one pass
      PageCollector.Range ar = ProcessArgs.argRange(mm);
      PageCollector.Range er = ProcessArgs.envRange(mm);
      Map<PageCollector.Range, MemoryRead> got = PageCollector.collect(idx, List.of(ar, er),
          new ByteArrayInputStream(pages), 1 << 20);
      ProcessArgs.Argv argv = ProcessArgs.argv(got.get(ar), got.get(er));
      assertThat(argv.status()).as("argv of " + pid).isEqualTo(ProcessArgs.Status.RECOVERED);
      List<String> want = new ArrayList<>();
      p.get("cmdline").forEach(n -> want.add(n.asText()));
      assertThat(argv.args()).as("argv of " + pid).isEqualTo(want);

      ProcessArgs.Environment env = ProcessArgs.environment(got.get(er));
      assertThat(env.status()).isEqualTo(ProcessArgs.Status.RECOVERED);
      Map<String, String> wantEnv = new LinkedHashMap<>();
      p.get("env").fields().forEachRemaining(f -> wantEnv.put(f.getKey(), f.getValue().asText()));
      assertThat(env.asMap()).as("env of " + pid).isEqualTo(wantEnv);

      // random access gives the same bytes
      VirtualMemory vm = new VirtualMemory(idx, PositionalSource.of(pages));
      MemoryRead direct = vm.read(ar.start(), (int) ar.length());
      assertThat(direct.data()).isEqualTo(got.get(ar).data());
    }
  }

  @Test
  void commandLinesInOnePassOverTheArchive() throws IOException {
    assumeFixtures();
    // as a streaming reader would do it: mm-* and pagemap-* come before pages-* in the tar
    Map<Integer, MmEntry> mms = new TreeMap<>();
    Map<Long, Integer> pidByPagesId = new TreeMap<>();
    Map<Integer, PageMapIndex> indexByPid = new TreeMap<>();
    Map<Integer, List<String>> argvByPid = new TreeMap<>();
    try (TarArchiveInputStream tar = new TarArchiveInputStream(Files.newInputStream(TAR))) {
      TarArchiveEntry e;
      while ((e = tar.getNextEntry()) != null) {
        String base = e.getName().substring(e.getName().lastIndexOf('/') + 1);
        ImageKind kind = ImageKind.forFileName(base).orElse(null);
        if (kind == ImageKind.MM) {
          int pid = Integer.parseInt(kind.idOf(base).orElseThrow());
          mms.put(pid, ImageReader.read(e.getName(), tar).first(MmEntry.class).orElseThrow());
        } else if (kind == ImageKind.PAGEMAP) {
          int pid = Integer.parseInt(kind.idOf(base).orElseThrow());
          PageMapIndex idx = PageMapIndex.of(ImageReader.read(e.getName(), tar), 4096);
          indexByPid.put(pid, idx);
          pidByPagesId.put(idx.pagesId().orElseThrow(), pid);
        } else if (kind == ImageKind.PAGES) {
          long pagesId = Long.parseLong(kind.idOf(base).orElseThrow());
          Integer pid = pidByPagesId.get(pagesId);
          assertThat(pid).as(base + " has a pagemap before it").isNotNull();
          MmEntry mm = mms.get(pid);
          PageCollector.Range ar = ProcessArgs.argRange(mm);
          MemoryRead r = PageCollector.collect(indexByPid.get(pid), ar, tar, 64 << 10);
          argvByPid.put(pid, ProcessArgs.argv(r, null).args());
        }
      }
    }
    JsonNode expected = JSON.readTree(FIX.resolve("expected.json").toFile());
    for (JsonNode p : expected.get("processes")) {
      List<String> want = new ArrayList<>();
      p.get("cmdline").forEach(n -> want.add(n.asText()));
      assertThat(argvByPid.get(p.get("pid").asInt())).as("pid " + p.get("pid")).isEqualTo(want);
    }
  }

  @Test
  void workerMarkerAndPipeData() throws IOException {
    assumeFixtures();
    JsonNode expected = JSON.readTree(FIX.resolve("expected.json").toFile());
    int worker = -1;
    for (JsonNode p : expected.get("processes")) {
      if (p.get("comm").asText().equals("fixture-worker")) {
        worker = p.get("pid").asInt();
      }
    }
    PageMapIndex idx = PageMapIndex.of(IMAGES.get("pagemap-" + worker + ".img"), 4096);
    byte[] pages = RAW.get(idx.pagesFileName());
    byte[] marker = "CKPT-INSPECTOR-MARKER-00000007\n".getBytes(StandardCharsets.US_ASCII);
    int at = indexOf(pages, marker);
    assertThat(at).as("marker in " + idx.pagesFileName()).isGreaterThanOrEqualTo(0);
    // map the file offset back to a virtual address and read it through VirtualMemory
    long vaddr = -1;
    for (PageMapIndex.Entry e : idx.entries()) {
      if (e.fileOffset() >= 0 && at >= e.fileOffset() && at < e.fileOffset() + e.length()) {
        vaddr = e.vaddr() + (at - e.fileOffset());
      }
    }
    assertThat(vaddr).isNotEqualTo(-1);
    MemoryRead r = new VirtualMemory(idx, PositionalSource.of(pages)).read(vaddr, marker.length);
    assertThat(r.complete()).isTrue();
    assertThat(r.data()).isEqualTo(marker);

    ImageReader.DecodedImage pd = IMAGES.get("pipes-data.img");
    PipeDataEntry pe = pd.first(PipeDataEntry.class).orElseThrow();
    assertThat(pe.getBytes()).isEqualTo("pipe-payload\n".length());
    assertThat(new String(pd.entries().get(0).extra().head(), StandardCharsets.US_ASCII))
        .isEqualTo("pipe-payload\n");

    List<FileEntry> files = IMAGES.get("files.img").recordsOf(FileEntry.class);
    assertThat(files).anySatisfy(f -> assertThat(f.getReg().getName())
        .isEqualTo("/tmp/worker-open.txt"));
    assertThat(files).anySatisfy(f -> assertThat(f.getEfd().getCounter()).isEqualTo(42));
    assertThat(IMAGES.values().stream().filter(d -> d.kind() == ImageKind.FDINFO)
        .flatMap(d -> d.recordsOf(FdinfoEntry.class).stream())
        .filter(f -> f.getFd() == 6)).isNotEmpty();
  }

  private static int indexOf(byte[] hay, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= hay.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (hay[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
