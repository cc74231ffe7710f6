/**
 * The annotations the typedipc processor reads: {@link io.typedipc.annotation.Shared} and {@link
 * io.typedipc.annotation.Channel}. No dependencies.
 */
module io.typedipc.annotation {
  exports io.typedipc.annotation;
}
