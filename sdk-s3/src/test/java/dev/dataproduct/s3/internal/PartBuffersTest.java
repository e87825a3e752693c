package dev.dataproduct.s3.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class PartBuffersTest {
  private static final int PART = 1024 * 1024;

  @Test
  void take_startsSmall_forAPublicationThatMayStaySmall() {
    PartBuffers buffers = new PartBuffers(3, PART);

    assertThat(buffers.take()).hasSizeLessThan(PART);
  }

  @Test
  void grow_doublesUpToThePartSize_keepingTheBytes() {
    PartBuffers buffers = new PartBuffers(3, PART);
    byte[] b = buffers.take();
    b[0] = 42;
    while (b.length < PART) {
      int before = b.length;
      b = buffers.grow(b);
      assertThat(b.length).isEqualTo(Math.min(PART, 2 * before));
    }
    assertThat(b[0]).isEqualTo((byte) 42);
  }

  @Test
  void take_afterOneBufferReachedThePartSize_allocatesWholeParts() {
    PartBuffers buffers = new PartBuffers(3, PART);
    byte[] first = buffers.take();
    while (first.length < PART) {
      first = buffers.grow(first);
    }

    assertThat(buffers.take()).hasSize(PART); // no second round of doubling copies
  }

  @Test
  void give_reusesWholeParts_andTakeBlocksWhileAllAreInUse() throws Exception {
    PartBuffers buffers = new PartBuffers(2, PART);
    byte[] a = buffers.take();
    while (a.length < PART) {
      a = buffers.grow(a);
    }
    buffers.take();
    CompletableFuture<byte[]> third = CompletableFuture.supplyAsync(buffers::take);
    Thread.sleep(50);
    assertThat(third).isNotDone();

    buffers.give(a);

    assertThat(third.get(5, TimeUnit.SECONDS)).isSameAs(a);
  }
}
