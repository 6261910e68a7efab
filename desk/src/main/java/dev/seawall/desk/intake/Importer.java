package dev.seawall.desk.intake;

import dev.seawall.desk.parse.NoticeReader;
import dev.seawall.desk.parse.ParsedNotice;
import dev.seawall.desk.store.ImportOutcome;
import dev.seawall.desk.store.NoticeStore;
import java.io.IOException;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.LongConsumer;

/**
 * Reads notices from sources, parses them on every core, and stores them in batches (one
 * transaction each) in the order read. Idempotent: running the same import again stores nothing
 * new; after a crash, re-running stores exactly what the crash lost.
 */
public final class Importer {
  private static final int BATCH = 500;
  /** Recent notices checked for damage from an interrupted import before each run. */
  private static final int REPAIR_WINDOW = 50_000;

  private final NoticeStore store;
  private final NoticeReader reader = new NoticeReader();
  private final Clock clock;
  private final int threads;

  public Importer(NoticeStore store, Clock clock) {
    this(store, clock, Runtime.getRuntime().availableProcessors());
  }

  public Importer(NoticeStore store, Clock clock, int threads) {
    this.store = store;
    this.clock = clock;
    this.threads = Math.max(1, threads);
  }

  /** Imports everything the sources yield; {@code progress} receives the bytes read so far. */
  public ImportSummary run(Sources sources, LongConsumer progress) throws IOException, SQLException {
    ImportSummary summary = new ImportSummary();
    summary.repaired = store.repairRecent(REPAIR_WINDOW);
    ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
      Thread t = new Thread(r, "notice-parser");
      t.setDaemon(true);
      return t;
    });
    try {
      Deque<Future<ParsedNotice>> window = new ArrayDeque<>();
      List<ParsedNotice> batch = new ArrayList<>(BATCH);
      int ahead = threads * 256;
      List<RawNotice> chunk = new ArrayList<>(BATCH);
      boolean more = true;
      while (more) {
        // read a chunk, and parse only what is not stored yet (a re-run after a crash skips ahead)
        chunk.clear();
        for (RawNotice raw; chunk.size() < BATCH && (raw = sources.next()) != null; ) chunk.add(raw);
        more = chunk.size() == BATCH;
        List<String> ids = new ArrayList<>(chunk.size());
        for (RawNotice r : chunk) ids.add(NoticeReader.identity(r.bytes()));
        java.util.Set<String> stored = store.storedIdentities(ids);
        for (int i = 0; i < chunk.size(); i++) {
          if (stored.contains(ids.get(i))) {
            summary.read++;
            summary.duplicates++;
            continue;
          }
          RawNotice r = chunk.get(i);
          window.add(pool.submit(() -> reader.read(r.bytes(), r.source())));
          while (window.size() >= ahead || (window.peek() != null && window.peek().isDone())) {
            batch.add(take(window.poll()));
            if (batch.size() == BATCH) {
              flush(batch, summary);
              progress.accept(sources.doneBytes());
            }
          }
        }
      }
      while (!window.isEmpty()) {
        batch.add(take(window.poll()));
        if (batch.size() == BATCH) flush(batch, summary);
      }
      flush(batch, summary);
      progress.accept(sources.doneBytes());
      summary.problems.addAll(sources.problems());
      return summary;
    } finally {
      pool.shutdownNow();
    }
  }

  /** Imports notices already in memory (IMAP, tests). */
  public ImportSummary run(List<RawNotice> notices) throws SQLException {
    ImportSummary summary = new ImportSummary();
    summary.repaired = store.repairRecent(REPAIR_WINDOW);
    List<ParsedNotice> batch = new ArrayList<>();
    for (RawNotice r : notices) {
      batch.add(reader.read(r.bytes(), r.source()));
      if (batch.size() == BATCH) flush(batch, summary);
    }
    flush(batch, summary);
    return summary;
  }

  private static ParsedNotice take(Future<ParsedNotice> f) throws IOException {
    try {
      return f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    } catch (ExecutionException e) {
      // NoticeReader does not throw on bad input; this is an Error such as OutOfMemoryError
      throw new IOException("parser failed: " + e.getCause(), e.getCause());
    }
  }

  private void flush(List<ParsedNotice> batch, ImportSummary summary) throws SQLException {
    if (batch.isEmpty()) return;
    List<ImportOutcome> outcomes = store.store(batch, clock.instant());
    for (int i = 0; i < batch.size(); i++) {
      ParsedNotice n = batch.get(i);
      summary.read++;
      if (outcomes.get(i) == ImportOutcome.DUPLICATE) {
        summary.duplicates++;
        continue;
      }
      summary.stored++;
      summary.events += n.events().size();
      if (n.events().isEmpty()) summary.withoutEvents++;
      boolean flagged = !n.flags().isEmpty() || n.events().stream().anyMatch(e -> !e.flags().isEmpty());
      if (flagged) summary.flagged++;
      summary.perFormat.merge(n.primaryFormat(), 1L, Long::sum);
    }
    batch.clear();
  }
}
