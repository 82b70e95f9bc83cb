package dev.evalunit.langsmith.junit5;

import static org.assertj.core.api.Assertions.assertThat;

import dev.evalunit.langsmith.LangSmithConfig;
import dev.evalunit.langsmith.internal.GlobalTracer;
import dev.evalunit.langsmith.internal.export.InMemoryExporter;
import dev.evalunit.langsmith.internal.trace.Tracer;
import dev.evalunit.langsmith.junit5.fixtures.selection.EvalClassFixture;
import dev.evalunit.langsmith.junit5.fixtures.selection.TaggedMethodsFixture;
import dev.evalunit.langsmith.junit5.fixtures.selection.UnitTestFixture;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Under suite-wide activation the class-name and tag filters leave tests out: an excluded test has
 * no run at all, and a class none of whose tests is traced has none either.
 */
class SuiteWideSelectionTest {
    private static final Map<String, String> AUTODETECTION =
            Map.of("junit.jupiter.extensions.autodetection.enabled", "true");
    private static final Class<?>[] ALL = {UnitTestFixture.class, TaggedMethodsFixture.class, EvalClassFixture.class};

    /** The run trees of the fixtures with every test traced. */
    private static final String EVAL_CLASS = """
            EvalClassFixture
              Inner
                inner [passed]
                innerSlow [passed]
              outer [passed]
            """;
    private static final String UNIT_CLASS = """
            UnitTestFixture
              Inner
                nestedUnit [passed]
              disabled [skipped]
              failing [failed]
              unit [passed]
            """;
    private static final String TAGGED_CLASS = """
            TaggedMethodsFixture
              judged [passed]
              plain [passed]
              slow [passed]
            """;

    @AfterEach
    void forget() {
        new TestRunTracingTest().forget();
    }

    private static TracedExecution run(UnaryOperator<LangSmithConfig.Builder> filters) {
        Tracer tracer = new Tracer(filters.apply(LangSmithConfig.builder()).build(), new InMemoryExporter());
        TracedExecution traced = TracedExecution.run(AUTODETECTION, tracer, ALL);
        traced.results.testEvents().assertStatistics(s -> s.started(9).succeeded(8).failed(1).skipped(1));
        return traced;
    }

    @Test
    void without_filters_every_test_of_every_class_is_traced() {
        assertThat(run(b -> b).tree()).isEqualTo(EVAL_CLASS + TAGGED_CLASS + UNIT_CLASS);
    }

    @Test
    void include_classes_by_simple_name_glob_traces_only_the_matching_classes_with_their_nested_classes() {
        TracedExecution traced = run(b -> b.includeClasses(List.of("*Fixture")).excludeClasses(List.of("Tagged*")));

        assertThat(traced.tree()).isEqualTo(EVAL_CLASS + UNIT_CLASS);
    }

    @Test
    void a_qualified_pattern_matches_the_fully_qualified_name_and_star_stays_within_a_package() {
        String pkg = "dev.evalunit.langsmith.junit5.fixtures";
        assertThat(run(b -> b.includeClasses(List.of(pkg + ".*"))).runs())
                .as("* does not cross the dot into the selection package").isEmpty();
        assertThat(run(b -> b.includeClasses(List.of(pkg + ".**"))).runs()).hasSize(15);
        assertThat(run(b -> b.includeClasses(List.of(pkg + ".selection.Unit?estFixture"))).tree())
                .startsWith("UnitTestFixture\n");
    }

    @Test
    void excluded_classes_have_no_run_not_even_for_their_disabled_or_failed_tests() {
        TracedExecution traced = run(b -> b.excludeClasses(List.of("UnitTestFixture", "EvalClassFixture")));

        assertThat(traced.tree()).isEqualTo(TAGGED_CLASS);
        assertThat(PendingOutcomes.parkedIds()).isEmpty();
    }

    @Test
    void include_tags_count_tags_inherited_from_enclosing_classes_and_classes_without_such_test_have_no_run() {
        TracedExecution traced = run(b -> b.includeTags(List.of("eval")));

        assertThat(traced.tree()).isEqualTo(EVAL_CLASS + """
                TaggedMethodsFixture
                  judged [passed]
                """);
    }

    @Test
    void exclude_tags_leave_out_tagged_tests_wherever_the_tag_is_declared() {
        TracedExecution traced = run(b -> b.includeTags(List.of("eval")).excludeTags(List.of("slow")));

        assertThat(traced.tree()).isEqualTo("""
                EvalClassFixture
                  Inner
                    inner [passed]
                  outer [passed]
                TaggedMethodsFixture
                  judged [passed]
                """);
    }

    @Test
    void a_class_whose_tests_are_all_excluded_by_tag_has_no_run() {
        TracedExecution traced = run(b -> b.excludeTags(List.of("eval", "slow")).excludeClasses(List.of("Unit*")));

        assertThat(traced.tree()).isEqualTo("""
                TaggedMethodsFixture
                  plain [passed]
                """);
    }

    @Test
    void when_every_test_is_filtered_out_no_tracer_is_created_and_nothing_is_written(@TempDir Path spool) {
        LangSmithJUnit.installTracerForTesting(null);
        LangSmithJUnit.environmentForTesting(Map.of());
        Map<String, String> parameters = new HashMap<>(AUTODETECTION);
        parameters.put("langsmith.spoolDir", spool.toString());
        parameters.put("langsmith.junit.includeTags", "nothing-has-this-tag");

        TracedExecution.execute(parameters, ALL).testEvents().assertStatistics(s -> s.started(9).succeeded(8));

        assertThat(GlobalTracer.peek()).isNull();
        assertThat(LangSmithJUnit.experiments()).as("no tracer session").isNull();
        assertThat(spool).isEmptyDirectory();
    }

    @Test
    void an_invalid_pattern_logs_one_error_naming_the_setting_and_the_tests_run_untraced(@TempDir Path spool) {
        List<String> errors = SevereLogs.during(() -> {
            LangSmithJUnit.installTracerForTesting(null);
            LangSmithJUnit.environmentForTesting(Map.of());
            Map<String, String> parameters = new HashMap<>(AUTODETECTION);
            parameters.put("langsmith.spoolDir", spool.toString());
            parameters.put("langsmith.junit.includeClasses", "com/acme/*IT");

            TracedExecution.execute(parameters, ALL).testEvents()
                    .assertStatistics(s -> s.started(9).succeeded(8).failed(1));
        });
        assertThat(errors).hasSize(1);
        assertThat(errors.get(0)).contains("langsmith.junit.includeClasses")
                .contains("com/acme/*IT").contains("untraced");
        assertThat(GlobalTracer.peek()).isNull();
        assertThat(spool).isEmptyDirectory();
    }
}
