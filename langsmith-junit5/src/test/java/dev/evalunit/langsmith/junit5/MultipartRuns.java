package dev.evalunit.langsmith.junit5;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import mockwebserver3.RecordedRequest;
import okhttp3.MultipartReader;
import okio.Buffer;

/** Folds the parts of a recorded {@code /runs/multipart} request into runs by id and feedback. */
final class MultipartRuns {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private MultipartRuns() {
    }

    static void read(RecordedRequest request, Map<String, ObjectNode> runs, List<JsonNode> feedback)
            throws IOException {
        String contentType = request.getHeaders().get("Content-Type");
        String boundary = contentType.substring(contentType.indexOf("boundary=") + "boundary=".length());
        Buffer body = new Buffer().write(request.getBody().toByteArray());
        try (MultipartReader reader = new MultipartReader(body, boundary)) {
            MultipartReader.Part part;
            while ((part = reader.nextPart()) != null) {
                String disposition = part.headers().get("Content-Disposition");
                String name = disposition.substring(disposition.indexOf("name=\"") + 6, disposition.lastIndexOf('"'));
                JsonNode json = MAPPER.readTree(part.body().readByteArray());
                String[] segments = name.split("\\.");
                if (segments[0].equals("feedback")) {
                    feedback.add(json);
                    continue;
                }
                ObjectNode run = runs.computeIfAbsent(segments[1], id -> MAPPER.createObjectNode());
                if (segments.length == 2) {
                    run.setAll((ObjectNode) json);
                } else {
                    run.set(segments[2], json);
                }
            }
        }
    }
}
