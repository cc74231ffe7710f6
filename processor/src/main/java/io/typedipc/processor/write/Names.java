package io.typedipc.processor.write;

import com.palantir.javapoet.ClassName;
import io.typedipc.processor.model.ExceptionModel;
import io.typedipc.processor.model.InterfaceModel;
import io.typedipc.processor.model.MethodModel;
import io.typedipc.processor.model.ParameterModel;
import io.typedipc.processor.model.TypeStrings;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.lang.model.element.TypeElement;
import javax.lang.model.util.Types;

/**
 * Every name the processor generates, decided in one place: the generated classes (beside the
 * interface, {@code Outer_Inner_Proxy} for a nested {@code Outer.Inner}), the descriptor constants
 * of the binding ({@code RESERVE}, or {@code RESERVE_STRING_INT} for overloads) and the few
 * members generated code declares.
 */
public final class Names {
  /** The binding's {@code InterfaceDescriptor} constant. */
  public static final String DESCRIPTOR = "DESCRIPTOR";
  /** The proxy's shared empty argument array. */
  public static final String NO_ARGS = "NO_ARGS";
  /** The proxy's field holding the {@code RemoteObject}, inherited from {@code AbstractProxy}. */
  public static final String REMOTE = "remote";
  /** A channel proxy's field holding the {@code MessageSender}. */
  public static final String MESSAGES = "messages";
  /** The message being written (a channel proxy's local) or read (its dispatcher's parameter). */
  public static final String CHANNEL_MESSAGE = "message";
  /** The dispatcher's field holding the real object. */
  public static final String TARGET = "target";
  /** The exceptions class's list of every codec. */
  public static final String ALL_CODECS = "ALL";
  /** The binding's array of all method descriptors, when they are made in parts ({@code CodeSize}). */
  public static final String ALL_METHODS = "ALL_METHODS";
  /** The parameters of a generated codec's lambdas: exception, message, cause, field values. */
  public static final String EXCEPTION = "e";
  public static final String MESSAGE = "message";
  public static final String CAUSE = "cause";
  public static final String FIELDS = "fields";
  /** The ServiceLoader file listing every binding. */
  public static final String SERVICE_FILE = "META-INF/services/io.typedipc.spi.SharedBinding";

  private final ClassName interfaceName;
  private final ClassName proxy;
  private final ClassName dispatcher;
  private final ClassName binding;
  private final ClassName exceptions;
  private final Map<String, String> constants;
  private final Map<String, String> codecs;

  private Names(
      ClassName interfaceName, Map<String, String> constants, Map<String, String> codecs) {
    this.interfaceName = interfaceName;
    String flat = String.join("_", interfaceName.simpleNames());
    this.proxy = ClassName.get(interfaceName.packageName(), flat + "_Proxy");
    this.dispatcher = ClassName.get(interfaceName.packageName(), flat + "_Dispatcher");
    this.binding = ClassName.get(interfaceName.packageName(), flat + "_Binding");
    this.exceptions = ClassName.get(interfaceName.packageName(), flat + "_Exceptions");
    this.constants = constants;
    this.codecs = codecs;
  }

  /** The names for {@code model}. */
  public static Names of(InterfaceModel model, Types types) {
    return new Names(
        ClassName.get(model.element()),
        constants(model.methods(), types),
        codecs(model.exceptions()));
  }

  /** The annotated interface. */
  public ClassName interfaceName() {
    return interfaceName;
  }

  /** {@code Foo_Proxy}. */
  public ClassName proxy() {
    return proxy;
  }

  /** {@code Foo_Dispatcher}. */
  public ClassName dispatcher() {
    return dispatcher;
  }

  /** {@code Foo_Binding}. */
  public ClassName binding() {
    return binding;
  }

  /** {@code Foo_Exceptions}: the codecs of the exceptions {@code Foo}'s methods declare. */
  public ClassName exceptions() {
    return exceptions;
  }

  /** The exceptions class's constant holding the codec of {@code exception}. */
  public String codec(ExceptionModel exception) {
    return codecs.get(exception.element().getQualifiedName().toString());
  }

  /** The binding's constant holding the descriptor of {@code method}. */
  public String constant(MethodModel method) {
    return constants.get(method.identity());
  }

  /** The binary name of a generated binding, as listed in the service file. */
  public static String binaryName(ClassName topLevel) {
    return topLevel.reflectionName();
  }

  /**
   * {@code reserve} → {@code RESERVE}; overloads get their erased parameter types' simple names
   * ({@code RESERVE_STRING_INT}); any remaining clash (with another constant, {@link #DESCRIPTOR}
   * or {@link #ALL_METHODS}) gets {@code _2}, {@code _3}, … in declaration order.
   */
  private static Map<String, String> constants(List<MethodModel> methods, Types types) {
    Map<String, Integer> overloads = new HashMap<>();
    for (MethodModel method : methods) {
      overloads.merge(method.name(), 1, Integer::sum);
    }
    Set<String> taken = new HashSet<>(Set.of(DESCRIPTOR, ALL_METHODS));
    Map<String, String> result = new HashMap<>();
    for (MethodModel method : methods) {
      StringBuilder name = new StringBuilder(upperSnake(method.name()));
      if (overloads.get(method.name()) > 1) {
        for (ParameterModel parameter : method.parameters()) {
          name.append('_').append(typeSuffix(TypeStrings.of(types.erasure(parameter.type()))));
        }
      }
      String unique = name.toString();
      for (int i = 2; !taken.add(unique); i++) {
        unique = name + "_" + i;
      }
      result.put(method.identity(), unique);
    }
    return result;
  }

  /**
   * {@code com.example.OverLimitException} → {@code OVER_LIMIT_EXCEPTION}, {@code Outer.Failed} →
   * {@code OUTER_FAILED}; a clash (two packages, or {@link #ALL_CODECS}) gets {@code _2}, ….
   */
  private static Map<String, String> codecs(List<ExceptionModel> exceptions) {
    Set<String> taken = new HashSet<>(Set.of(ALL_CODECS));
    Map<String, String> result = new HashMap<>();
    for (ExceptionModel exception : exceptions) {
      String name =
          upperSnake(String.join("_", ClassName.get(exception.element()).simpleNames()));
      String unique = name;
      for (int i = 2; !taken.add(unique); i++) {
        unique = name + "_" + i;
      }
      result.put(exception.element().getQualifiedName().toString(), unique);
    }
    return result;
  }

  /** {@code java.lang.String[]} → {@code STRING_ARRAY}, {@code p.Outer.LocalDate} → {@code LOCAL_DATE}. */
  private static String typeSuffix(String erasure) {
    String suffix = "";
    while (erasure.endsWith("[]")) {
      erasure = erasure.substring(0, erasure.length() - 2);
      suffix += "_ARRAY";
    }
    return upperSnake(erasure.substring(erasure.lastIndexOf('.') + 1)) + suffix;
  }

  /** {@code countAsync} → {@code COUNT_ASYNC}, {@code getURL} → {@code GET_URL}. */
  static String upperSnake(String camel) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < camel.length(); i++) {
      char c = camel.charAt(i);
      boolean boundary =
          i > 0
              && Character.isUpperCase(c)
              && (!Character.isUpperCase(camel.charAt(i - 1))
                  || (i + 1 < camel.length() && Character.isLowerCase(camel.charAt(i + 1))));
      if (boundary && camel.charAt(i - 1) != '_') {
        out.append('_');
      }
      out.append(Character.toUpperCase(c));
    }
    return out.toString();
  }

}
