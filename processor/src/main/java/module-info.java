/**
 * The typedipc annotation processor. It exports nothing: javac finds it as a service, from the
 * processor path ({@code META-INF/services}, written by AutoService) or the processor module path
 * (the {@code provides} below).
 */
@SuppressWarnings("requires-automatic") // JavaPoet and AutoService's annotations are automatic modules
module io.typedipc.processor {
  requires java.compiler;
  requires jdk.compiler; // com.sun.source: the source text of throws clauses
  requires com.palantir.javapoet;
  requires static com.google.auto.service; // source-retention @AutoService, compile time only

  provides javax.annotation.processing.Processor with
      io.typedipc.processor.TypedIpcProcessor,
      io.typedipc.processor.GeneratedMarkerProcessor;
}
