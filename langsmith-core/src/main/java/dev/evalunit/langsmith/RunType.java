package dev.evalunit.langsmith;

/**
 * The kind of a LangSmith run, as LangSmith's UI and APIs understand it.
 *
 * <p>Immutable; safe to share between threads.
 */
public enum RunType {
    /** A sequence of steps: a test class, a test, a pipeline. */
    CHAIN("chain"),
    /** A call to a language model. */
    LLM("llm"),
    /** A tool or function call. */
    TOOL("tool"),
    /** A document lookup. */
    RETRIEVER("retriever"),
    /** An embedding computation. */
    EMBEDDING("embedding"),
    /** A prompt rendering step. */
    PROMPT("prompt"),
    /** An output parsing step. */
    PARSER("parser");

    private final String wireName;

    RunType(String wireName) {
        this.wireName = wireName;
    }

    /** The value of the {@code run_type} field LangSmith expects. */
    public String wireName() {
        return wireName;
    }

    /**
     * The run type for a wire name, case-insensitive.
     *
     * @throws IllegalArgumentException naming the accepted values when {@code name} is unknown
     */
    public static RunType fromWireName(String name) {
        for (RunType type : values()) {
            if (type.wireName.equalsIgnoreCase(name)) {
                return type;
            }
        }
        throw new IllegalArgumentException("unknown run type '" + name
                + "'; expected one of chain, llm, tool, retriever, embedding, prompt, parser");
    }
}
