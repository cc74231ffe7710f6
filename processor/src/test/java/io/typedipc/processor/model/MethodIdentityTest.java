package io.typedipc.processor.model;

import static com.google.common.truth.Truth.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class MethodIdentityTest {

  @Test
  void identityJoinsErasuresWithoutSpaces() {
    assertThat(MethodIdentity.identity("reserve", List.of("java.lang.String", "int")))
        .isEqualTo("reserve(java.lang.String,int)");
  }

  @Test
  void signatureHasReturnTypeAndThrowsOnlyWhenNeeded() {
    assertThat(MethodIdentity.signature("void", "clear", List.of(), List.of()))
        .isEqualTo("void clear()");
    assertThat(
            MethodIdentity.signature(
                "int", "reserve", List.of("java.lang.String", "int"), List.of("p.A", "p.B")))
        .isEqualTo("int reserve(java.lang.String, int) throws p.A, p.B");
  }

  @Test
  void idIsBigEndianFirstFourBytesOfSha256() {
    // SHA-256("op71136()") and SHA-256("op131859()") both start with 48 11 d4 62
    assertThat(MethodIdentity.id("op71136()")).isEqualTo(0x4811d462);
    assertThat(MethodIdentity.id("op131859()")).isEqualTo(0x4811d462);
  }

  @Test
  void fingerprintSortsSignaturesAndKeepsSixteenHexDigits() {
    // SHA-256("a\nb") starts with 7e18f737311b2dc3, whatever the order of the input
    assertThat(MethodIdentity.fingerprint(List.of("b", "a"))).isEqualTo("7e18f737311b2dc3");
  }
}
