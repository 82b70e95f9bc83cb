package dev.evalunit.langsmith;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.evalunit.langsmith.internal.trace.ActiveRun;
import dev.evalunit.langsmith.internal.trace.CurrentRun;
import dev.evalunit.langsmith.internal.export.InMemoryExporter;
import dev.evalunit.langsmith.internal.trace.Tracer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;

class ExpectationTest {
    private final InMemoryExporter exporter = new InMemoryExporter();
    private ActiveRun testRun;
    private ActiveRun previous;

    @BeforeEach
    void startTestRun() {
        Tracer tracer = new Tracer(LangSmithConfig.builder().project("exp").build(), exporter);
        testRun = tracer.newRun("QaTest#answers()", RunType.CHAIN).feedbackRoot().start();
        previous = CurrentRun.set(testRun);
    }

    @AfterEach
    void endTestRun() {
        CurrentRun.restore(previous);
    }

    /** The only feedback logged, checked to be on the test run. */
    private ObjectNode onlyFeedback() {
        List<ObjectNode> feedback = exporter.feedback();
        assertThat(feedback).hasSize(1);
        assertThat(feedback.get(0).path("run_id").asText()).isEqualTo(testRun.id().toString());
        return feedback.get(0);
    }

    private void assertPassed(String comment) {
        ObjectNode feedback = onlyFeedback();
        assertThat(feedback.path("key").asText()).isEqualTo("expectation");
        assertThat(feedback.path("score").asDouble()).isEqualTo(1.0);
        assertThat(feedback.path("comment").asText()).isEqualTo("Success: " + comment);
    }

    private AssertionFailedError assertFailed(Runnable check, String message, Object expected, Object actual) {
        AssertionFailedError error = catchThrowableOfType(AssertionFailedError.class, check::run);
        assertThat(error).as("the check should fail").isNotNull();
        assertThat(error.getMessage()).isEqualTo(message);
        assertThat(error.isExpectedDefined()).isTrue();
        assertThat(error.getExpected().getValue()).isEqualTo(expected);
        assertThat(error.getActual().getValue()).isEqualTo(actual);
        ObjectNode feedback = onlyFeedback();
        assertThat(feedback.path("key").asText()).isEqualTo("expectation");
        assertThat(feedback.path("score").asDouble()).isEqualTo(0.0);
        assertThat(feedback.path("comment").asText()).isEqualTo(message);
        return error;
    }

    @Nested
    class Equality {
        @Test
        void equalValuesPass() {
            LangSmith.expect("Paris").isEqualTo("Paris");
            assertPassed("value is equal to \"Paris\"");
        }

        @Test
        void numbersOfDifferentTypesCompareByValue() {
            LangSmith.expect(1L).isEqualTo(1.0);
            assertPassed("value is equal to 1.0");
        }

        @Test
        void differentValuesFailWithExpectedAndActual() {
            assertFailed(() -> LangSmith.expect("London").isEqualTo("Paris"),
                    "expected: <\"Paris\"> but was: <\"London\">", "Paris", "London");
        }
    }

    @Nested
    class Containment {
        @Test
        void aSubstringPasses() {
            LangSmith.expect("The capital is Paris.").contains("Paris");
            assertPassed("value contains \"Paris\"");
        }

        @Test
        void elementsOfCollectionsAndArraysAndKeysOfMapsPass() {
            LangSmith.expect(List.of("a", "b")).contains("b");
            LangSmith.expect(new int[] {1, 2}).contains(2);
            LangSmith.expect(Map.of("k", 1)).contains("k");
            assertThat(exporter.feedback()).extracting(f -> f.path("score").asDouble()).containsExactly(1.0, 1.0, 1.0);
        }

        @Test
        void aMissingPartFails() {
            assertFailed(() -> LangSmith.expect("The capital is Lyon.").contains("Paris"),
                    "Expected <\"The capital is Lyon.\"> to contain <\"Paris\">", "Paris", "The capital is Lyon.");
        }
    }

    @Nested
    class Patterns {
        @Test
        void aWholeMatchPasses() {
            LangSmith.expect("2026-03-01").matches("\\d{4}-\\d{2}-\\d{2}");
            assertPassed("value matches /\\d{4}-\\d{2}-\\d{2}/");
        }

        @Test
        void aPartialMatchIsNotAMatchButContainsThePattern() {
            assertFailed(() -> LangSmith.expect("on 2026-03-01").matches("\\d{4}-\\d{2}-\\d{2}"),
                    "Expected <\"on 2026-03-01\"> to match the regular expression /\\d{4}-\\d{2}-\\d{2}/",
                    "\\d{4}-\\d{2}-\\d{2}", "on 2026-03-01");
            exporter.clear();

            LangSmith.expect("on 2026-03-01").containsPattern("\\d{4}");

            assertPassed("value contains a match of /\\d{4}/");
        }

