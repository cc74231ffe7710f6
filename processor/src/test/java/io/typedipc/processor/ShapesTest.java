package io.typedipc.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;

import com.google.common.truth.StringSubject;
import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import java.util.ArrayList;
import java.util.List;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * Interface shapes a new user declares from the README ("What crosses the wire, and how"): each
 * compiles with its generated code under {@code -Xlint:all -Werror}, or is refused with one clear
 * error on the offending element.
 */
class ShapesTest {

  static Compilation compile(String... nameAndSource) {
    List<JavaFileObject> sources = new ArrayList<>();
    for (int i = 0; i < nameAndSource.length; i += 2) {
      sources.add(JavaFileObjects.forSourceString(nameAndSource[i], nameAndSource[i + 1]));
    }
    return Compiler.compile(sources);
  }

  @Test
  void nestedGenericsArraysVarargsOptional() {
    Compilation c = compile("s.Values", """
        package s;
        import io.typedipc.annotation.Shared;
        import java.util.*;
        @Shared
        public interface Values<T> {
          record P(int x, int y) {
            public P { if (x < 0) throw new IllegalArgumentException(); }
          }
          Map<String, List<Set<Integer>>> nested(Map<String, List<Set<Integer>>> in);
          int[] ints(int[] a, long[][] b, char[] c, boolean[] d, byte[] e, short[] f, float[] g, double[] h);
          P[] points(P[] ps, P... more);
          String join(String... parts);
          int sum(int... xs);
          Optional<T> maybe(Optional<T> t);
          Optional<P> point(Optional<int[]> a);
          List<int[]> rows(List<P[]> x);
          Character ch(Character c, char d);
        }
        """);
    assertThat(c).succeededWithoutWarnings();
  }

  /**
   * Type variables named like classes the generated code refers to: inside the generated class
   * they hid them (a type variable named Generated made the marker annotation fail to compile).
   */
  @Test
  void typeVariablesNamedLikeTheGeneratedCodesOwnTypes() {
    Compilation c = compile("s.Clash", """
        package s;
        @io.typedipc.annotation.Shared
        public interface Clash<Generated, Dispatcher, RemoteObject, CompletableFuture> {
          Dispatcher d(Generated g);
          java.util.concurrent.CompletableFuture<RemoteObject> later(CompletableFuture c);
        }
        """);
    assertThat(c).succeededWithoutWarnings();
  }

  @Test
  void boxedAndPrimitiveOverloads() {
    Compilation c = compile("s.Boxes", """
        package s;
        @io.typedipc.annotation.Shared
        public interface Boxes {
          int f(int x);
          Integer f(Integer x);
          long f(long x);
          Long f(Long x);
          double g(double x, Double y);
          double g(Double x, double y);
        }
        """);
    assertThat(c).succeededWithoutWarnings();
  }

  /**
   * README: "methods inherited from plain super-interfaces" — also along several paths (a
   * diamond): one remote method, whose proxy override must implement every declaration. It
   * took the first declaration's, so the generated code did not compile when another declared a
   * narrower return type or fewer exceptions, or when javac found the dispatcher's call
   * ambiguous ({@code put(T)} of {@code Store<String>} beside {@code put(String)}).
   */
  @Test
  void methodsInheritedAlongSeveralPathsAreOneMethodThatImplementsEveryDeclaration() {
    Compilation c = compile(
        "s.Left", """
        package s;
        import java.io.IOException;
        import java.util.List;
        public interface Left {
          String name();
          void put(String s);
          List<String> all();
          void save() throws IOException;
          void load() throws IOException;
          void close() throws Exception;
        }
        """,
        "s.Right", """
        package s;
        import java.io.*;
        import java.util.ArrayList;
        public interface Right {
          String name();
          void put(String s);
          ArrayList<String> all();
          void save();
          void load() throws FileNotFoundException, EOFException;
          void close() throws IOException;
        }
        """,
        "s.Store", """
        package s;
        public interface Store<T> { void put(T t); T get(); }
        """,
        "s.Diamond", """
        package s;
        @io.typedipc.annotation.Shared
        public interface Diamond extends Left, Right, Store<String> {
          default String twice() { return name() + name(); }
        }
        """);
    assertThat(c).succeededWithoutWarnings();
    StringSubject proxy = source(c, "s.Diamond_Proxy");
    proxy.contains("public ArrayList<String> all() {");
    proxy.contains("public void save() {");
    proxy.contains("public void load() throws FileNotFoundException, EOFException {");
    proxy.contains("public void close() throws IOException {");
    StringSubject dispatcher = source(c, "s.Diamond_Dispatcher");
    dispatcher.contains("((Left) this.target).put((String) args[0]);");
    dispatcher.contains("return this.target.name();");
    StringSubject binding = source(c, "s.Diamond_Binding");
    binding.contains("\"java.util.ArrayList<java.lang.String> all()\"");
    binding.contains("\"void load() throws java.io.EOFException, java.io.FileNotFoundException\"");
    binding.contains("List.of(NAME, PUT, ALL, SAVE, LOAD, CLOSE, GET)");
  }

