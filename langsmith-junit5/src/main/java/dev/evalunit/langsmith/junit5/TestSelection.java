package dev.evalunit.langsmith.junit5;

import dev.evalunit.langsmith.LangSmithConfig;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Which JUnit nodes are traced, from the class-name and tag filters of the configuration
 * ({@code langsmith.junit.includeClasses}, {@code excludeClasses}, {@code includeTags},
 * {@code excludeTags}; patterns described on {@code ConfigKeys.INCLUDE_CLASSES}).
 *
 * <p>A test is traced when its top-level class matches an include pattern (or there is none) and
 * no exclude pattern, and its tags (its own and those of every enclosing node) hold an included tag
 * (or none is configured) and no excluded one. A class's run is started up front only when every
 * test in it is traced as far as its class can tell (the class is included and no tag filter is
 * left to decide); otherwise the first traced test in it starts it, so a class with no traced test
 * has no run.
 *
 * <p>Immutable apart from a cache of per-class decisions; thread-safe.
 */
final class TestSelection {
    /** Traces everything. */
    static final TestSelection ALL = new TestSelection(List.of(), List.of(), List.of(), List.of());

    /** What the filters say about a class node. */
    enum ClassDecision {
        /** Every test in it may be traced: its run starts with the class. */
        TRACED,
        /** Some tests in it may be traced: its run starts with the first of them. */
        BY_TEST,
        /** No test in it is traced. */
        UNTRACED
    }

    private final List<Glob> includeClasses;
    private final List<Glob> excludeClasses;
    private final Set<String> includeTags;
    private final Set<String> excludeTags;
    private final boolean everything;
    private final Map<String, Boolean> classNames = new ConcurrentHashMap<>();

    private TestSelection(List<String> includeClasses, List<String> excludeClasses, List<String> includeTags,
            List<String> excludeTags) {
        this.includeClasses = includeClasses.stream().map(Glob::of).toList();
        this.excludeClasses = excludeClasses.stream().map(Glob::of).toList();
        this.includeTags = Set.copyOf(includeTags);
        this.excludeTags = Set.copyOf(excludeTags);
        this.everything = includeClasses.isEmpty() && excludeClasses.isEmpty() && includeTags.isEmpty()
                && excludeTags.isEmpty();
    }

    /** The selection the configuration's filters describe. */
    static TestSelection of(LangSmithConfig config) {
        TestSelection selection = new TestSelection(config.includeClasses(), config.excludeClasses(),
                config.includeTags(), config.excludeTags());
        return selection.everything ? ALL : selection;
    }

    /** True when {@code className} (fully qualified) matches one of {@code patterns}, as the filters do. */
    static boolean matchesAny(List<String> patterns, String className) {
        return patterns.stream().map(Glob::of).anyMatch(p -> p.matches(className));
    }

    /**
     * True when the node of {@code context} is traced: for a test (or template, factory, dynamic
     * node) by its class and tags; for a class node when its decision is {@link ClassDecision#TRACED}.
     */
    boolean traces(ExtensionContext context) {
        if (everything) {
            return true;
        }
        NodeKind kind = NodeKind.of(context);
        if (kind == NodeKind.ENGINE) {
            return false;
        }
        if (kind == NodeKind.CLASS) {
            return decide(context) == ClassDecision.TRACED;
        }
        return tracesClass(context) && tagsAllow(tags(context));
    }

    /** What the filters say about the class node of {@code context}. */
    ClassDecision decide(ExtensionContext context) {
        if (everything) {
            return ClassDecision.TRACED;
        }
        if (!tracesClass(context)) {
            return ClassDecision.UNTRACED;
        }
        Set<String> tags = tags(context);
        if (tags.stream().anyMatch(excludeTags::contains)) {
            return ClassDecision.UNTRACED;
        }
        boolean included = includeTags.isEmpty() || tags.stream().anyMatch(includeTags::contains);
        return included && excludeTags.isEmpty() ? ClassDecision.TRACED : ClassDecision.BY_TEST;
    }

    private boolean tagsAllow(Set<String> tags) {
        if (tags.stream().anyMatch(excludeTags::contains)) {
            return false;
        }
        return includeTags.isEmpty() || tags.stream().anyMatch(includeTags::contains);
    }

    private boolean tracesClass(ExtensionContext context) {
        if (includeClasses.isEmpty() && excludeClasses.isEmpty()) {
            return true;
        }
        Optional<Class<?>> topLevel = Optional.empty();
        for (Optional<ExtensionContext> c = Optional.of(context); c.isPresent(); c = c.get().getParent()) {
            if (c.get().getTestClass().isPresent()) {
                topLevel = c.get().getTestClass();
            }
        }
        return topLevel.map(Class::getName).map(name -> classNames.computeIfAbsent(name, this::tracesClassName))
                .orElse(false);
    }

    private boolean tracesClassName(String name) {
        boolean included = includeClasses.isEmpty() || includeClasses.stream().anyMatch(p -> p.matches(name));
        return included && excludeClasses.stream().noneMatch(p -> p.matches(name));
    }

    /** The tags of the node and of every node enclosing it. */
    private static Set<String> tags(ExtensionContext context) {
        Set<String> tags = new HashSet<>();
        for (Optional<ExtensionContext> c = Optional.of(context); c.isPresent(); c = c.get().getParent()) {
            tags.addAll(c.get().getTags());
        }
        return tags;
    }

    /**
     * A class-name pattern: {@code **} any characters, {@code *} any but {@code .}, {@code ?} one but
     * {@code .}; matched against the fully qualified name when it holds a dot, else the simple name.
     */
    private record Glob(Pattern regex, boolean qualified) {
        static Glob of(String glob) {
            StringBuilder regex = new StringBuilder();
            for (int i = 0; i < glob.length(); i++) {
                char ch = glob.charAt(i);
                if (ch == '*' && i + 1 < glob.length() && glob.charAt(i + 1) == '*') {
                    regex.append(".*");
                    i++;
                } else if (ch == '*') {
                    regex.append("[^.]*");
                } else if (ch == '?') {
                    regex.append("[^.]");
                } else {
                    regex.append(Pattern.quote(String.valueOf(ch)));
                }
            }
            return new Glob(Pattern.compile(regex.toString()), glob.indexOf('.') >= 0);
        }

        boolean matches(String className) {
            return regex.matcher(qualified ? className : className.substring(className.lastIndexOf('.') + 1))
                    .matches();
        }
    }
}
