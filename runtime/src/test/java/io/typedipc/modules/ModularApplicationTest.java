package io.typedipc.modules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.esotericsoftware.kryo.Kryo;
import io.typedipc.AuthKey;
import io.typedipc.Manager;
import io.typedipc.annotation.Shared;
import io.typedipc.it.ChildJvm;
import java.io.File;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.net.URISyntaxException;
import java.util.Locale;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The runtime as a named module, {@code io.typedipc}: it exports only its API packages, and a
 * user's modular application (src/test/resources/modular-app, declared as the README says) compiles
 * with the processor and runs on the module path — a Manager and a client, each in its own JVM with
 * no classpath, calling through the generated proxy.
 */
@Timeout(180)
class ModularApplicationTest {
  private static final String APP = "com.example.shop";

  @Test
  void aModularApplicationCallsThroughTheGeneratedProxyOnTheModulePath(@TempDir Path dir) throws Exception {
    Path classes = dir.resolve(APP);
    DiagnosticCollector<JavaFileObject> diagnostics = compileApp(appSources(dir, text -> text), classes, "--processor-path");
    assertEquals(List.of(), diagnostics.getDiagnostics(), "javac: the module as the README declares it, no warnings");

    runApp(classes, (manager, port, client) -> {
      Duration wait = Duration.ofSeconds(60);
      assertEquals("2", client.awaitLine("RESERVED", wait), "a call through the generated proxy");
      assertEquals("apple: only 2 left", client.awaitLine("THROWN", wait), "a declared exception, rethrown as itself");
      assertEquals("ann[apple, pear]", client.awaitLine("BASKET", wait), "a value Kryo wrote field by field");
      assertEquals("2 x pear", client.awaitLine("RECEIPT", wait), "a value with a public no-arg constructor, both ways");
      assertEquals("3", client.awaitLine("PRICE", wait), "a built-in shared map (the runtime's own bindings)");
      assertEquals("4", client.awaitLine("CALLS", wait), "introspection read by the client");
      assertEquals(APP + " io.typedipc internal exported: false", client.awaitLine("MODULES", wait),
          "both named modules, the runtime's internals not exported");
      assertEquals(0, client.waitFor(wait), client.output());
      assertEquals(7, client.output().lines().count(), "and nothing else, no warnings:\n" + client.output());
      assertTrue(manager.isAlive(), manager.output());
      assertEquals("PORT " + port, manager.output(), "the Manager printed nothing else, no warnings");
    });
  }

  /** What the test does with the app's Manager JVM, the port it printed, and a client JVM. */
  private interface AppRun {
    void run(ChildJvm manager, String port, ChildJvm client) throws Exception;
  }

  /** Runs the app compiled to {@code classes} on the module path: its Manager, then one client. */
  private static void runApp(Path classes, AppRun run) throws Exception {
    String appPath = modulePath() + File.pathSeparator + classes;
    AuthKey key = AuthKey.generate();
    try (ChildJvm manager = ChildJvm.startModule(appPath, APP, APP + ".server.ShopManager", key)) {
      String port = manager.awaitLine("PORT", Duration.ofSeconds(60));
      try (ChildJvm client = ChildJvm.startModule(appPath, APP, APP + ".client.ShopClient", key, port)) {
        run.run(manager, port, client);
      }
    }
  }

  /**
   * A module that opens its values' package to Kryo only (the README's module-info before it named
   * io.typedipc too): a value with a public no-arg constructor cannot be made, and the error says
   * which line to declare, instead of an IllegalAccessError from Kryo's generated accessor.
   */
  @Test
  void aValuePackageOpenedToKryoOnlyIsRefusedSayingWhatToDeclare(@TempDir Path dir) throws Exception {
    Path classes = dir.resolve(APP);
    String kryoOnly = "opens com.example.shop.api to com.esotericsoftware.kryo;";
    DiagnosticCollector<JavaFileObject> diagnostics = compileApp(appSources(dir,
        text -> text.replace("opens com.example.shop.api to com.esotericsoftware.kryo, io.typedipc;", kryoOnly)),
        classes, "--processor-path");
    assertEquals(List.of(), diagnostics.getDiagnostics());
    assertTrue(Files.readString(dir.resolve("src/module-info.java")).contains(kryoOnly));

    runApp(classes, (manager, port, client) -> {
      Duration wait = Duration.ofSeconds(60);
      assertEquals("ann[apple, pear]", client.awaitLine("BASKET", wait), "a package-private constructor needs no more");
      assertTrue(client.waitFor(wait) != 0, client.output());
      assertTrue(client.output().contains("declare \"opens com.example.shop.api to com.esotericsoftware.kryo, io.typedipc;\""),
          client.output());
      assertFalse(client.output().contains("IllegalAccessError"), client.output());
    });
  }