  /**
   * A method deprecated on one path of a diamond only: the proxy's override of the deprecated
   * declaration gave a deprecation warning (a mandatory one, shown without -Xlint).
   */
  @Test
  void aMethodDeprecatedOnOnePathGivesNoWarningInGeneratedCode() {
    Compilation c = compile(
        "s.Old", """
        package s;
        public interface Old { @Deprecated String name(); }
        """,
        "s.New", """
        package s;
        public interface New { String name(); }
        """,
        "s.Both", """
        package s;
        @io.typedipc.annotation.Shared
        public interface Both extends New, Old {}
        """);
    assertThat(c).succeededWithoutWarnings();
    source(c, "s.Both_Proxy").contains("@SuppressWarnings({\"deprecation\", \"removal\"})");
  }

  /**
   * A method inherited as {@code f(String...)} along one path and {@code f(String[])} along the
   * other: the proxy's override cannot match both, and javac warned ([overrides]) in generated code.
   */
  @Test
  void aMethodVarargsOnOnePathOnlyGivesNoWarningInGeneratedCode() {
    Compilation c = compile(
        "s.Spread", """
        package s;
        public interface Spread { void f(String... xs); <T> void g(java.util.List<T>[] ys); }
        """,
        "s.Packed", """
        package s;
        public interface Packed { void f(String[] xs); }
        """,
        "s.Either", """
        package s;
        @io.typedipc.annotation.Shared
        public interface Either extends Spread, Packed {
          @Override
          default <T> void g(java.util.List<T>[] ys) {}
        }
        """);
    assertThat(c).succeededWithoutWarnings();
    source(c, "s.Either_Proxy").contains("@SuppressWarnings(\"overrides\")\n@Generated");
    source(c, "s.Either_Proxy").contains("  @Override\n  public void f(String... xs) {");
  }

  /** The same through a {@code @Channel}'s consumer-side {@code deliver}. */
  @Test
  void aChannelMessageInheritedAlongSeveralPathsIsDelivered() {
    Compilation c = compile(
        "s.Sink", """
        package s;
        public interface Sink<T> { void accept(T t); }
        """,
        "s.Named", """
        package s;
        public interface Named { void accept(String s); }
        """,
        "s.Lines", """
        package s;
        @io.typedipc.annotation.Channel
        public interface Lines extends Sink<String>, Named {}
        """);
    assertThat(c).succeededWithoutWarnings();
    source(c, "s.Lines_Dispatcher").contains("((Sink<String>) this.target).accept(t);");
  }

  @Test
  void objectMethodNames() {
    Compilation c = compile("s.Objecty", """
        package s;
        @io.typedipc.annotation.Shared
        public interface Objecty {
          String toString();
          int hashCode();
          boolean equals(Object other);
          String toString(int indent);
          boolean equals(String other);
          int hashCode(String s);
          String clone();
        }
        """);
    assertThat(c).succeededWithoutWarnings();
  }

