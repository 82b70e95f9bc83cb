package dev.evalunit.langsmith.internal.results;

/**
 * The metadata keys and values a test-framework adapter writes on the runs of tests and their
 * containers, and that every reader of results (end-of-run summary, suite tables, HTML report, gate)
 * reads. The wire values are those the JUnit 5 module has always written ({@code junit_node},
 * {@code outcome}, {@code attempt}...), so runs recorded by earlier versions still read; the
 * constant names say what a key means for any framework.
 *
 * <p>Constants only; thread-safe.
 */
public final class TestMetadata {
    /** The kind of node a run stands for: one of the {@code NODE_*} values. */
    public static final String NODE = "junit_node";
    /** Fully qualified name of the test's (innermost) class. */
    public static final String CLASS = "class";
    /** Name of the test method. */
    public static final String METHOD = "method";
    /** The name the framework displays for the node. */
    public static final String DISPLAY_NAME = "display_name";
    /** The framework's stable identity of the node; the same for every attempt of a test. */
    public static final String UNIQUE_ID = "unique_id";
    /** The node's tags, sorted. */
    public static final String TAGS = "tags";
    /** 1 for the first execution of a node in a JVM, 2 for its first rerun, and so on. */
    public static final String ATTEMPT = "attempt";
    /** The test's description, where the framework has one (TestNG {@code @Test(description)}). */
    public static final String DESCRIPTION = "description";
    /** The test's priority, where the framework has one (TestNG {@code @Test(priority)}). */
    public static final String PRIORITY = "priority";
    /** Which instance of its class ran the test (0, 1, …), where a factory made several (TestNG {@code @Factory}). */
    public static final String INSTANCE = "instance";
    /** True on an attempt the framework retries (TestNG's {@code IRetryAnalyzer}): a later attempt decides. */
    public static final String RETRIED = "retried";
    /** The configuration method whose failure failed the test (TestNG {@code @BeforeMethod}/{@code @AfterMethod}). */
    public static final String CONFIGURATION_FAILURE = "configuration_failure";
    /** How the node ended: one of the {@code OUTCOME_*} values. */
    public static final String OUTCOME = "outcome";
    /**
     * On a test that never ran because its container failed first (a failing {@code @BeforeAll}, a class
     * that could not be instantiated): the unique id of that container. Such a test counts as failed.
     */
    public static final String PREVENTED_BY = "prevented_by";
    /** Why a skipped node did not run. */
    public static final String SKIP_REASON = "skip_reason";
    /** Number of passed checks recorded on the run. */
    public static final String ASSERTIONS_PASSED = "assertions_passed";
    /** Number of failed checks recorded on the run. */
    public static final String ASSERTIONS_FAILED = "assertions_failed";
    /** Evaluation mode: the dataset the test is an example of. */
    public static final String DATASET = "dataset";
    /** Evaluation mode: the experiment (session) the test's run belongs to. */
    public static final String EXPERIMENT = "experiment";
    /** Evaluation mode: the id of the run of the test's class (test runs are roots there). */
    public static final String SUITE_RUN = "suite_run_id";

    /** A test class, nested class or class-template invocation: a container. */
    public static final String NODE_CLASS = "class";
    /** A test method or one invocation of a test template (parameterized, repeated). */
    public static final String NODE_TEST = "test";
    /** A test factory: a container of dynamic nodes. */
    public static final String NODE_TEST_FACTORY = "test_factory";
    /** A dynamic test. */
    public static final String NODE_DYNAMIC_TEST = "dynamic_test";
    /** A dynamic container. */
    public static final String NODE_DYNAMIC_CONTAINER = "dynamic_container";

    /** The node ran and passed. */
    public static final String OUTCOME_PASSED = "passed";
    /** The node ran and failed (assertion or error). */
    public static final String OUTCOME_FAILED = "failed";
    /** The node was skipped: disabled, or aborted by a failed assumption. */
    public static final String OUTCOME_SKIPPED = "skipped";

    private TestMetadata() {
    }

    /** True for the node values of containers, which are not tests themselves. */
    public static boolean isContainerNode(Object node) {
        return NODE_CLASS.equals(node) || NODE_TEST_FACTORY.equals(node) || NODE_DYNAMIC_CONTAINER.equals(node);
    }
}
