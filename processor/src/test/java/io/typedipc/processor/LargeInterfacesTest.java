package io.typedipc.processor;

import static com.google.common.truth.Truth.assertThat;
import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * Interfaces whose generated dispatcher or binding would pass the JVM's limit of 64 KiB of code in
 * one method ("code too large" from javac, in code the user never wrote): the writers split them
 * into helper methods. Each test compiles such an interface, loads the generated classes and calls
 * every method through the dispatcher, checking it reaches the right implementation method with
 * its arguments, and that the binding describes every method, in order.
 */
class LargeInterfacesTest {

  @Test
  void anInterfaceOfAThousandMethodsCompilesAndDispatchesEachToItsMethod() throws Exception {
    int count = 1000;
    String source = "package big;\n@io.typedipc.annotation.Shared\npublic interface Big {\n"
        + IntStream.range(0, count)
            .mapToObj(i -> "  java.util.List<String> method" + i
                + "(int a, String b, java.util.Map<String, Integer> c) throws java.io.IOException;\n")
            .collect(Collectors.joining())
        + "}\n";
    String implementation = "package big;\npublic final class BigImpl implements Big {\n"
        + IntStream.range(0, count)
            .mapToObj(i -> "  @Override\n  public java.util.List<String> method" + i
                + "(int a, String b, java.util.Map<String, Integer> c) {\n"
                + "    return java.util.List.of(\"method" + i + "\", String.valueOf(a), b, String.valueOf(c));\n  }\n")
            .collect(Collectors.joining())
        + "}\n";
    Loaded big = compileAndLoad("big.Big", source, "big.BigImpl", implementation);
    assertThat(big.compilation.generatedSourceFile("big.Big_Dispatcher").isPresent()).isTrue();

    List<?> descriptors = big.methodDescriptors();
    assertEquals(count, descriptors.size());
    for (int i = 0; i < count; i++) {
      assertEquals("method" + i + "(int,java.lang.String,java.util.Map)", identity(descriptors.get(i)));
      Object result = big.dispatch(id(descriptors.get(i)), new Object[] {i, "b" + i, Map.of("c", i)});
      assertEquals(List.of("method" + i, String.valueOf(i), "b" + i, "{c=" + i + "}"), result);
    }
    IllegalArgumentException unknown =
        assertThrows(IllegalArgumentException.class, () -> big.dispatch(0x7fffffff, new Object[0]));
    assertThat(unknown).hasMessageThat().isEqualTo("big.Big has no method with id 0x7fffffff");
  }

  @Test
  void methodsWithManyParametersAreSplitBeforeTheLimitToo() throws Exception {
    // 60 methods of 120 parameters: each dispatch case unboxes 120 longs, about 1.2 KB of code
    String parameters = IntStream.range(0, 120).mapToObj(j -> "long a" + j).collect(Collectors.joining(", "));
    String source = "package big;\n@io.typedipc.annotation.Shared\npublic interface Wide {\n"
        + IntStream.range(0, 60)
            .mapToObj(i -> "  java.util.List<String> f" + i + "(" + parameters + ");\n")
            .collect(Collectors.joining())
        + "}\n";
    String arguments = IntStream.range(0, 120).mapToObj(j -> "String.valueOf(a" + j + ")").collect(Collectors.joining(", "));
    String implementation = "package big;\npublic final class WideImpl implements Wide {\n"
        + IntStream.range(0, 60)
            .mapToObj(i -> "  @Override\n  public java.util.List<String> f" + i + "(" + parameters + ") {\n"
                + "    return java.util.Arrays.asList(\"f" + i + "\", " + arguments + ");\n  }\n")
            .collect(Collectors.joining())
        + "}\n";
    Loaded wide = compileAndLoad("big.Wide", source, "big.WideImpl", implementation);
    List<?> descriptors = wide.methodDescriptors();
    assertEquals(60, descriptors.size());
    for (int i = 0; i < 60; i++) {
      Object[] args = new Object[120];
      for (int j = 0; j < 120; j++) {
        args[j] = (long) (i * 1000 + j);
      }
      List<?> answer = (List<?>) wide.dispatch(id(descriptors.get(i)), args);
      assertEquals(121, answer.size());
      assertEquals(List.of("f" + i, String.valueOf(i * 1000), String.valueOf(i * 1000 + 119)),
          List.of(answer.get(0), answer.get(1), answer.get(120)));
    }
  }