  @Test
  void parametersNamedLikeGeneratedLocals() {
    Compilation c = compile("s.Clash", """
        package s;
        import java.util.*;
        @io.typedipc.annotation.Shared
        public interface Clash {
          String a(String out, String in, String kryo, String call, String args, String result);
          String b(String proxy, int id, String this$, String remote, String target, String methodId);
          String c(String NO_ARGS, String Clash_Binding, String e, String message, String cause, String fields) throws java.io.IOException;
          java.util.concurrent.CompletableFuture<String> d(String remote, String args) throws java.io.IOException;
          String DESCRIPTOR();
          String descriptor();
          String newProxy(String remote);
          String newDispatcher(String target);
          String dispatch(int methodId, String args);
          String remoteOf(String proxy);
          void größe(int ñ);
          void getURL();
          void getUrl();
          void get_url();
        }
        """);
    assertThat(c).succeededWithoutWarnings();
  }

  @Test
  void channelParametersNamedLikeGeneratedLocals() {
    Compilation c = compile("s.Events", """
        package s;
        import java.util.*;
        @io.typedipc.annotation.Channel
        public interface Events {
          void a(String message, int methodId, String target, String messages, String remote);
          void b(String Events_Binding, List<String> args, int[] xs, char c, short s, byte b, float f, double d, boolean z, long l);
          @SuppressWarnings("unchecked") void c(List<String>... lists);
          void d(String... s);
          default void twice(String s) { d(s, s); }
        }
        """);
    assertThat(c).succeededWithoutWarnings();
  }

  @Test
  void genericChannel() {
    Compilation c = compile("s.Feed", """
        package s;
        import java.util.*;
        @io.typedipc.annotation.Channel
        public interface Feed<T extends Comparable<T>> {
          void item(T t, List<T> ts, Optional<T> o);
        }
        """);
    assertThat(c).succeededWithoutWarnings();
  }

  @Test
  void defaultPackage() {
    Compilation c = compile("Plain", """
        @io.typedipc.annotation.Shared
        public interface Plain {
          int get();
        }
        """);
    assertThat(c).succeededWithoutWarnings();
  }

  @Test
  void twoHundredMethods() {
    StringBuilder s = new StringBuilder("package s;\n@io.typedipc.annotation.Shared\npublic interface Many {\n");
    for (int i = 0; i < 200; i++) {
      s.append("  java.util.List<String> m").append(i).append("(int a, String b, java.util.Map<String, Long> c) throws java.io.IOException;\n");
    }
    s.append("}\n");
    Compilation c = compile("s.Many", s.toString());
    assertThat(c).succeededWithoutWarnings();
  }

  @Test
  void futures() {
    Compilation c = compile("s.Futures", """
        package s;
        import java.util.*;
        import java.util.concurrent.*;
        @io.typedipc.annotation.Shared
        public interface Futures<T> {
          CompletableFuture<Void> v();
          CompletableFuture<List<String>> l(int x);
          CompletableFuture<T> t(T x);
          CompletableFuture<int[]> a();
          CompletableFuture<String> io(String s) throws java.io.IOException, TimeoutException;
          void sync();
        }
        """);
    assertThat(c).succeededWithoutWarnings();
  }

  @Test
  void typeAnnotationsAreNoPartOfAMethodsIdentity() {
    Compilation c = compile("s.Ann", """
        package s;
        import java.lang.annotation.*;
        import java.util.*;
        @io.typedipc.annotation.Shared
        public interface Ann {
          @Target(ElementType.TYPE_USE) @Retention(RetentionPolicy.RUNTIME) @interface Nullable {}
          @Target(ElementType.PARAMETER) @interface Named { String value(); }
          @Nullable String a(@Nullable String x, @Named("y") int y, List<@Nullable String> z, String @Nullable [] w);
          boolean equals(@Nullable Object other);
          String[] arr(@Nullable String... x);
        }
        """);
    assertThat(c).succeededWithoutWarnings();
    StringSubject binding = source(c, "s.Ann_Binding");
    binding.contains("\"a(java.lang.String,int,java.util.List,java.lang.String[])\",\n"
        + "      \"java.lang.String a(java.lang.String, int, java.util.List<java.lang.String>, java.lang.String[])\",");
    binding.contains("\"arr(java.lang.String[])\",\n      \"java.lang.String[] arr(java.lang.String[])\",");
    binding.doesNotContain("Nullable");
    binding.doesNotContain("equals");
    source(c, "s.Ann_Proxy").doesNotContain("equals");
  }

