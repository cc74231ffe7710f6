package io.typedipc.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import java.util.List;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * The runtime's built-in queue and synchronizer handles ({@code io.typedipc.builtin}, not
 * {@code @Shared}) travel as references: accepted as parameters and results of {@code @Shared}
 * methods, refused in {@code @Channel} messages like any shared object.
 */
class BuiltinHandlesTest {
  private static final String DIR = "fixtures/builtinhandles/";

  private static JavaFileObject source(String path) {
    return JavaFileObjects.forResource(DIR + path);
  }

  @Test
  void builtinHandlesAreAcceptedInSharedMethods() {
    Compilation compilation = Compiler.compile(List.of(source("io/typedipc/builtin/SharedQueue.java"),
        source("io/typedipc/builtin/SharedLock.java"), source("handles/Workers.java")));
    assertThat(compilation).succeededWithoutWarnings();
    assertThat(compilation).generatedSourceFile("handles.Workers_Proxy");
  }

  @Test
  void aBuiltinHandleInAChannelMessageIsRefused() {
    JavaFileObject channel = source("HandleInChannel.java");
    Compilation compilation = Compiler.compile(List.of(source("io/typedipc/builtin/SharedLock.java"), channel));
    assertThat(compilation).failed();
    assertThat(compilation)
        .hadErrorContaining("[typedipc:shared-in-channel] parameter 'lock' of assigned: io.typedipc.builtin.SharedLock")
        .inFile(channel)
        .onLineContaining("void assigned(");
  }
}