        @Test
        void noMatchAnywhereFails() {
            assertFailed(() -> LangSmith.expect("no digits").containsPattern("\\d+"),
                    "Expected <\"no digits\"> to contain a match of the regular expression /\\d+/", "\\d+",
                    "no digits");
        }
    }

    @Nested
    class Json {
        @Test
        void theSameJsonInAnotherKeyOrderPasses() {
            LangSmith.expect("{\"b\":[1,2],\"a\":\"x\"}").isEqualToJson(Map.of("a", "x", "b", List.of(1, 2)));
            assertPassed("value is the JSON {\"a\":\"x\",\"b\":[1,2]}");
        }

        @Test
        void differentJsonFailsWithPrettySortedTextsForTheDiff() {
            assertFailed(() -> LangSmith.expect("{\"city\":\"Lyon\",\"country\":\"FR\"}")
                            .isEqualToJson("{\"country\":\"FR\",\"city\":\"Paris\"}"),
                    "JSON differs ==> expected: <{\"city\":\"Paris\",\"country\":\"FR\"}> but was: "
                            + "<{\"city\":\"Lyon\",\"country\":\"FR\"}>",
                    "{\n  \"city\" : \"Paris\",\n  \"country\" : \"FR\"\n}",
                    "{\n  \"city\" : \"Lyon\",\n  \"country\" : \"FR\"\n}");
        }

        @Test
        void textThatIsNotJsonFails() {
            AssertionFailedError error = catchThrowableOfType(AssertionFailedError.class,
                    () -> LangSmith.expect("not json {").isEqualToJson("{}"));
            assertThat(error.getMessage()).contains("not JSON: not json {");
        }
    }

    @Nested
    class Numbers {
        @Test
        void aNumberWithinTheTolerancePasses() {
            LangSmith.expect(0.71).isCloseTo(0.7, 0.05);
            assertPassed("value is within 0.05 of 0.7");
        }

        @Test
        void aNumberOutsideTheToleranceFails() {
            assertFailed(() -> LangSmith.expect(0.5).isCloseTo(0.7, 0.05),
                    "Expected <0.5> to be within 0.05 of 0.7, but the difference was " + Math.abs(0.5 - 0.7), 0.7, 0.5);
        }

        @Test
        void somethingThatIsNotANumberIsNeverClose() {
            assertFailed(() -> LangSmith.expect("0.7").isCloseTo(0.7, 1),
                    "Expected <\"0.7\"> to be within 1.0 of 0.7, but it is not a number", 0.7, "0.7");
        }
    }

    @Nested
    class NullsAndConditions {
        @Test
        void isNullAndIsNotNull() {
            LangSmith.expect(null).isNull();
            assertPassed("value is null");
            exporter.clear();
            assertFailed(() -> LangSmith.expect(null).isNotNull(), "Expected a value, but was null", "not null", null);
            exporter.clear();
            assertFailed(() -> LangSmith.expect("x").isNull(), "Expected null, but was <\"x\">", null, "x");
        }

        @Test
        void aConditionThatHoldsPassesAndOneThatDoesNotFails() {
            LangSmith.expect("short").satisfies("at most 10 characters", a -> a.toString().length() <= 10);
            assertPassed("value satisfies at most 10 characters");
            exporter.clear();

            assertFailed(() -> LangSmith.expect("a very long answer").satisfies("at most 10 characters",
                            a -> a.toString().length() <= 10),
                    "Expected <\"a very long answer\"> to satisfy at most 10 characters", "at most 10 characters",
                    "a very long answer");
        }
    }

    @Nested
    class Distances {
        @Test
        void editDistanceIsLoggedNormalizedByTheLongerTextAndCanBeChecked() {
            ScoreExpectation distance = LangSmith.expect("kitten").editDistance("sitting").isLessThan(0.5);

            assertThat(distance.score()).isEqualTo(3.0 / 7);
            List<ObjectNode> feedback = exporter.feedback();
            assertThat(feedback).extracting(f -> f.path("key").asText()).containsExactly("edit_distance", "expectation");
            assertThat(feedback.get(0).path("score").asDouble()).isEqualTo(0.4286);
            assertThat(feedback.get(1).path("comment").asText()).isEqualTo("Success: edit_distance is less than 0.5");
        }

        @Test
        void editDistanceCountsCodePointsAndIsZeroForEqualTexts() {
            assertThat(LangSmith.expect("").editDistance("").score()).isZero();
            assertThat(LangSmith.expect("a😀").editDistance("a😃").score()).isEqualTo(0.5);
            assertThat(LangSmith.expect("abc").editDistance("xyz").score()).isEqualTo(1.0);
        }