  @Test
  void enumsWithConstantBodies() {
    Compilation c = compile("s.Ops", """
        package s;
        @io.typedipc.annotation.Shared
        public interface Ops {
          enum Op { ADD { int apply(int a, int b) { return a + b; } }, SUB { int apply(int a, int b) { return a - b; } }; abstract int apply(int a, int b); }
          int apply(Op op, int a, int b);
          Op[] all();
        }
        """);
    assertThat(c).succeededWithoutWarnings();
  }

  @Test
  void sharedReturningShared() {
    Compilation c = compile("s.Shelf", """
        package s;
        import java.util.*;
        @io.typedipc.annotation.Shared
        public interface Shelf {
          @io.typedipc.annotation.Shared interface Book { String title(); }
          Book book(String title);
          List<Book> books();
          Map<String, Book> byTitle();
          Optional<Book> first();
          void add(Book b);
          Shelf self();
        }
        """);
    assertThat(c).succeededWithoutWarnings();
  }

  @Test
  void nestedInClasses() {
    Compilation c = compile("s.Holder", """
        package s;
        public class Holder<X> {
          @io.typedipc.annotation.Shared
          interface Inner { int get(); }
          public static class Deep {
            @io.typedipc.annotation.Channel
            public interface Msgs { void m(int x); }
          }
        }
        """);
    assertThat(c).succeededWithoutWarnings();
  }

  @Test
  void sharedExtendsShared() {
    Compilation c = compile("s.Base", """
        package s;
        @io.typedipc.annotation.Shared
        public interface Base { int get(); }
        """, "s.Derived", """
        package s;
        @io.typedipc.annotation.Shared
        public interface Derived extends Base { void set(int x); }
        """);
    assertThat(c).succeededWithoutWarnings();
  }


  /**
   * A future anywhere but as an async method's return type: the error said "is an interface, use a
   * record..." (CompletionStage, Future) or "not a supported value type" (CompletableFuture),
   * never that async methods return CompletableFuture<T>.
   */
  @Test
  void futuresOtherThanAnAsyncResultAreRefusedSayingWhatAsyncMethodsReturn() {
    JavaFileObject source = JavaFileObjects.forSourceString("s.Pending", """
        package s;
        import java.util.List;
        import java.util.concurrent.*;
        @io.typedipc.annotation.Shared
        public interface Pending {
          void await(List<CompletableFuture<String>> pending);
          Future<Integer> count();
          CompletableFuture<CompletionStage<String>> nested();
        }
        """);
    Compilation c = Compiler.compile(List.of(source));
    assertThat(c).failed();
    assertThat(c)
        .hadErrorContaining(
            "[typedipc:future] parameter 'pending' of await: element type"
                + " java.util.concurrent.CompletableFuture<java.lang.String> of"
                + " java.util.List<java.util.concurrent.CompletableFuture<java.lang.String>> is a"
                + " future")
        .inFile(source)
        .onLineContaining("List<CompletableFuture<String>> pending");
    assertThat(c)
        .hadErrorContaining(
            "[typedipc:future] return type of count:"
                + " java.util.concurrent.Future<java.lang.Integer> is a future")
        .inFile(source)
        .onLineContaining("Future<Integer> count()");
    assertThat(c)
        .hadErrorContaining(
            "[typedipc:future] return type of nested: result type"
                + " java.util.concurrent.CompletionStage<java.lang.String> of"
                + " java.util.concurrent.CompletableFuture<java.util.concurrent.CompletionStage<java.lang.String>>"
                + " is a future")
        .inFile(source)
        .onLineContaining("nested()");
    assertThat(c).hadErrorCount(3);
  }

