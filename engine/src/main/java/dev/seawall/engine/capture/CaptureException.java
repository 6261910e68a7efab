package dev.seawall.engine.capture;

/** A capture file that cannot be read on from this point: names the file and the byte offset. */
public final class CaptureException extends Exception {
  private final String source;
  private final long offset;

  public CaptureException(String source, long offset, String problem) {
    super(source + ": offset " + offset + ": " + problem);
    this.source = source;
    this.offset = offset;
  }

  public String source() {
    return source;
  }

  public long offset() {
    return offset;
  }
}
