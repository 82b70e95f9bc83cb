package dev.evalunit.langsmith.internal.config;

/**
 * One raw, trimmed, non-blank setting value together with where it was found.
 *
 * @param setting the {@code langsmith.*} name of the setting it is for
 * @param text    the value as written, trimmed
 * @param source  where it was found, e.g. {@code environment variable LANGSMITH_TRACING}
 * @param negated true when the source states the opposite of the setting (a boolean
 *                {@code DISABLE_*} switch), so a parsed boolean must be inverted
 */
record ConfigValue(String setting, String text, String source, boolean negated) {
}
