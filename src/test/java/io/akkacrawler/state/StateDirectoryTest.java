package io.akkacrawler.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.akkacrawler.config.SettingsException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StateDirectoryTest {
  @TempDir Path dir;

  private StateDirectory create(Path state) {
    return StateDirectory.create(
        state,
        "{\"crawler\":{\"max-depth\":2}}",
        List.of("http://a.test/"),
        dir.resolve("out.jsonl"));
  }

  @Test
  void keepsTheCrawlsSettingsSeedsAndOutput() {
    Path state = dir.resolve("s");
    create(state).close();
    try (StateDirectory opened = StateDirectory.open(state)) {
      assertEquals("{\"crawler\":{\"max-depth\":2}}", opened.crawlerConfig());
      assertEquals(List.of("http://a.test/"), opened.seeds());
      assertEquals(dir.resolve("out.jsonl").toAbsolutePath(), opened.output());
      assertEquals(0, opened.committedOffset());
    }
  }

  @Test
  void anOutputInsideTheDirectoryMovesWithIt() throws IOException {
    Path state = dir.resolve("s");
    StateDirectory.create(state, "{}", List.of("http://a.test/"), state.resolve("records.jsonl"))
        .close();
    Path moved = dir.resolve("elsewhere");
    Files.move(state, moved);
    try (StateDirectory opened = StateDirectory.open(moved)) {
      // A copy made as a backup resumes into its own records, not the original's.
      assertEquals(moved.resolve("records.jsonl"), opened.output());
    }
  }

  @Test
  void aCrawlKilledWhileStartingIsStartedAgainNotResumed() throws IOException {
    Path state = dir.resolve("s");
    // What a start killed before its settings were saved leaves: the lock and a store without them.
    Files.createDirectories(state);
    Files.writeString(state.resolve("crawl.lock"), "12345\n");
    try (CrawlStore half = CrawlStore.open(state.resolve("store"))) {
      half.putSeen(7);
      half.commit();
    }
    SettingsException e = assertThrows(SettingsException.class, () -> StateDirectory.open(state));
    assertTrue(e.getMessage().contains("start it again with --state " + state), e.getMessage());
    create(state).close();
    try (StateDirectory opened = StateDirectory.open(state)) {
      assertEquals(List.of("http://a.test/"), opened.seeds());
      assertTrue(!opened.store().seenInStore(7), "the half-started store was thrown away");
    }
  }

  @Test
  void stillRefusesADirectoryWithOtherFiles() throws IOException {
    Path state = dir.resolve("s");
    Files.createDirectories(state);
    Files.writeString(state.resolve("notes.txt"), "mine");
    SettingsException e = assertThrows(SettingsException.class, () -> create(state));
    assertTrue(e.getMessage().contains("is not empty"), e.getMessage());
  }

  @Test
  void refusesADirectoryLockedByARunningCrawl() {
    Path state = dir.resolve("s");
    try (StateDirectory running = create(state)) {
      SettingsException e = assertThrows(SettingsException.class, () -> StateDirectory.open(state));
      assertTrue(
          e.getMessage()
              .contains("locked by a running crawl (pid " + ProcessHandle.current().pid() + ")"),
          e.getMessage());
    }
  }

  @Test
  void refusesAnotherVersionWithoutTouchingIt() throws IOException {
    Path state = dir.resolve("s");
    create(state).close();
    Files.writeString(state.resolve("FORMAT"), "akka-crawler-state/99\n");
    SettingsException e = assertThrows(SettingsException.class, () -> StateDirectory.open(state));
    assertTrue(e.getMessage().contains("another version (akka-crawler-state/99)"));
    assertEquals("akka-crawler-state/99\n", Files.readString(state.resolve("FORMAT")));
  }

  @Test
  void refusesACorruptedStore() throws IOException {
    Path state = dir.resolve("s");
    create(state).close();
    try (var files = Files.list(state.resolve("store"))) {
      for (Path f : files.toList()) {
        if (f.getFileName().toString().startsWith("MANIFEST")
            || f.getFileName().toString().startsWith("CURRENT")) {
          Files.write(f, new byte[] {0x13, 0x37, 0, 0, 1});
        }
      }
    }
    SettingsException e = assertThrows(SettingsException.class, () -> StateDirectory.open(state));
    assertTrue(e.getMessage().contains("corrupted"), e.getMessage());
    assertTrue(!e.getMessage().contains("\n"));
  }

  @Test
  void refusesADirectoryThatIsNoCrawlState() throws IOException {
    Files.createDirectories(dir.resolve("empty"));
    assertTrue(
        assertThrows(SettingsException.class, () -> StateDirectory.open(dir.resolve("empty")))
            .getMessage()
            .contains("does not hold a crawl state"));
    assertTrue(
        assertThrows(SettingsException.class, () -> StateDirectory.open(dir.resolve("missing")))
            .getMessage()
            .contains("no crawl state at"));
  }

  @Test
  void doesNotStartANewCrawlOverAnExistingOne() {
    Path state = dir.resolve("s");
    create(state).close();
    SettingsException e = assertThrows(SettingsException.class, () -> create(state));
    assertTrue(e.getMessage().contains("already holds a crawl"));
  }
}
