package dev.evalunit.langsmith.langchain4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.evalunit.langsmith.LangSmith;
import dev.evalunit.langsmith.RunType;
import dev.evalunit.langsmith.internal.testkit.RecordedRuns;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.listener.ChatModelListener;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The streaming decorator never loses a call's run and keeps the caller's run on the stream's thread. */
class LangSmithStreamingChatModelTest {
    @RegisterExtension
    final RecordedRuns recorded = new RecordedRuns("lc4j");

    /** Streams "Paris" from a thread of its own, through langchain4j's listener path. */
    private static final class ThreadedModel implements StreamingChatModel {
        @Override
        public void doChat(ChatRequest request, StreamingChatResponseHandler handler) {
            new Thread(() -> {
                handler.onPartialResponse("Paris");
                handler.onCompleteResponse(ChatResponse.builder().aiMessage(AiMessage.from("Paris")).build());
            }, "stream").start();
        }

        @Override
        public List<ChatModelListener> listeners() {
            return List.of(new LangSmithChatModelListener());
        }
    }

    /** Refuses every request before streaming, as a client does with a parameter it does not support. */
    private static final class RefusingModel implements StreamingChatModel {
        @Override
        public void doChat(ChatRequest request, StreamingChatResponseHandler handler) {
            throw new UnsupportedOperationException("topK is not supported");
        }

        @Override
        public List<ChatModelListener> listeners() {
            return List.of(new LangSmithChatModelListener());
        }
    }

    /** A model of the older kind: only chat(request, handler), no doChat. */
    private static final class OlderModel implements StreamingChatModel {
        @Override
        public void chat(ChatRequest request, StreamingChatResponseHandler handler) {
            handler.onPartialResponse("hi");
            handler.onCompleteResponse(ChatResponse.builder().aiMessage(AiMessage.from("hi")).build());
        }
    }

    private static ChatRequest question() {
        return ChatRequest.builder().messages(dev.langchain4j.data.message.UserMessage.from("Capital of France?")).build();
    }

    @Test
    void what_the_handler_does_on_the_streams_thread_lands_under_the_callers_run() throws Exception {
        StreamingChatModel model = new LangSmithStreamingChatModel(new ThreadedModel());
        CompletableFuture<String> followUp = new CompletableFuture<>();

        LangSmith.trace("ask", RunType.CHAIN, Map.of(), () -> {
            model.chat(question(), new StreamingChatResponseHandler() {
                @Override
                public void onCompleteResponse(ChatResponse response) {
                    followUp.complete(LangSmith.trace("follow-up", RunType.CHAIN, Map.of(), () -> "done"));
                }

                @Override
                public void onError(Throwable error) {
                    followUp.completeExceptionally(error);
                }
            });
            return followUp.get(10, TimeUnit.SECONDS);
        });

        String ask = recorded.named("ask").get(0).path("id").asText();
        assertThat(recorded.named("follow-up").get(0).path("parent_run_id").asText()).isEqualTo(ask);
        ObjectNode llm = recorded.named("ChatModel").get(0);
        assertThat(llm.path("parent_run_id").asText()).isEqualTo(ask);
        assertThat(llm.path("events").toString()).contains("new_token");
    }

    @Test
    void a_request_the_model_refuses_before_streaming_is_a_run_with_the_error_and_the_same_exception() {
        StreamingChatModel model = new LangSmithStreamingChatModel(new RefusingModel());

        assertThatThrownBy(() -> model.chat(question(), new StreamingChatResponseHandler() {
            @Override
            public void onCompleteResponse(ChatResponse response) {
            }

            @Override
            public void onError(Throwable error) {
            }
        })).isInstanceOf(UnsupportedOperationException.class).hasMessage("topK is not supported");

        ObjectNode llm = recorded.named("ChatModel").get(0);
        assertThat(llm.path("error").asText()).contains("topK is not supported");
        assertThat(llm.path("end_time").isTextual()).isTrue();
    }

    @Test
    void a_model_of_the_older_kind_still_streams_to_the_handler() throws Exception {
        List<String> partials = new java.util.concurrent.CopyOnWriteArrayList<>();

        ChatResponse response = Streams.stream(new LangSmithStreamingChatModel(new OlderModel()), question(), partials);

        assertThat(response.aiMessage().text()).isEqualTo("hi");
        assertThat(partials).containsExactly("hi");
    }

    interface StreamingAssistant {
        dev.langchain4j.service.TokenStream chat(String question);
    }

    static final class Weather {
        @dev.langchain4j.agent.tool.Tool("The weather in a city")
        String weather(@dev.langchain4j.agent.tool.P("city") String city) {
            return "sunny in " + city;
        }
    }

