package dev.seawall.engine.capture;

/**
 * One captured frame as a reader hands it out: a window into the reader's buffer, valid until the
 * next call to {@link CaptureReader#next}. Mutable and reused, so reading allocates nothing.
 */
public final class CaptureRecord {
  public byte[] buffer;
  public int offset;
  /** Bytes captured (present in {@link #buffer}). */
  public int length;
  /** Bytes on the wire; larger than {@link #length} when the snap length cut the frame. */
  public int wireLength;
  public long timestampNanos;
  public int linkType;
  public int interfaceId;
  /** Offset of the record's header in the (uncompressed) capture stream, for error messages. */
  public long streamOffset;
}