        @Test
        void aDistanceAboveTheBoundFailsWithTheBoundAndTheScore() {
            AssertionFailedError error = catchThrowableOfType(AssertionFailedError.class,
                    () -> LangSmith.expect("Lyon").editDistance("Paris").isLessThan(0.2));

            assertThat(error.getMessage()).isEqualTo("Expected edit_distance to be less than 0.2, but was 1.0");
            assertThat(error.getExpected().getValue()).isEqualTo("< 0.2");
            assertThat(error.getActual().getValue()).isEqualTo(1.0);
            assertThat(exporter.feedback()).extracting(f -> f.path("score").asDouble()).containsExactly(1.0, 0.0);
        }

        @Test
        void embeddingDistanceIsTheCosineDistanceOfTheEmbedderVectors() {
            Embedder embedder = text -> text.equals("cat") ? new double[] {1, 0} : new double[] {1, 1};

            ScoreExpectation distance = LangSmith.expect("cat").embeddingDistance("kitten", embedder);

            assertThat(distance.score()).isCloseTo(1 - 1 / Math.sqrt(2), org.assertj.core.data.Offset.offset(1e-12));
            assertThat(distance.key()).isEqualTo("embedding_distance");
            assertThat(exporter.feedback().get(0).path("key").asText()).isEqualTo("embedding_distance");
            assertThat(exporter.feedback().get(0).path("score").asDouble()).isEqualTo(0.2929);
        }

        @Test
        void floatEmbeddersWorkAndIdenticalVectorsHaveDistanceZero() {
            Embedder embedder = Embedder.ofFloats(text -> new float[] {0.5f, 0.25f});

            LangSmith.expect("a").embeddingDistance("b", embedder).isCloseTo(0.0, 1e-9);

            assertThat(exporter.feedback()).extracting(f -> f.path("score").asDouble()).containsExactly(0.0, 1.0);
        }

        @Test
        void embeddingsOfDifferentLengthsAreRejected() {
            Embedder embedder = text -> text.equals("a") ? new double[] {1} : new double[] {1, 2};

            assertThatThrownBy(() -> LangSmith.expect("a").embeddingDistance("b", embedder))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("differ in length");
        }
    }

    @Nested
    class Scores {
        @Test
        void expectScoreLogsTheScoreUnderItsKeyThenChecksIt() {
            LangSmith.expectScore("relevance", 0.8).isGreaterThan(0.7).isBetween(0.0, 1.0).isLessThanOrEqualTo(0.8)
                    .isGreaterThanOrEqualTo(0.8).isEqualTo(0.8).isCloseTo(0.75, 0.1);

            List<ObjectNode> feedback = exporter.feedback();
            assertThat(feedback.get(0).path("key").asText()).isEqualTo("relevance");
            assertThat(feedback.get(0).path("score").asDouble()).isEqualTo(0.8);
            assertThat(feedback.subList(1, feedback.size())).extracting(f -> f.path("comment").asText()).containsExactly(
                    "Success: relevance is greater than 0.7",
                    "Success: relevance is between 0.0 and 1.0 (inclusive)",
                    "Success: relevance is less than or equal to 0.8",
                    "Success: relevance is greater than or equal to 0.8",
                    "Success: relevance is equal to 0.8",
                    "Success: relevance is within 0.1 of 0.75");
        }

        @Test
        void eachNumericCheckFailsWithItsOwnMessage() {
            ScoreExpectation score = new ScoreExpectation("relevance", 0.5);
            assertThatThrownBy(() -> score.isGreaterThan(0.7))
                    .hasMessage("Expected relevance to be greater than 0.7, but was 0.5");
            assertThatThrownBy(() -> score.isBetween(0.6, 1.0))
                    .hasMessage("Expected relevance to be between 0.6 and 1.0 (inclusive), but was 0.5");
            assertThatThrownBy(() -> score.isEqualTo(1.0)).hasMessage("Expected relevance to be equal to 1.0, but was 0.5");
            assertThatThrownBy(() -> score.isCloseTo(1.0, 0.1))
                    .isInstanceOf(AssertionFailedError.class)
                    .hasMessage("Expected relevance to be within 0.1 of 1.0, but was 0.5");
        }
    }

    @Test
    void feedbackOfExpectationsInsideNestedCallsIsTheTestsOwn() throws Exception {
        LangSmith.trace("retrieve", () -> {
            LangSmith.expect("doc").isNotNull();
            return null;
        });

        assertThat(exporter.feedback()).singleElement()
                .satisfies(f -> assertThat(f.path("run_id").asText()).isEqualTo(testRun.id().toString()));
    }

    @Test
    void outsideATracedTestExpectationsStillAssertButLogNothing() {
        CurrentRun.set(null);

        LangSmith.expect("Paris").isEqualTo("Paris");
        assertThatThrownBy(() -> LangSmith.expect("Lyon").isEqualTo("Paris")).isInstanceOf(AssertionFailedError.class);
        LangSmith.expect("x").editDistance("y");

        assertThat(exporter.feedback()).isEmpty();
    }
}
