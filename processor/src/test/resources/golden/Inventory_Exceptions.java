package com.example;

import io.typedipc.spi.ExceptionCodec;
import java.io.IOException;
import java.util.List;
import javax.annotation.processing.Generated;

/**
 * How the exceptions that {@link Inventory}'s methods declare travel: each codec reads the
 * exception's fields in the Manager and calls the constructor the processor chose in the
 * client.
 */
@Generated("io.typedipc.processor.TypedIpcProcessor")
final class Inventory_Exceptions {
  /**
   * {@code new OutOfStockException(sku)}
   */
  static final ExceptionCodec<OutOfStockException> OUT_OF_STOCK_EXCEPTION = ExceptionCodec.builder(OutOfStockException.class)
      .field("sku", String.class)
      .build(
        e -> new Object[] {e.sku()},
        (message, cause, fields) -> new OutOfStockException((String) fields[0]));

  /**
   * {@code new IOException(message, cause)}
   */
  static final ExceptionCodec<IOException> IO_EXCEPTION = ExceptionCodec.builder(IOException.class)
      .message()
      .cause(Throwable.class)
      .build(
        e -> ExceptionCodec.NO_FIELDS,
        (message, cause, fields) -> new IOException(message, cause));

  /**
   * Every codec above, for the binding's descriptor.
   */
  static final List<ExceptionCodec<?>> ALL = List.of(OUT_OF_STOCK_EXCEPTION, IO_EXCEPTION);

  private Inventory_Exceptions() {
  }
}
