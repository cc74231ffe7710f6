package io.typedipc.it;

import io.typedipc.annotation.Shared;
import java.util.List;

/** Records which clients call it, and which of them went away. */
@Shared
public interface Presence {
  /** The caller's id, as the Manager sees it. */
  String whoAmI();

  /** Asks to be counted as gone once the caller disconnects. */
  void watchMe();

  /** The ids of watched callers that disconnected, once per disconnect action run. */
  List<String> gone();
}