  @Test
  void aChannelOfFifteenHundredMessagesCompiles() {
    String source = "package big;\n@io.typedipc.annotation.Channel\npublic interface Events {\n"
        + IntStream.range(0, 1500)
            .mapToObj(i -> "  void event" + i + "(int a, String b, java.util.Map<String, Integer> c, long d);\n")
            .collect(Collectors.joining())
        + "}\n";
    Compilation compilation = Compiler.compile(List.of(JavaFileObjects.forSourceString("big.Events", source)));
    assertThat(compilation).succeededWithoutWarnings();
  }

  // ------------------------------------------------------------------ loading what was generated

  private static Loaded compileAndLoad(String interfaceName, String source, String implementationName,
      String implementation) throws Exception {
    Compilation compilation = Compiler.compile(List.of(JavaFileObjects.forSourceString(interfaceName, source),
        JavaFileObjects.forSourceString(implementationName, implementation)));
    assertThat(compilation).succeededWithoutWarnings();
    Map<String, byte[]> classes = new HashMap<>();
    for (JavaFileObject file : compilation.generatedFiles()) {
      if (file.getKind() == JavaFileObject.Kind.CLASS) {
        String path = file.toUri().getPath();
        String name = path.substring(path.indexOf("/CLASS_OUTPUT/") + "/CLASS_OUTPUT/".length(), path.length() - 6)
            .replace('/', '.');
        try (InputStream in = file.openInputStream()) {
          classes.put(name, in.readAllBytes());
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
    }
    ClassLoader loader = new ClassLoader(LargeInterfacesTest.class.getClassLoader()) {
      @Override
      protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        synchronized (getClassLoadingLock(name)) {
          byte[] bytes = classes.get(name);
          if (bytes == null) {
            return super.loadClass(name, resolve);
          }
          Class<?> c = findLoadedClass(name);
          return c != null ? c : defineClass(name, bytes, 0, bytes.length);
        }
      }
    };
    return new Loaded(compilation, loader, loader.loadClass(interfaceName), loader.loadClass(implementationName));
  }

  /**
   * The generated binding, and a dispatcher over the compiled implementation, which answers each
   * call with the method's name followed by its arguments as strings. (Not a reflection proxy:
   * JDK 25 cannot make one for an interface of 1,500 methods, its static initializer too large.)
   */
  private static final class Loaded {
    final Compilation compilation;
    final Object binding;
    final Object dispatcher;

    Loaded(Compilation compilation, ClassLoader loader, Class<?> api, Class<?> implementation) throws Exception {
      this.compilation = compilation;
      this.binding = loader.loadClass(api.getName() + "_Binding").getConstructor().newInstance();
      Object target = implementation.getConstructor().newInstance();
      this.dispatcher = binding.getClass().getMethod("newDispatcher", Object.class).invoke(binding, target);
    }

    List<?> methodDescriptors() throws Exception {
      Object descriptor = binding.getClass().getMethod("descriptor").invoke(binding);
      return (List<?>) descriptor.getClass().getMethod("methods").invoke(descriptor);
    }

    Object dispatch(int id, Object[] args) throws Exception {
      Method dispatch = dispatcher.getClass().getMethod("dispatch", int.class, Object[].class);
      dispatch.setAccessible(true); // the dispatcher class is package-private
      try {
        return dispatch.invoke(dispatcher, id, args);
      } catch (InvocationTargetException e) {
        throw e.getCause() instanceof Exception x ? x : e;
      }
    }
  }

  private static String identity(Object methodDescriptor) throws Exception {
    return (String) methodDescriptor.getClass().getMethod("identity").invoke(methodDescriptor);
  }

  private static int id(Object methodDescriptor) throws Exception {
    return (Integer) methodDescriptor.getClass().getMethod("id").invoke(methodDescriptor);
  }
}
