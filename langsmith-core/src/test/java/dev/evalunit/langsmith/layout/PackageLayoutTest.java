package dev.evalunit.langsmith.layout;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The core's source layout, read from its main sources: one concern per internal package, the
 * dependencies between them pointing one way, the wiring package above them all.
 */
class PackageLayoutTest {
    private static final String BASE = "dev.evalunit.langsmith";
    private static final String INTERNAL = BASE + ".internal";
    private static final Pattern REFERENCE =
            Pattern.compile("\\bdev\\.evalunit\\.langsmith((?:\\.[a-z]\\w*)*)\\.[A-Z]");
    private static final Pattern PACKAGE = Pattern.compile("^package ([\\w.]+);", Pattern.MULTILINE);

    /** Package → the other packages of this library its main sources name. */
    private static final Map<String, Set<String>> DEPENDENCIES = new TreeMap<>();

    @BeforeAll
    static void readSources() throws IOException {
        Path root = Paths.get("src/main/java");
        try (Stream<Path> files = Files.walk(root)) {
            files.filter(p -> p.toString().endsWith(".java")).forEach(PackageLayoutTest::read);
        }
    }

    private static void read(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Matcher pkg = PACKAGE.matcher(text);
        assertThat(pkg.find()).as("package declaration of %s", file).isTrue();
        String from = pkg.group(1);
        Set<String> targets = DEPENDENCIES.computeIfAbsent(from, k -> new TreeSet<>());
        Matcher ref = REFERENCE.matcher(text);
        while (ref.find()) {
            String to = BASE + ref.group(1);
            if (!to.equals(from)) {
                targets.add(to);
            }
        }
    }

    @Test
    void internalPackagesFormNoCycle() {
        List<List<String>> cycles = new ArrayList<>();
        for (String start : DEPENDENCIES.keySet()) {
            if (isInternalConcern(start)) {
                findCycle(start, cycles);
            }
        }
        assertThat(cycles).as("dependency cycles between internal packages").isEmpty();
    }

    @Test
    void noConcernPackageDependsOnTheWiringAbove() {
        DEPENDENCIES.forEach((from, targets) -> {
            if (isInternalConcern(from)) {
                assertThat(targets).as("what %s depends on", from).doesNotContain(INTERNAL);
            }
        });
    }

    @Test
    void theJsonPackageDependsOnNoOtherPartOfTheLibrary() {
        assertThat(DEPENDENCIES.getOrDefault(INTERNAL + ".json", Set.of()))
                .as("json is the bottom layer").allMatch(p -> !p.startsWith(INTERNAL));
    }

    @Test
    void everyInternalClassLivesInAConcernPackage() {
        assertThat(DEPENDENCIES.keySet()).as("packages of the core")
                .allMatch(p -> p.equals(BASE) || p.equals(INTERNAL) || isInternalConcern(p));
    }

    private static boolean isInternalConcern(String pkg) {
        return pkg.startsWith(INTERNAL + ".");
    }

    private static void findCycle(String start, List<List<String>> cycles) {
        Deque<List<String>> paths = new ArrayDeque<>();
        paths.push(List.of(start));
        Set<String> seen = new TreeSet<>();
        while (!paths.isEmpty()) {
            List<String> path = paths.pop();
            String last = path.get(path.size() - 1);
            for (String next : DEPENDENCIES.getOrDefault(last, Set.of())) {
                if (!isInternalConcern(next)) {
                    continue;
                }
                if (next.equals(start)) {
                    List<String> cycle = new ArrayList<>(path);
                    cycle.add(start);
                    cycles.add(cycle);
                    return;
                }
                if (seen.add(next)) {
                    List<String> longer = new ArrayList<>(path);
                    longer.add(next);
                    paths.push(longer);
                }
            }
        }
    }
}
