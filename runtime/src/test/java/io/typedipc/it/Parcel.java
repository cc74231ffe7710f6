package io.typedipc.it;

/** A plain class (not a record, not public): Kryo serializes it field by field. */
final class Parcel {
  String label;
  long weight;
  int[] sizes;

  Parcel() {}

  Parcel(String label, long weight, int[] sizes) {
    this.label = label;
    this.weight = weight;
    this.sizes = sizes;
  }
}
