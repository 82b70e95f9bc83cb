package dev.evalunit.langsmith.junit5;

import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * What a JUnit node is, read from the type of the last segment of its unique id
 * ({@code [engine:junit-jupiter]/[class:…]/[method:…]}). Unique ids are stable across JUnit 5.x
 * and 6.x, unlike the engine's internal context classes.
 */
enum NodeKind {
    /** The engine itself: no run. */
    ENGINE,
    /**
     * A test class, {@code @Nested} class, class template ({@code @ParameterizedClass}) or one
     * invocation of a class template: a chain run.
     */
    CLASS,
    /** A grouping node whose children are recorded under its parent (test templates). */
    TRANSPARENT,
    /** A {@code @Test} method or a single invocation of a test template: a test run. */
    TEST,
    /** A {@code @TestFactory} method: a run that parents its dynamic nodes. */
    FACTORY,
    /** A dynamic test: a test run. */
    DYNAMIC_TEST,
    /** A dynamic container: a chain run. */
    DYNAMIC_CONTAINER;

    /** Segment types with a kind of their own; every other type is a {@link #CLASS}. */
    private static final String[] TYPES = {"engine", "method", "test-template-invocation", "test-template",
        "class-template", "test-factory", "dynamic-test", "dynamic-container"};

    static NodeKind of(ExtensionContext context) {
        if (context.getParent().isEmpty()) {
            return ENGINE;
        }
        return ofUniqueId(UniqueIds.of(context));
    }

    /**
     * The kind of the node with {@code uniqueId}: {@code ofSegmentType(lastSegmentType(uniqueId))}
     * without copying the segment (this runs several times per test).
     */
    static NodeKind ofUniqueId(String uniqueId) {
        int start = uniqueId.lastIndexOf("/[");
        int open = start < 0 ? 0 : start + 1;
        int colon = uniqueId.indexOf(':', open);
        if (!uniqueId.startsWith("[", open) || colon <= open) {
            return CLASS;
        }
        int length = colon - open - 1;
        for (String type : TYPES) {
            if (type.length() == length && uniqueId.startsWith(type, open + 1)) {
                return ofSegmentType(type);
            }
        }
        return CLASS;
    }

    static NodeKind ofSegmentType(String type) {
        switch (type) {
            case "engine":
                return ENGINE;
            case "method":
            case "test-template-invocation":
                return TEST;
            case "test-template":
                return TRANSPARENT;
            case "test-factory":
                return FACTORY;
            case "dynamic-test":
                return DYNAMIC_TEST;
            case "dynamic-container":
                return DYNAMIC_CONTAINER;
            default:
                // class, nested-class, class-template, class-template-invocation and anything newer
                return CLASS;
        }
    }

    /** True for nodes whose run is a test (counted, given outcome and {@code pass} feedback). */
    boolean isTest() {
        return this == TEST || this == DYNAMIC_TEST;
    }

    /** The segment type of a class template's invocation (JUnit 5.13+: {@code @ParameterizedClass}). */
    static final String CLASS_TEMPLATE_INVOCATION = "class-template-invocation";

    /** True when {@code context} is one invocation of a class template. */
    static boolean isClassInvocation(ExtensionContext context) {
        return CLASS_TEMPLATE_INVOCATION.equals(lastSegmentType(UniqueIds.of(context)));
    }

    static String lastSegmentType(String uniqueId) {
        // Segment values are percent-encoded by JUnit, so "/[" only ever starts a segment.
        int start = uniqueId.lastIndexOf("/[");
        String segment = start < 0 ? uniqueId : uniqueId.substring(start + 1);
        int colon = segment.indexOf(':');
        return segment.startsWith("[") && colon > 0 ? segment.substring(1, colon) : "";
    }
}
