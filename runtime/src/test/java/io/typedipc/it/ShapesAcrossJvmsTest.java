package io.typedipc.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.typedipc.AuthKey;
import io.typedipc.Manager;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * README "What crosses the wire, and how": interface shapes a new user declares ({@link Shapes})
 * work from another JVM — methods inherited along several paths (a diamond with a narrower
 * result and narrower exceptions on one path, and a generic {@code put(T)} beside {@code
 * put(String)}), enums whose constants have bodies, records with compact constructors, arrays of
 * records and of primitives, nested generics, varargs, {@code Optional}, type-annotated
 * parameters, async methods throwing or completing with a declared checked exception, {@code
 * CompletableFuture<Void>} and {@code CompletableFuture<List<String>>}, and shared objects
 * returned in a list.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ShapesAcrossJvmsTest {

  @Test
  void everyShapeRoundTripsFromAnotherJvm() throws Exception {
    AuthKey key = AuthKey.generate();
    try (Manager manager = TestTransport.manager(Manager.builder()).address(0).authKey(key)
            .share(Shapes.class, "shapes", new ShapesImpl()).start();
        ChildJvm child = ChildJvm.start(ShapesClientMain.class, key, Integer.toString(manager.port()))) {
      assertEquals(0, child.waitFor(Duration.ofSeconds(100)), child.output());
      assertTrue(child.output().contains("SHAPES OK"), child.output());
    }
  }
}
