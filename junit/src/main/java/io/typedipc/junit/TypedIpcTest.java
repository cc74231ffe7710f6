package io.typedipc.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A test class that uses typedipc: its test methods (and {@code @BeforeEach}/{@code @AfterEach}
 * methods) may declare parameters of these types, which the {@link TypedIpcExtension} provides:
 *
 * <ul>
 *   <li>{@link io.typedipc.Manager}: a Manager on a free loopback port with a fresh {@link
 *       io.typedipc.AuthKey}, set up by the class's {@link ConfigureManager} methods;
 *   <li>{@link io.typedipc.ManagerClient}: a client connected to it;
 *   <li>a {@code @Shared} interface annotated {@link SharedProxy @SharedProxy("name")}: the
 *       client's proxy of the object of that name;
 *   <li>{@link io.typedipc.AuthKey}: the Manager's key, e.g. for child JVMs that connect;
 *   <li>{@link ChildJvms}: starts child JVMs that are gone when the test ends.
 * </ul>
 *
 * <p>Within one test they are the same objects in {@code @BeforeEach}, the test and {@code
 * @AfterEach}. With {@link Lifecycle#PER_CLASS}, {@code @BeforeAll} and {@code @AfterAll} methods
 * may declare them too (the class's Manager, client and key), all but {@link ChildJvms}, which
 * belong to a test.
 *
 * <p>Everything is closed after each test ({@link Lifecycle#PER_METHOD}, the default: every test
 * gets a fresh Manager) or after the class ({@link Lifecycle#PER_CLASS}): child JVMs first, after
 * each test whatever the lifecycle (each closed, then killed if it did not exit within 10 s; the
 * test fails if a process one of them started is left running, see {@link ChildJvms}), then the
 * client, then the Manager.
 *
 * <pre>{@code
 * @TypedIpcTest
 * class CounterTest {
 *   @ConfigureManager
 *   static void share(Manager.Builder manager) {
 *     manager.share(Counter.class, "counter", new CounterImpl()).lock("accounts");
 *   }
 *
 *   @Test
 *   void counts(@SharedProxy("counter") Counter counter) {
 *     assertEquals(1, counter.increment());
 *   }
 * }
 * }</pre>
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@ExtendWith(TypedIpcExtension.class)
public @interface TypedIpcTest {
  /** How long one Manager lives. */
  Lifecycle lifecycle() default Lifecycle.PER_METHOD;

  /** Whether the Manager registers its JMX MBean (default false: tests leave the JVM's MBean server alone). */
  boolean jmx() default false;

  /** How long one Manager (with its client and child JVMs) lives. */
  enum Lifecycle {
    /** A fresh Manager for every test method. */
    PER_METHOD,
    /** One Manager for all tests of the class, closed after the last; its child JVMs still end with each test. */
    PER_CLASS
  }
}
