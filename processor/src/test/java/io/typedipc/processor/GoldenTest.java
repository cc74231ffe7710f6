package io.typedipc.processor;

import static com.google.common.truth.Truth.assertThat;
import static com.google.testing.compile.CompilationSubject.assertThat;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import javax.tools.JavaFileObject;
import javax.tools.StandardLocation;
import org.junit.jupiter.api.Test;

/**
 * The representative interface ({@code fixtures/inventory}: overloads, checked exceptions, async,
 * void, arrays, varargs, collections, a record with a nested enum, clashing parameter names)
 * generates exactly the golden files, compiles without a warning, and does so reproducibly.
 */
class GoldenTest {
  private static final String INVENTORY = "fixtures/inventory";

  @Test
  void generatesTheGoldenProxyDispatcherBindingAndExceptions() {
    Compilation compilation = Compiler.compileDirectory(INVENTORY);

    assertThat(compilation).succeededWithoutWarnings();
    for (String kind : new String[] {"Proxy", "Dispatcher", "Binding", "Exceptions"}) {
      assertThat(compilation)
          .generatedSourceFile("com.example.Inventory_" + kind)
          .hasSourceEquivalentTo(JavaFileObjects.forResource("golden/Inventory_" + kind + ".java"));
    }
  }

  /**
   * The channel fixture ({@code fixtures/signals}: every primitive, String, a boxed primitive, a
   * record, a parameterized type, a type variable, varargs, no parameter, and parameters named
   * like the generated locals) writes each argument straight into the message and reads it
   * straight back, with no argument array.
   */
  @Test
  void generatesTheGoldenChannelProxyAndDispatcher() {
    Compilation compilation = Compiler.compileDirectory("fixtures/signals");

    assertThat(compilation).succeededWithoutWarnings();
    for (String kind : new String[] {"Proxy", "Dispatcher"}) {
      assertThat(compilation)
          .generatedSourceFile("com.example.signals.Signals_" + kind)
          .hasSourceEquivalentTo(JavaFileObjects.forResource("golden/Signals_" + kind + ".java"));
    }
  }

  @Test
  void listsTheBindingInTheServiceFile() {
    Compilation compilation = Compiler.compileDirectory(INVENTORY);

    assertThat(compilation)
        .generatedFile(
            StandardLocation.CLASS_OUTPUT, "META-INF/services/io.typedipc.spi.SharedBinding")
        .contentsAsUtf8String()
        .isEqualTo("com.example.Inventory_Binding\n");
  }

  @Test
  void generatesByteIdenticalFilesForIdenticalInput() throws IOException {
    Map<String, String> first = generated(Compiler.compileDirectory(INVENTORY));
    Map<String, String> second = generated(Compiler.compileDirectory(INVENTORY));

    assertThat(first).isNotEmpty();
    assertThat(second).containsExactlyEntriesIn(first).inOrder();
  }

  @Test
  void methodIdIsTheFirstFourBytesOfTheSha256OfTheIdentity() throws Exception {
    byte[] digest =
        MessageDigest.getInstance("SHA-256")
            .digest("reserve(java.lang.String,int)".getBytes(StandardCharsets.UTF_8));
    int expected =
        ((digest[0] & 0xff) << 24)
            | ((digest[1] & 0xff) << 16)
            | ((digest[2] & 0xff) << 8)
            | (digest[3] & 0xff);

    Compilation compilation = Compiler.compileDirectory(INVENTORY);

    String hex = String.format(Locale.ROOT, "0x%08x", expected);
    assertThat(compilation)
        .generatedSourceFile("com.example.Inventory_Binding")
        .contentsAsUtf8String()
        .contains(
            "RESERVE_STRING_INT = new MethodDescriptor(\n      "
                + hex
                + ",\n      \"reserve(java.lang.String,int)\"");
    assertThat(compilation)
        .generatedSourceFile("com.example.Inventory_Dispatcher")
        .contentsAsUtf8String()
        .contains("case " + hex + ": // reserve(java.lang.String,int)");
  }

  /** Every generated non-class file, by name, with its content. */
  private static Map<String, String> generated(Compilation compilation) throws IOException {
    assertThat(compilation).succeeded();
    Map<String, String> files = new LinkedHashMap<>();
    for (JavaFileObject file : compilation.generatedFiles()) {
      if (file.getKind() != JavaFileObject.Kind.CLASS) {
        files.put(file.getName(), file.getCharContent(true).toString());
      }
    }
    return files;
  }
}