    /** Asks for the weather tool, then answers with its result; every answer from a thread of its own. */
    private static final class ThreadedToolModel implements StreamingChatModel {
        @Override
        public void doChat(ChatRequest request, StreamingChatResponseHandler handler) {
            var last = request.messages().get(request.messages().size() - 1);
            AiMessage answer = last instanceof dev.langchain4j.data.message.ToolExecutionResultMessage result
                    ? AiMessage.from("It is " + result.text())
                    : AiMessage.from(dev.langchain4j.agent.tool.ToolExecutionRequest.builder().id("call_1").name("weather")
                            .arguments("{\"city\":\"Paris\"}").build());
            new Thread(() -> handler.onCompleteResponse(ChatResponse.builder().aiMessage(answer).build()), "stream").start();
        }

        @Override
        public List<ChatModelListener> listeners() {
            return List.of(listener);
        }

        private final LangSmithChatModelListener listener = new LangSmithChatModelListener();
    }

    @Test
    void a_streaming_ai_services_tool_and_follow_up_call_land_under_the_callers_run_with_the_listener_alone()
            throws Exception {
        StreamingAssistant assistant = LangSmithToolHooks.install(dev.langchain4j.service.AiServices.builder(StreamingAssistant.class))
                .streamingChatModel(new ThreadedToolModel()).tools(new Weather()).build();
        CompletableFuture<ChatResponse> done = new CompletableFuture<>();

        LangSmith.trace("ask", RunType.CHAIN, Map.of(), () -> {
            assistant.chat("Weather in Paris?").onPartialResponse(p -> { }).onCompleteResponse(done::complete)
                    .onError(done::completeExceptionally).start();
            return done.get(10, TimeUnit.SECONDS);
        });

        assertThat(done.get().aiMessage().text()).isEqualTo("It is sunny in Paris");
        String ask = recorded.named("ask").get(0).path("id").asText();
        List<ObjectNode> calls = recorded.named("ChatModel");
        assertThat(calls).hasSize(2).allSatisfy(call -> assertThat(call.path("parent_run_id").asText()).isEqualTo(ask));
        assertThat(recorded.named("weather").get(0).path("parent_run_id").asText()).isEqualTo(ask);
    }

    /** Streams partial responses with a cancellable handle, and stops without a word once cancelled (as clients do). */
    private static final class CancellableModel implements StreamingChatModel {
        @Override
        public void doChat(ChatRequest request, StreamingChatResponseHandler handler) {
            java.util.concurrent.atomic.AtomicBoolean cancelled = new java.util.concurrent.atomic.AtomicBoolean();
            dev.langchain4j.model.chat.response.StreamingHandle handle = new dev.langchain4j.model.chat.response.StreamingHandle() {
                @Override
                public void cancel() {
                    cancelled.set(true);
                }

                @Override
                public boolean isCancelled() {
                    return cancelled.get();
                }
            };
            for (String piece : List.of("Par", "is")) {
                if (!cancelled.get()) {
                    handler.onPartialResponse(new dev.langchain4j.model.chat.response.PartialResponse(piece),
                            new dev.langchain4j.model.chat.response.PartialResponseContext(handle));
                }
            }
            if (!cancelled.get()) {
                handler.onCompleteResponse(ChatResponse.builder().aiMessage(AiMessage.from("Paris")).build());
            }
        }

        @Override
        public List<ChatModelListener> listeners() {
            return List.of(new LangSmithChatModelListener());
        }
    }

    @Test
    void a_stream_its_handler_cancels_is_a_run_that_says_so_and_the_model_stops() {
        List<String> seen = new java.util.ArrayList<>();

        new LangSmithStreamingChatModel(new CancellableModel()).chat(question(), new StreamingChatResponseHandler() {
            @Override
            public void onPartialResponse(dev.langchain4j.model.chat.response.PartialResponse partial,
                                          dev.langchain4j.model.chat.response.PartialResponseContext context) {
                seen.add(partial.text());
                context.streamingHandle().cancel();
            }

            @Override
            public void onCompleteResponse(ChatResponse response) {
                seen.add("complete");
            }

            @Override
            public void onError(Throwable error) {
                seen.add("error");
            }
        });

        assertThat(seen).containsExactly("Par");
        ObjectNode llm = recorded.named("ChatModel").get(0);
        assertThat(llm.path("error").asText()).contains("cancelled");
        assertThat(llm.path("end_time").isTextual()).isTrue();
        assertThat(llm.path("events").toString()).contains("new_token");
    }
}