  @Test
  void theRuntimeModuleExportsItsApiAndProvidesTheBindingsItsServicesFileLists() throws Exception {
    Path runtime = location(Manager.class);
    ModuleDescriptor descriptor = ModuleFinder.of(runtime).findAll().iterator().next().descriptor();
    assertEquals("io.typedipc", descriptor.name());
    Set<String> exported = descriptor.exports().stream().filter(e -> !e.isQualified())
        .map(ModuleDescriptor.Exports::source).collect(Collectors.toCollection(TreeSet::new));
    assertEquals(Set.of("io.typedipc", "io.typedipc.builtin", "io.typedipc.introspect", "io.typedipc.process",
        "io.typedipc.spi"), exported);
    // internal packages go to typedipc's own cluster module only, by name
    descriptor.exports().stream().filter(ModuleDescriptor.Exports::isQualified)
        .forEach(e -> assertEquals(Set.of("io.typedipc.hazelcast"), e.targets(), e.toString()));
    assertTrue(descriptor.uses().contains("io.typedipc.spi.SharedBinding"));

    // the processor writes META-INF/services for the classpath; module-info lists the same bindings
    Set<String> listed = new TreeSet<>(Files.readAllLines(runtime.resolve("META-INF/services/io.typedipc.spi.SharedBinding")));
    listed.removeIf(String::isBlank);
    Set<String> provided = descriptor.provides().stream()
        .filter(p -> p.service().equals("io.typedipc.spi.SharedBinding"))
        .flatMap(p -> p.providers().stream()).collect(Collectors.toCollection(TreeSet::new));
    assertEquals(listed, provided, "module-info.java's provides must name every generated built-in binding");

    ModuleDescriptor processor = ModuleFinder.of(location(Class.forName("io.typedipc.processor.TypedIpcProcessor")))
        .findAll().iterator().next().descriptor();
    assertEquals("io.typedipc.processor", processor.name());
    assertEquals(Set.of(), processor.exports(), "the processor is found as a service, it has no API");
    assertEquals(List.of("io.typedipc.processor.TypedIpcProcessor", "io.typedipc.processor.GeneratedMarkerProcessor"),
        processor.provides().stream().filter(p -> p.service().equals("javax.annotation.processing.Processor"))
            .findFirst().orElseThrow().providers());
  }

  /** On the processor path (as Maven and Gradle run it), and as a module found through its provides. */
  @ParameterizedTest
  @ValueSource(strings = {"--processor-path", "--processor-module-path"})
  void theProcessorWarnsOnTheInterfaceWhenTheModuleDoesNotProvideItsBinding(String processorOption, @TempDir Path dir)
      throws Exception {
    DiagnosticCollector<JavaFileObject> diagnostics =
        compileApp(appSources(dir, text -> text.replaceAll("(?s)provides .*?;", "")), dir.resolve("classes"), processorOption);
    List<Diagnostic<? extends JavaFileObject>> warnings = diagnostics.getDiagnostics();
    assertEquals(1, warnings.size(), warnings.toString());
    Diagnostic<? extends JavaFileObject> warning = warnings.get(0);
    assertEquals(Diagnostic.Kind.WARNING, warning.getKind());
    assertTrue(warning.getSource().getName().endsWith("Inventory.java"), warning.toString());
    assertEquals(6, warning.getLineNumber(), "on the interface: " + warning);
    assertEquals("module com.example.shop does not provide com.example.shop.api.Inventory's binding, so the"
        + " typedipc runtime will not find it on the module path: add 'provides io.typedipc.spi.SharedBinding"
        + " with com.example.shop.api.Inventory_Binding;' to its module-info.java", warning.getMessage(Locale.ROOT));
  }

  /** The app's sources copied to {@code dir/src}, its {@code module-info.java} edited by {@code moduleInfo}. */
  private static List<Path> appSources(Path dir, java.util.function.UnaryOperator<String> moduleInfo) throws Exception {
    Path from = Path.of(ModularApplicationTest.class.getResource("/modular-app/module-info.java").toURI()).getParent();
    Path to = dir.resolve("src");
    List<Path> files = new ArrayList<>();
    try (Stream<Path> walk = Files.walk(from)) {
      for (Path file : walk.filter(p -> p.toString().endsWith(".java")).sorted().collect(Collectors.toList())) {
        Path copy = to.resolve(from.relativize(file).toString());
        Files.createDirectories(copy.getParent());
        String text = Files.readString(file);
        if (file.getFileName().toString().equals("module-info.java")) {
          text = moduleInfo.apply(text);
        }
        Files.writeString(copy, text);
        files.add(copy);
      }
    }
    return files;
  }

  /** Compiles the app with JDK's javac on the module path, the processor on {@code processorOption}. */
  private static DiagnosticCollector<JavaFileObject> compileApp(List<Path> sources, Path classes, String processorOption)
      throws Exception {
    String processorPath = path(Class.forName("io.typedipc.processor.TypedIpcProcessor"),
        Class.forName("com.palantir.javapoet.JavaFile"), Shared.class);
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
    try (StandardJavaFileManager files = javac.getStandardFileManager(diagnostics, Locale.ROOT, StandardCharsets.UTF_8)) {
      List<String> options = new ArrayList<>(List.of("--release", "17", "-d", classes.toString(),
          "--module-path", modulePath(), processorOption, processorPath));
      if (processorOption.equals("--processor-module-path")) {
        // JDK 23+ javac, called through its API (as build tools call it), runs no processor from
        // the processor module path unless processing is asked for (seen on JDK 25)
        options.add("-proc:full");
      }
      boolean ok = javac.getTask(null, files, diagnostics, options, null, files.getJavaFileObjectsFromPaths(sources)).call();
      assertTrue(ok, "javac failed: " + diagnostics.getDiagnostics());
    }
    return diagnostics;
  }

  /** The runtime and what it needs, as modules: typedipc's two, Kryo and its three. */
  private static String modulePath() throws Exception {
    return path(Manager.class, Shared.class, Kryo.class,
        Class.forName("com.esotericsoftware.minlog.Log"),
        Class.forName("com.esotericsoftware.reflectasm.FieldAccess"),
        Class.forName("org.objenesis.Objenesis"));
  }

  private static Path location(Class<?> type) throws URISyntaxException {
    return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
  }

  private static String path(Class<?>... types) throws URISyntaxException {
    List<String> entries = new ArrayList<>();
    for (Class<?> type : types) {
      String entry = location(type).toString();
      if (!entries.contains(entry)) {
        entries.add(entry);
      }
    }
    return String.join(File.pathSeparator, entries);
  }

}
