package dev.evalunit.langsmith.junit5;

import static org.assertj.core.api.Assertions.assertThat;

import dev.evalunit.langsmith.LangSmithConfig;
import java.lang.reflect.Method;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** How the annotations and the configuration decide a test's dataset, reference parameters and splits. */
class SuiteSettingsTest {
    private static final LangSmithConfig NO_SUITE = LangSmithConfig.builder().build();
    private static final LangSmithConfig CONFIGURED = LangSmithConfig.builder().testSuite("from-config").build();

    @LangSmithSuite(dataset = "qa", referenceOutputs = "expected", split = "base", metadata = {"model = toy", "flag"})
    static class Suite {
        void plain(String question, String expected) {
        }

        @LangSmithExample(split = {"hard", "geo"}, metadata = "topic=geography", referenceOutputs = "source")
        void described(String question, String expected, String source) {
        }

        @LangSmithSuite(referenceOutputs = "answer")
        class Inner {
            void inner() {
            }
        }
    }

    static class Subclass extends Suite {
    }

    static class Unannotated {
        void plain() {
        }
    }

    private static Method method(Class<?> type, String name) {
        for (Method m : type.getDeclaredMethods()) {
            if (m.getName().equals(name)) {
                return m;
            }
        }
        throw new AssertionError(name);
    }

    @Test
    void the_suite_annotation_names_the_dataset_reference_parameters_split_and_experiment_metadata() {
        SuiteSettings settings = SuiteSettings.of(Suite.class, method(Suite.class, "plain"), CONFIGURED);

        assertThat(settings.dataset()).isEqualTo("qa");
        assertThat(settings.referenceParameters()).containsExactly("expected");
        assertThat(settings.splits()).containsExactly("base");
        assertThat(settings.experimentMetadata()).isEqualTo(Map.of("model", "toy", "flag", ""));
        assertThat(settings.exampleMetadata()).isEmpty();
    }

    @Test
    void the_example_annotation_replaces_the_split_and_adds_reference_parameters_and_metadata() {
        SuiteSettings settings = SuiteSettings.of(Suite.class, method(Suite.class, "described"), NO_SUITE);

        assertThat(settings.splits()).isEqualTo(List.of("hard", "geo"));
        assertThat(settings.referenceParameters()).containsExactly("expected", "source");
        assertThat(settings.exampleMetadata()).isEqualTo(Map.of("topic", "geography"));
    }

    @Test
    void nested_classes_and_subclasses_belong_to_the_annotated_suite() {
        SuiteSettings inner = SuiteSettings.of(Suite.Inner.class, method(Suite.Inner.class, "inner"), NO_SUITE);
        SuiteSettings sub = SuiteSettings.of(Subclass.class, method(Suite.class, "plain"), NO_SUITE);

        assertThat(inner.dataset()).as("from the enclosing class").isEqualTo("qa");
        assertThat(inner.referenceParameters()).as("from the nearest annotation").containsExactly("answer");
        assertThat(sub.dataset()).isEqualTo("qa");
    }

    @Test
    void without_a_dataset_in_the_annotation_the_configured_test_suite_applies_else_no_evaluation() {
        assertThat(SuiteSettings.of(Unannotated.class, method(Unannotated.class, "plain"), CONFIGURED).dataset())
                .isEqualTo("from-config");
        assertThat(SuiteSettings.of(Suite.Inner.class, null, CONFIGURED).dataset()).isEqualTo("qa");
        SuiteSettings none = SuiteSettings.of(Unannotated.class, method(Unannotated.class, "plain"), NO_SUITE);
        assertThat(none.evaluation()).isFalse();
        assertThat(none).isSameAs(SuiteSettings.NONE);
    }
}