  /**
   * Types of the interface's package named like {@code java.lang} types the generated code uses
   * ({@code @Override}, {@code Integer.toHexString}, {@code IllegalArgumentException}) hid those
   * there: the generated code did not compile. Nested in the interface, they already worked.
   */
  @Test
  void typesOfThePackageNamedLikeJavaLangTypesDoNotHideThem() {
    Compilation c = compile(
        "s.Integer", """
        package s;
        public record Integer(int v) {}
        """,
        "s.Override", """
        package s;
        public enum Override { A }
        """,
        "s.IllegalArgumentException", """
        package s;
        public class IllegalArgumentException {}
        """,
        "s.Uses", """
        package s;
        @io.typedipc.annotation.Shared
        public interface Uses {
          Integer a(Override o, java.lang.Integer x);
          void b() throws java.io.IOException;
          record Object(int x) {}
          enum SuppressWarnings { B }
          Object c(SuppressWarnings s, java.util.List<String> l);
        }
        """,
        "s.Msgs", """
        package s;
        @io.typedipc.annotation.Channel
        public interface Msgs {
          void a(Integer o, java.lang.Integer x);
        }
        """);
    assertThat(c).succeededWithoutWarnings();
    source(c, "s.Uses_Proxy").contains("@java.lang.Override\n  public Integer a(Override o, java.lang.Integer x) {");
    source(c, "s.Msgs_Dispatcher").contains("java.lang.Integer x = message.readObject(java.lang.Integer.class);");
  }

  /**
   * An interface extending {@code AutoCloseable} inherits {@code close() throws Exception}, for
   * which javac warns ([try]: it could throw InterruptedException); the user suppresses that on
   * the interface, but the generated proxy repeated the warning, where the user cannot.
   */
  @Test
  void closeableInterfacesGiveNoWarningInGeneratedCode() {
    Compilation c = compile(
        "s.Session", """
        package s;
        @io.typedipc.annotation.Shared
        @SuppressWarnings("try")
        public interface Session extends AutoCloseable {
          int read();
        }
        """,
        "s.Res", """
        package s;
        @io.typedipc.annotation.Shared
        public interface Res extends java.io.Closeable, Comparable<Res>, java.util.function.Supplier<String> {
          int read();
        }
        """);
    assertThat(c).succeededWithoutWarnings();
    source(c, "s.Session_Proxy").contains("@SuppressWarnings(\"try\")\n@Generated");
    source(c, "s.Session_Proxy").contains("public void close() throws Exception {");
    source(c, "s.Res_Proxy").contains("public void close() throws IOException {");
    source(c, "s.Res_Proxy").contains("public int compareTo(Res ");
  }

  /**
   * A generated class whose name is taken in the compilation ({@code Outer.Inner} and {@code
   * Outer_Inner} both give {@code Outer_Inner_Proxy}; a class of the user's named {@code
   * Counter_Proxy}) was reported as "[typedipc:internal-error] ... FilerException ... This is a
   * bug in typedipc", which does not say what to change.
   */
  @Test
  void aGeneratedNameTakenInTheCompilationIsAClearError() {
    JavaFileObject flat = JavaFileObjects.forSourceString("s.Outer_Inner", """
        package s;
        @io.typedipc.annotation.Shared
        public interface Outer_Inner { int get(); }
        """);
    Compilation c = Compiler.compile(List.of(
        JavaFileObjects.forSourceString("s.Outer", """
            package s;
            public interface Outer {
              @io.typedipc.annotation.Shared
              interface Inner { int get(); }
            }
            """),
        flat));
    assertThat(c).failed();
    assertThat(c)
        .hadErrorContaining(
            "[typedipc:generated-name-taken] @Shared interface s.Outer_Inner: typedipc generates"
                + " s.Outer_Inner_Proxy for it, but this compilation already has a type of that"
                + " name: a class of yours, or the one typedipc generates for another interface"
                + " (Outer.Inner and Outer_Inner both give Outer_Inner_Proxy). Rename one of the"
                + " two.")
        .inFile(flat)
        .onLineContaining("public interface Outer_Inner");
    assertThat(c).hadErrorCount(1);

    JavaFileObject counter = JavaFileObjects.forSourceString("s.Counter", """
        package s;
        @io.typedipc.annotation.Channel
        public interface Counter { void add(int n); }
        """);
    c = Compiler.compile(List.of(counter, JavaFileObjects.forSourceString("s.Counter_Binding", """
        package s;
        public class Counter_Binding {}
        """)));
    assertThat(c).failed();
    assertThat(c)
        .hadErrorContaining(
            "[typedipc:generated-name-taken] @Channel interface s.Counter: typedipc generates"
                + " s.Counter_Binding for it")
        .inFile(counter)
        .onLineContaining("public interface Counter");
    assertThat(c).hadErrorCount(1);
  }

