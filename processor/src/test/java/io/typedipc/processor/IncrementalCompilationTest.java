package io.typedipc.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import javax.annotation.processing.Processor;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.StandardLocation;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The processor under incremental compilation, as Gradle runs an <em>aggregating</em> processor
 * (the category {@code META-INF/gradle/incremental.annotation.processors} declares): before a
 * recompilation Gradle deletes everything the processor generated, compiles the changed sources,
 * and hands javac the unchanged annotated types as <em>class names</em>, to be processed again
 * from their class files. The services file must then list every binding, and no stale one; and
 * under Maven's incremental compilation, which recompiles the changed sources and deletes nothing,
 * it must keep the bindings of the sources not recompiled.
 */
@Timeout(120)
class IncrementalCompilationTest {
  private static final Path SPI = Path.of("../runtime/src/main/java/io/typedipc/spi");
  private static final String SERVICES = "META-INF/services/io.typedipc.spi.SharedBinding";

  @TempDir Path dir;

  @Test
  void gradleAggregatingRecompilationKeepsTheServicesFileComplete() throws IOException {
    Path src = dir.resolve("src");
    Path out = Files.createDirectories(dir.resolve("out"));
    Path alpha = write(src, "com/example/Alpha.java", shared("Alpha", "int a();"));
    Path beta = write(src, "com/example/Beta.java", shared("Beta", "int b();"));
    compile(out, List.of(), spiSources(), List.of(alpha, beta));
    assertEquals("com.example.Alpha_Binding\ncom.example.Beta_Binding\n", services(out));

    // Beta changes: Gradle deletes the aggregating processor's outputs and Beta's class, then
    // compiles Beta.java and reprocesses Alpha from its class file.
    write(src, "com/example/Beta.java", shared("Beta", "int b(); String b2(long x);"));
    deleteGenerated(out);
    Files.delete(out.resolve("com/example/Beta.class"));
    compile(out, List.of("com.example.Alpha"), List.of(), List.of(beta));
    assertEquals("com.example.Alpha_Binding\ncom.example.Beta_Binding\n", services(out));
    assertTrue(Files.exists(out.resolve("com/example/Alpha_Proxy.class")), "Alpha regenerated");
    assertTrue(Files.exists(out.resolve("com/example/Beta_Proxy.class")), "Beta generated");

    // Beta is deleted: no stale entry survives.
    Files.delete(beta);
    deleteGenerated(out);
    Files.delete(out.resolve("com/example/Beta.class"));
    compile(out, List.of("com.example.Alpha"), List.of(), List.of());
    assertEquals("com.example.Alpha_Binding\n", services(out));
  }

  @Test
  void mavenStyleRecompilationOfOneSourceKeepsTheOtherBindings() throws IOException {
    Path src = dir.resolve("src");
    Path out = Files.createDirectories(dir.resolve("out"));
    Path alpha = write(src, "com/example/Alpha.java", shared("Alpha", "int a();"));
    Path beta = write(src, "com/example/Beta.java", shared("Beta", "int b();"));
    compile(out, List.of(), spiSources(), List.of(alpha, beta));

    write(src, "com/example/Beta.java", shared("Beta", "int b(); int c();"));
    compile(out, List.of(), List.of(), List.of(beta));
    assertEquals("com.example.Alpha_Binding\ncom.example.Beta_Binding\n", services(out));
  }

