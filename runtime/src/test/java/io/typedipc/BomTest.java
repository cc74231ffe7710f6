package io.typedipc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The BOM manages exactly typedipc's published artifacts (every module that is deployed) at the
 * project's version: it has no parent, so nothing keeps it in step but this test.
 */
@Timeout(30)
class BomTest {
  private static final Path ROOT = Path.of("..");
  private static final Pattern ARTIFACT = Pattern.compile("<artifactId>([^<]+)</artifactId>");

  @Test
  void theBomListsEveryPublishedModuleAtTheProjectVersion() throws IOException {
    String parent = Files.readString(ROOT.resolve("pom.xml"));
    String bom = Files.readString(ROOT.resolve("bom/pom.xml"));
    assertEquals(version(parent), version(bom), "the BOM's version");

    TreeSet<String> published = new TreeSet<>();
    Matcher modules = Pattern.compile("<module>([^<]+)</module>").matcher(parent);
    while (modules.find()) {
      String module = Files.readString(ROOT.resolve(modules.group(1)).resolve("pom.xml"));
      if (!modules.group(1).equals("bom") && !module.contains("<maven.deploy.skip>true</maven.deploy.skip>")) {
        published.add(ownArtifactId(module));
      }
    }
    TreeSet<String> managed = new TreeSet<>();
    String management = bom.substring(bom.indexOf("<dependencyManagement>"), bom.indexOf("</dependencyManagement>"));
    Matcher artifacts = ARTIFACT.matcher(management);
    while (artifacts.find()) {
      managed.add(artifacts.group(1));
    }
    assertEquals(published, managed);
    assertEquals(List.of(), foreign(management), "the BOM manages typedipc's artifacts only");
  }

  private static List<String> foreign(String management) {
    List<String> out = new ArrayList<>();
    Matcher groups = Pattern.compile("<groupId>([^<]+)</groupId>").matcher(management);
    while (groups.find()) {
      if (!groups.group(1).equals("io.typedipc")) {
        out.add(groups.group(1));
      }
    }
    return out;
  }

  /** The project's own version: the first {@code <version>} after its {@code <artifactId>}. */
  private static String version(String pom) {
    String afterParent = pom.contains("</parent>") ? pom.substring(pom.indexOf("</parent>")) : pom;
    Matcher m = Pattern.compile("<version>([^<]+)</version>").matcher(afterParent);
    if (!m.find()) {
      throw new AssertionError("no version");
    }
    return m.group(1);
  }

  private static String ownArtifactId(String pom) {
    String afterParent = pom.contains("</parent>") ? pom.substring(pom.indexOf("</parent>")) : pom;
    Matcher m = ARTIFACT.matcher(afterParent);
    if (!m.find()) {
      throw new AssertionError("no artifactId");
    }
    return m.group(1);
  }
}