  /**
   * A channel's {@code @Nullable String} parameter travels in the String form, as the runtime's
   * MessageCodec writes a String argument (its array path must write the same bytes): the form
   * was chosen from the type's text, which carries the annotation, so it went as an object.
   */
  @Test
  void aTypeAnnotatedStringInAChannelMessageTravelsAsAString() {
    Compilation c = compile("s.Notes", """
        package s;
        import java.lang.annotation.*;
        @io.typedipc.annotation.Channel
        public interface Notes {
          @Target(ElementType.TYPE_USE) @interface Nullable {}
          void note(@Nullable String text, @Nullable Integer n);
        }
        """);
    assertThat(c).succeededWithoutWarnings();
    StringSubject proxy = source(c, "s.Notes_Proxy");
    proxy.contains("message.writeString(text);");
    proxy.contains("message.writeObject(n, Integer.class);");
    source(c, "s.Notes_Dispatcher").contains("= message.readString();");
  }

  /** Contextual keywords and odd identifiers as method and parameter names. */
  @Test
  void keywordLikeNames() {
    Compilation c = compile("s.Kw", """
        package s;
        @io.typedipc.annotation.Shared
        public interface Kw {
          int var(int var, String record, String yield, String sealed, String permits, String module);
          void record(String when);
          void yield(int open);
          void sealed(String exports, String requires, String to, String with, String transitive);
          String $(String $, String _x, String __);
          void non_sealed();
        }
        """, "s.KwCh", """
        package s;
        @io.typedipc.annotation.Channel
        public interface KwCh {
          void yield(int var, String record, String yield);
          void $(String $, String _x);
        }
        """);
    assertThat(c).succeededWithoutWarnings();
  }

  /**
   * Refused shapes, each with one error on the offending element: a generic method (README: type
   * variables of the interface only), a sealed interface as a value (interfaces are refused: the
   * receiver cannot know which class to create; its records are accepted).
   */
  @Test
  void genericMethodsAndSealedInterfacesAsValuesAreRefusedOnTheirElement() {
    JavaFileObject source = JavaFileObjects.forSourceString("s.Refused", """
        package s;
        @io.typedipc.annotation.Shared
        public interface Refused {
          sealed interface Shape permits Circle, Square {}
          record Circle(double r) implements Shape {}
          record Square(double side) implements Shape {}
          <T extends java.io.Serializable> T echo(T x);
          double area(
              Shape shape);
          double circle(Circle c);
        }
        """);
    Compilation c = Compiler.compile(List.of(source));
    assertThat(c).failed();
    assertThat(c)
        .hadErrorContaining("[typedipc:generic-method] method echo(java.io.Serializable) declares"
            + " type parameters <T>")
        .inFile(source)
        .onLineContaining("T echo(T x)");
    assertThat(c)
        .hadErrorContaining("[typedipc:abstract-type] parameter 'shape' of area: s.Refused.Shape is"
            + " an interface, so the receiver cannot know which class to create. Use a record")
        .inFile(source)
        .onLineContaining("Shape shape");
    assertThat(c).hadErrorCount(2);
  }

  private static StringSubject source(Compilation compilation, String name) {
    return assertThat(compilation).generatedSourceFile(name).contentsAsUtf8String();
  }
}
