package io.typedipc.processor.write;

import com.palantir.javapoet.ClassName;

/**
 * The runtime types generated code refers to, named without depending on the runtime jar.
 * They are the contract in {@code io.typedipc.spi}.
 */
final class Spi {
  private static final String PACKAGE = "io.typedipc.spi";

  static final ClassName SHARED_BINDING = ClassName.get(PACKAGE, "SharedBinding");
  static final ClassName INTERFACE_DESCRIPTOR = ClassName.get(PACKAGE, "InterfaceDescriptor");
  static final ClassName METHOD_DESCRIPTOR = ClassName.get(PACKAGE, "MethodDescriptor");
  static final ClassName METHOD_KIND = METHOD_DESCRIPTOR.nestedClass("Kind");
  static final ClassName INTERFACE_KIND = INTERFACE_DESCRIPTOR.nestedClass("Kind");
  static final ClassName REMOTE_OBJECT = ClassName.get(PACKAGE, "RemoteObject");
  static final ClassName DISPATCHER = ClassName.get(PACKAGE, "Dispatcher");
  static final ClassName DECLARED_EXCEPTION = ClassName.get(PACKAGE, "DeclaredException");
  static final ClassName ABSTRACT_PROXY = ClassName.get(PACKAGE, "AbstractProxy");
  static final ClassName EXCEPTION_CODEC = ClassName.get(PACKAGE, "ExceptionCodec");
  static final ClassName MESSAGE_SENDER = ClassName.get(PACKAGE, "MessageSender");
  static final ClassName MESSAGE_WRITER = ClassName.get(PACKAGE, "MessageWriter");
  static final ClassName MESSAGE_DISPATCHER = ClassName.get(PACKAGE, "MessageDispatcher");
  static final ClassName MESSAGE_READER = ClassName.get(PACKAGE, "MessageReader");

  private Spi() {}
}
