package io.typedipc.internal.server;

import io.typedipc.annotation.Shared;
import io.typedipc.introspect.ManagerView;

/**
 * The object through which a client reads its Manager's {@link ManagerView}, hosted under {@link
 * #NAME} by every Manager.
 */
@Shared
public interface IntrospectionService {
  /** The name it is hosted under. */
  String NAME = "typedipc.introspection";

  /** A snapshot of the Manager. */
  ManagerView view();
}
