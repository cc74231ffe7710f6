package io.typedipc.processor.write;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;
import javax.annotation.processing.Filer;
import javax.lang.model.element.Element;
import javax.tools.FileObject;
import javax.tools.StandardLocation;

/**
 * Writes {@code META-INF/services/io.typedipc.spi.SharedBinding} once, in the last round: every
 * binding generated in this compilation, merged with those an earlier (incremental) compilation
 * left in the output, sorted.
 */
public final class ServiceFileWriter {
  private final SortedSet<String> bindings = new TreeSet<>();
  private final List<Element> originating = new ArrayList<>();
  private final Map<String, Element> generated = new LinkedHashMap<>();

  /** Records a generated binding, by binary name, and the interface it came from. */
  public void add(String bindingBinaryName, Element origin) {
    bindings.add(bindingBinaryName);
    originating.add(origin);
    generated.put(bindingBinaryName, origin);
  }

  /** The bindings generated in this compilation, by binary name, with their interfaces. */
  public Map<String, Element> generated() {
    return Collections.unmodifiableMap(generated);
  }

  /** Writes the file, if this compilation generated any binding. */
  public void write(Filer filer) throws IOException {
    if (bindings.isEmpty()) {
      return;
    }
    SortedSet<String> all = new TreeSet<>(bindings);
    all.addAll(existing(filer));
    FileObject file =
        filer.createResource(
            StandardLocation.CLASS_OUTPUT,
            "",
            Names.SERVICE_FILE,
            originating.toArray(Element[]::new));
    try (Writer out = new OutputStreamWriter(file.openOutputStream(), StandardCharsets.UTF_8)) {
      for (String binding : all) {
        out.write(binding);
        out.write('\n');
      }
    }
  }

  /** The entries of the file an earlier compilation wrote, if any (comments dropped). */
  private static List<String> existing(Filer filer) {
    List<String> entries = new ArrayList<>();
    try {
      FileObject file = filer.getResource(StandardLocation.CLASS_OUTPUT, "", Names.SERVICE_FILE);
      try (BufferedReader in =
          new BufferedReader(
              new InputStreamReader(file.openInputStream(), StandardCharsets.UTF_8))) {
        for (String line = in.readLine(); line != null; line = in.readLine()) {
          int comment = line.indexOf('#');
          String entry = (comment >= 0 ? line.substring(0, comment) : line).trim();
          if (!entry.isEmpty()) {
            entries.add(entry);
          }
        }
      }
    } catch (IOException | IllegalArgumentException e) {
      // no earlier file: nothing to merge
    }
    return entries;
  }
}
