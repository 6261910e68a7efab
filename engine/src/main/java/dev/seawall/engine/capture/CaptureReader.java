package dev.seawall.engine.capture;

import java.io.IOException;
import java.util.List;

/**
 * Reads frames from a capture file in order. Implementations stream through a fixed buffer, so a
 * multi-gigabyte file is read in constant memory.
 */
public sealed interface CaptureReader extends AutoCloseable permits PcapReader, PcapNgReader {

  /**
   * Fills {@code record} with the next frame. Returns false at the end of the capture, including
   * when the last record is cut short (reported in {@link #warnings()}).
   *
   * @throws CaptureException when the file is corrupt at some point before its end; every frame
   *     before that point has been returned.
   */
  boolean next(CaptureRecord record) throws CaptureException, IOException;

  /** Non-fatal problems met so far (a truncated final record, skipped blocks). */
  List<String> warnings();

  /** "pcap", "pcap-ns" or "pcapng", with "+gzip" when compressed. */
  String format();

  @Override
  void close() throws IOException;
}