  @Test
  void everyProcessorHasAGradleCategoryAndTheAggregatingOneSeesNoSourceRetention()
      throws Exception {
    Map<String, String> categories = new TreeMap<>();
    for (String line : lines("META-INF/gradle/incremental.annotation.processors")) {
      String[] parts = line.split(",");
      categories.put(parts[0], parts[1]);
    }
    // The processors javac discovers, as AutoService registered them.
    List<String> processors = lines("META-INF/services/javax.annotation.processing.Processor");
    assertEquals(new TreeMap<>(Map.of(
            TypedIpcProcessor.class.getName(), "aggregating",
            GeneratedMarkerProcessor.class.getName(), "isolating")),
        categories);
    assertEquals(categories.keySet().stream().sorted().toList(),
        processors.stream().sorted().toList());

    // Gradle recompiles everything when an aggregating processor is handed an annotation of
    // SOURCE retention (such as @Generated), so it must support none.
    for (String annotation : new TypedIpcProcessor().getSupportedAnnotationTypes()) {
      Retention retention = Class.forName(annotation).getAnnotation(Retention.class);
      assertNotEquals(RetentionPolicy.SOURCE, retention.value(), annotation);
    }
    // The isolating one generates nothing: all it may do is claim.
    Processor marker = new GeneratedMarkerProcessor();
    assertEquals(java.util.Set.of(GeneratedMarkerProcessor.GENERATED),
        marker.getSupportedAnnotationTypes());
  }

  private static String shared(String name, String methods) {
    return "package com.example;\n"
        + "import io.typedipc.annotation.Shared;\n"
        + "@Shared public interface " + name + " { " + methods + " }\n";
  }

  private static Path write(Path root, String relative, String text) throws IOException {
    Path file = root.resolve(relative);
    Files.createDirectories(file.getParent());
    return Files.writeString(file, text, StandardCharsets.UTF_8);
  }

  /** What Gradle deletes before recompiling with an aggregating processor: all it generated. */
  private static void deleteGenerated(Path out) throws IOException {
    Files.delete(out.resolve(SERVICES));
    try (Stream<Path> files = Files.walk(out.resolveSibling("generated"))) {
      for (Path file : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(file);
      }
    }
    try (Stream<Path> files = Files.walk(out.resolve("com"))) {
      for (Path file : files.filter(f -> f.getFileName().toString().matches(".*_(Proxy|Dispatcher|Binding)(\\$.*)?\\.class")).toList()) {
        Files.delete(file);
      }
    }
  }

  private static String services(Path out) throws IOException {
    return Files.readString(out.resolve(SERVICES), StandardCharsets.UTF_8);
  }

  private static List<Path> spiSources() throws IOException {
    try (Stream<Path> files = Files.list(SPI)) {
      return files.filter(f -> f.toString().endsWith(".java")).sorted().toList();
    }
  }

  private static List<String> lines(String resource) throws IOException {
    Path file = Path.of("target/classes").resolve(resource);
    return Files.readAllLines(file, StandardCharsets.UTF_8).stream()
        .map(String::strip)
        .filter(l -> !l.isEmpty() && !l.startsWith("#"))
        .toList();
  }

  /**
   * Compiles into {@code out} (also on the class path, as a previous compilation's output is),
   * with both processors, {@code classNames} processed from their class files.
   */
  private static void compile(Path out, List<String> classNames, List<Path> extra, List<Path> sources)
      throws IOException {
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
    try (StandardJavaFileManager files = javac.getStandardFileManager(diagnostics, null, StandardCharsets.UTF_8)) {
      files.setLocationFromPaths(StandardLocation.CLASS_OUTPUT, List.of(out));
      files.setLocationFromPaths(StandardLocation.SOURCE_OUTPUT,
          List.of(Files.createDirectories(out.resolveSibling("generated"))));
      List<Path> classPath = new ArrayList<>();
      classPath.add(out);
      classPath.add(Path.of(io.typedipc.annotation.Shared.class.getProtectionDomain().getCodeSource().getLocation().getPath()));
      files.setLocationFromPaths(StandardLocation.CLASS_PATH, classPath);
      List<Path> all = new ArrayList<>(extra);
      all.addAll(sources);
      JavaCompiler.CompilationTask task =
          javac.getTask(null, files, diagnostics, Compiler.OPTIONS,
              classNames.isEmpty() ? null : classNames,
              all.isEmpty() ? List.of() : files.getJavaFileObjectsFromPaths(all));
      task.setProcessors(List.of(new TypedIpcProcessor(), new GeneratedMarkerProcessor()));
      boolean ok = task.call();
      assertTrue(ok, () -> "compilation failed: " + diagnostics.getDiagnostics());
    }
  }
}
