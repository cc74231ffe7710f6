package io.typedipc.processor;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import javax.tools.JavaFileObject;

/**
 * Compiles fixtures with the processor, strictly ({@code -Xlint:all -Werror}), together with the
 * runtime's SPI sources so that generated code is compiled against the real contract.
 */
final class Compiler {
  /** Relative to the processor module, surefire's working directory. */
  private static final Path SPI = Path.of("../runtime/src/main/java/io/typedipc/spi");

  /**
   * Every lint warning is an error, except javac's "no processor claimed these annotations"
   * (JDK-6999068), which is about the build's processors, not the code: it fires for the
   * {@code @Generated} marker on generated code. The parent pom disables it the same way.
   */
  static final List<String> OPTIONS = List.of("-Xlint:all", "-Xlint:-processing", "-Werror");

  private Compiler() {}

  /** Compiles the given fixture resources (paths under {@code src/test/resources}). */
  static Compilation compile(String... resources) {
    List<JavaFileObject> sources = new ArrayList<>();
    for (String resource : resources) {
      sources.add(JavaFileObjects.forResource(resource));
    }
    return compile(sources);
  }

  /** Compiles every {@code .java} file under a fixture directory. */
  static Compilation compileDirectory(String directory) {
    try (Stream<Path> files = Files.walk(Path.of("src/test/resources", directory))) {
      List<JavaFileObject> sources = new ArrayList<>();
      for (Path file : files.filter(f -> f.toString().endsWith(".java")).sorted().toList()) {
        sources.add(JavaFileObjects.forResource(file.toUri().toURL()));
      }
      return compile(sources);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Compiles sources with the processor, strictly, plus the SPI sources. */
  static Compilation compile(List<JavaFileObject> sources) {
    List<JavaFileObject> all = new ArrayList<>(sources);
    all.addAll(spiSources());
    return com.google.testing.compile.Compiler.javac()
        .withProcessors(new TypedIpcProcessor())
        .withOptions(OPTIONS)
        .compile(all);
  }

  private static List<JavaFileObject> spiSources() {
    try (Stream<Path> files = Files.list(SPI)) {
      List<JavaFileObject> sources = new ArrayList<>();
      for (Path file : files.filter(f -> f.toString().endsWith(".java")).sorted().toList()) {
        sources.add(toSource(file));
      }
      return sources;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static JavaFileObject toSource(Path file) {
    try {
      return JavaFileObjects.forResource(file.toUri().toURL());
    } catch (MalformedURLException e) {
      throw new UncheckedIOException(e);
    }
  }
}
