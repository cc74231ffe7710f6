package io.typedipc.processor.write;

import static com.google.common.truth.Truth.assertThat;

import org.junit.jupiter.api.Test;

class NamesTest {

  @Test
  void constantNamesAreUpperSnakeCase() {
    assertThat(Names.upperSnake("reserve")).isEqualTo("RESERVE");
    assertThat(Names.upperSnake("countAsync")).isEqualTo("COUNT_ASYNC");
    assertThat(Names.upperSnake("getURL")).isEqualTo("GET_URL");
    assertThat(Names.upperSnake("parseHTTPHeader")).isEqualTo("PARSE_HTTP_HEADER");
    assertThat(Names.upperSnake("toArray2")).isEqualTo("TO_ARRAY2");
    assertThat(Names.upperSnake("snake_Case")).isEqualTo("SNAKE_CASE");
  }
}
