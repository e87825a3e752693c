package dev.dataproduct.s3.internal;

import dev.dataproduct.DataProductException;
import java.util.Arrays;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;

/**
 * The memory bound of one publication writer: at most {@code count} buffers of at most {@code
 * partSize} bytes exist at once, one being filled and the others uploading. Taking a buffer blocks
 * while all are in use, which throttles encoding to the upload rate. The first buffer starts small
 * and doubles up to the part size, so a small publication does not allocate a whole part; once one
 * buffer has reached the part size the publication is known to be large, and later buffers are
 * allocated whole rather than grown by copying.
 */
final class PartBuffers {
  private static final int INITIAL = 64 * 1024;

  private final int partSize;
  private final Semaphore permits;
  private final ConcurrentLinkedQueue<byte[]> free = new ConcurrentLinkedQueue<>();
  private volatile boolean large;

  PartBuffers(int count, int partSize) {
    this.partSize = partSize;
    this.permits = new Semaphore(count);
  }

  int partSize() {
    return partSize;
  }

  /** A buffer, waiting while all are in use. */
  byte[] take() {
    try {
      permits.acquire();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new DataProductException("Interrupted while waiting for a part upload to finish");
    }
    byte[] b = free.poll();
    return b != null ? b : new byte[large ? partSize : Math.min(INITIAL, partSize)];
  }

  /** A larger copy of {@code b} (up to the part size); the permit carries over. */
  byte[] grow(byte[] b) {
    int size = (int) Math.min(partSize, 2L * b.length);
    if (size == partSize) {
      large = true;
    }
    return Arrays.copyOf(b, size);
  }

  /** Gives a buffer back. */
  void give(byte[] b) {
    if (b.length == partSize) {
      free.offer(b);
    }
    permits.release();
  }
}
