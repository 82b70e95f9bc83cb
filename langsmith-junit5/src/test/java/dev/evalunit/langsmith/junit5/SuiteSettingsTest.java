package dev.evalunit.langsmith.junit5;

import dev.evalunit.langsmith.internal.testing.SuiteSettings;
import dev.evalunit.langsmith.LangSmithExample;
import dev.evalunit.langsmith.LangSmithSuite;
import static org.assertj.core.api.Assertions.assertThat;

import dev.evalunit.langsmith.LangSmithConfig;
import java.lang.reflect.Method;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

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
        SuiteSettings settings = EvaluationMode.settings(Suite.class, method(Suite.class, "plain"), CONFIGURED);

        assertThat(settings.dataset()).isEqualTo("qa");
        assertThat(settings.referenceParameters()).containsExactly("expected");
        assertThat(settings.splits()).containsExactly("base");
        assertThat(settings.experimentMetadata()).isEqualTo(Map.of("model", "toy", "flag", ""));
        assertThat(settings.exampleMetadata()).isEmpty();
    }

    @Test
    void the_example_annotation_replaces_the_split_and_adds_reference_parameters_and_metadata() {
        SuiteSettings settings = EvaluationMode.settings(Suite.class, method(Suite.class, "described"), NO_SUITE);

        assertThat(settings.splits()).isEqualTo(List.of("hard", "geo"));
        assertThat(settings.referenceParameters()).containsExactly("expected", "source");
        assertThat(settings.exampleMetadata()).isEqualTo(Map.of("topic", "geography"));
    }

    @Test
    void nested_classes_and_subclasses_belong_to_the_annotated_suite() {
        SuiteSettings inner = EvaluationMode.settings(Suite.Inner.class, method(Suite.Inner.class, "inner"), NO_SUITE);
        SuiteSettings sub = EvaluationMode.settings(Subclass.class, method(Suite.class, "plain"), NO_SUITE);

        assertThat(inner.dataset()).as("from the enclosing class").isEqualTo("qa");
        assertThat(inner.referenceParameters()).as("from the nearest annotation").containsExactly("answer");
        assertThat(sub.dataset()).isEqualTo("qa");
    }

    @ExtendWith(LangSmithExtension.class)
    static class Registered {
        void plain() {
        }

        class Inner {
            void inner() {
            }
        }
    }

    static class RegisteredByField {
        @RegisterExtension
        static final LangSmithExtension LANGSMITH = new LangSmithExtension();

        void plain() {
        }
    }

    /** Not a test class: the method registers the extension as {@code @TracedTest} does, without {@code @Test}. */
    static class OneRegisteringMethod {
        @ExtendWith(LangSmithExtension.class)
        void traced() {
        }

        void other() {
        }
    }

    @Test
    void without_a_dataset_in_the_annotation_the_configured_test_suite_applies_to_classes_that_register_the_extension() {
        assertThat(EvaluationMode.settings(Registered.class, method(Registered.class, "plain"), CONFIGURED).dataset())
                .isEqualTo("from-config");
        assertThat(EvaluationMode.settings(Registered.Inner.class, method(Registered.Inner.class, "inner"), CONFIGURED)
                .dataset()).as("a nested class of a registering class").isEqualTo("from-config");
        assertThat(EvaluationMode.settings(RegisteredByField.class, method(RegisteredByField.class, "plain"), CONFIGURED)
                .dataset()).isEqualTo("from-config");
        assertThat(EvaluationMode.settings(OneRegisteringMethod.class, method(OneRegisteringMethod.class, "traced"), CONFIGURED)
                .dataset()).as("a method-level registration (as @TracedTest)").isEqualTo("from-config");
        assertThat(EvaluationMode.settings(Suite.Inner.class, null, CONFIGURED).dataset()).isEqualTo("qa");
        SuiteSettings none = EvaluationMode.settings(Registered.class, method(Registered.class, "plain"), NO_SUITE);
        assertThat(none.evaluation()).isFalse();
        assertThat(none).isSameAs(SuiteSettings.NONE);
    }

    @Test
    void a_class_traced_only_through_autodetection_is_no_evaluation_unless_an_evaluation_filter_names_it() {
        assertThat(EvaluationMode.settings(Unannotated.class, method(Unannotated.class, "plain"), CONFIGURED).evaluation())
                .as("langsmith.testSuite alone does not make every unit test an example").isFalse();
        assertThat(EvaluationMode.settings(OneRegisteringMethod.class, method(OneRegisteringMethod.class, "other"), CONFIGURED)
                .evaluation()).isFalse();
        LangSmithConfig named = CONFIGURED.toBuilder().evaluationClasses(List.of("SuiteSettingsTest")).build();
        assertThat(EvaluationMode.settings(Unannotated.class, method(Unannotated.class, "plain"), named).dataset())
                .as("the pattern is matched against the top-level class").isEqualTo("from-config");
        LangSmithConfig other = CONFIGURED.toBuilder().evaluationClasses(List.of("com.acme.**")).build();
        assertThat(EvaluationMode.settings(Unannotated.class, method(Unannotated.class, "plain"), other).evaluation())
                .isFalse();
    }
}
