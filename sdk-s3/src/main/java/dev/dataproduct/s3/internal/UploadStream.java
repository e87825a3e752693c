package dev.dataproduct.s3.internal;

import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicReference;
import java.util.zip.CRC32C;
import software.amazon.awssdk.services.s3.model.CompletedPart;

/**
 * The bytes of one data file on their way to S3. Bytes fill a part buffer; a full buffer is
 * uploaded as the next part of a multipart upload on the executor while the caller keeps
 * encoding into another buffer ({@link PartBuffers} bounds how many exist). A file that never
 * fills one part is sent with a single PUT instead. Computes the file's CRC32C and size on the
 * way.
 *
 * <p>Used by one thread; upload tasks report failures through the writer's shared failure slot,
 * which the next write rethrows.
 */
final class UploadStream extends OutputStream {
  private final S3Ops ops;
  private final String key;
  private final String contentType;
  private final PartBuffers buffers;
  private final Executor executor;
  private final AtomicReference<RuntimeException> failure;
  private final boolean checksums;
  private final CRC32C crc = new CRC32C();
  private final List<CompletableFuture<CompletedPart>> parts = new ArrayList<>();
  private byte[] buf;
  private int pos;
  private long size;
  /** The multipart upload, once the first part is sent; null while the file fits one PUT. */
  private CompletableFuture<String> uploadId;
  private CompletableFuture<DataFile> done;
  private volatile boolean stored;

  /**
   * @param checksums whether each part and single PUT carries its CRC32C for S3 to verify
   */
  UploadStream(S3Ops ops, String key, String contentType, PartBuffers buffers, Executor executor,
      AtomicReference<RuntimeException> failure, boolean checksums) {
    this.ops = ops;
    this.key = key;
    this.contentType = contentType;
    this.buffers = buffers;
    this.executor = executor;
    this.failure = failure;
    this.checksums = checksums;
    this.buf = buffers.take();
  }

  String key() {
    return key;
  }

  /** Bytes written so far. */
  long size() {
    return size;
  }

  @Override
  public void write(int b) {
    write(new byte[] {(byte) b}, 0, 1);
  }

  @Override
  public void write(byte[] b, int off, int len) {
    if (buf == null) {
      throw new IllegalStateException("Data file " + key + " is already finished");
    }
    rethrow();
    crc.update(b, off, len);
    size += len;
    while (len > 0) {
      if (pos == buf.length) {
        if (buf.length < buffers.partSize()) {
          buf = buffers.grow(buf);
        } else {
          sendPart(true);
        }
      }
      int n = Math.min(len, buf.length - pos);
      System.arraycopy(b, off, buf, pos, n);
      pos += n;
      off += n;
      len -= n;
    }
  }

  private void rethrow() {
    RuntimeException e = failure.get();
    if (e != null) {
      throw e;
    }
  }

  private void sendPart(boolean takeNext) {
    if (uploadId == null) {
      // created on an upload thread: the encoder goes on with the next part meanwhile
      uploadId = CompletableFuture.supplyAsync(() -> {
        try {
          return ops.createUpload(key, contentType, checksums);
        } catch (RuntimeException e) {
          failure.compareAndSet(null, e);
          throw e;
        }
      }, executor);
    }
    int number = parts.size() + 1;
    byte[] b = buf;
    int length = pos;
    buf = null;
    pos = 0;
    parts.add(uploadId.handleAsync((id, createFailed) -> {
      try {
        if (createFailed != null) {
          throw new CompletionException(createFailed); // in the failure slot already
        }
        return uploadPart(id, number, b, length);
      } finally {
        buffers.give(b);
      }
    }, executor));
    if (takeNext) {
      buf = buffers.take(); // blocks while every buffer is in flight
      rethrow();
    }
  }

  /** On an upload thread, in parallel with encoding. */
  private CompletedPart uploadPart(String id, int number, byte[] b, int length) {
    try {
      String partCrc = null;
      if (checksums) {
        CRC32C c = new CRC32C();
        c.update(b, 0, length);
        partCrc = base64(c.getValue());
      }
      return ops.uploadPart(key, id, number, b, length, partCrc);
    } catch (RuntimeException e) {
      failure.compareAndSet(null, e);
      throw e;
    }
  }

  /**
   * Sends what is left and completes the object in the background.
   *
   * @param rows rows encoded into this file
   * @param path the file's path relative to the port's prefix, for the manifest
   */
  CompletableFuture<DataFile> finish(long rows, String path) {
    if (done != null) {
      return done;
    }
    rethrow();
    String checksum = base64(crc.getValue());
    long bytes = size;
    if (uploadId == null) {
      byte[] b = buf;
      int length = pos;
      buf = null;
      done = CompletableFuture.supplyAsync(() -> {
        try {
          String etag = ops.putBuffer(key, b, length, contentType, checksums ? checksum : null);
          stored = true;
          return new DataFile(path, rows, bytes, checksum, etag);
        } catch (RuntimeException e) {
          failure.compareAndSet(null, e);
          throw e;
        } finally {
          buffers.give(b);
        }
      }, executor);
      return done;
    }
    if (pos > 0) {
      sendPart(false);
    } else {
      buffers.give(buf);
      buf = null;
    }
    List<CompletableFuture<CompletedPart>> all = List.copyOf(parts);
    CompletableFuture<String> id = uploadId;
    done = CompletableFuture.allOf(all.toArray(new CompletableFuture<?>[0]))
        .thenApplyAsync(v -> {
          List<CompletedPart> completed = new ArrayList<>(all.size());
          for (CompletableFuture<CompletedPart> p : all) {
            completed.add(p.join());
          }
          try {
            String etag = ops.completeUpload(key, id.join(), completed);
            stored = true;
            return new DataFile(path, rows, bytes, checksum, etag);
          } catch (RuntimeException e) {
            failure.compareAndSet(null, e);
            throw e;
          }
        }, executor);
    return done;
  }

  /** A CRC32C as S3 spells it: base64 of the 4 big-endian bytes. */
  static String base64(long crc32c) {
    return Base64.getEncoder().encodeToString(ByteBuffer.allocate(4).putInt((int) crc32c)
        .array());
  }

  /**
   * Waits for every upload of this file to settle, then removes what reached S3: deletes the
   * object when it was stored, aborts the multipart upload otherwise. Never throws; returns the
   * first cleanup failure, or null.
   */
  RuntimeException discard() {
    List<CompletableFuture<?>> pending = new ArrayList<>(parts);
    if (done != null) {
      pending.add(done);
    }
    for (CompletableFuture<?> f : pending) {
      try {
        f.join();
      } catch (CompletionException | java.util.concurrent.CancellationException e) {
        // the failure is what we are cleaning up after
      }
    }
    if (buf != null) {
      buffers.give(buf);
      buf = null;
    }
    RuntimeException problem = null;
    String id = uploadId == null ? null : uploadId.exceptionally(createFailed -> null).join();
    if (id != null && !stored) {
      try {
        ops.abortUpload(key, id);
      } catch (RuntimeException e) {
        problem = e;
      }
    }
    try {
      // also when the last request's outcome is unknown: deleting a missing key is a no-op
      ops.delete(List.of(key));
    } catch (RuntimeException e) {
      problem = problem == null ? e : problem;
    }
    return problem;
  }
}
