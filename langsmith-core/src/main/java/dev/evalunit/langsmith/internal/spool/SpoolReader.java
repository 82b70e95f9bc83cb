package dev.evalunit.langsmith.internal.spool;

import dev.evalunit.langsmith.internal.wire.Operation;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;

/**
 * Lists and reads spool files written by {@link Spool}.
 *
 * <p>Only complete files ({@code *.jsonl}) are listed: {@code *.tmp} files (a write interrupted
 * by a crash) and {@code *.corrupt} files (lines set aside by {@link SpoolReplayer}) are not.
 *
 * <p>Stateless; thread-safe. Reading a file that another process deletes or replaces at the same
 * time yields either its old or its new content, never a mix, because the spool only ever
 * replaces files by atomic rename.
 */
public final class SpoolReader {

    /** What one file held: the records that parsed, and the lines that did not. */
    public record Contents(Path file, List<Operation> operations, List<CorruptLine> corrupt) {
        public Contents {
            operations = List.copyOf(operations);
            corrupt = List.copyOf(corrupt);
        }
    }

    /**
     * A line that is not a valid record, with its exact bytes so nothing is lost.
     *
     * @param number 1-based line number
     * @param reason why it was rejected (without file and line)
     */
    public record CorruptLine(int number, String reason, byte[] bytes) {
    }

    private SpoolReader() {
    }

    /** The spool files in {@code directory} (a {@link Spool#directory()}), oldest first; empty if it does not exist. */
    public static List<Path> list(Path directory) throws IOException {
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(directory, "*" + Spool.SUFFIX)) {
            for (Path file : stream) {
                if (Files.isRegularFile(file)) {
                    files.add(file);
                }
            }
        }
        files.sort(Comparator.comparing(f -> f.getFileName().toString()));
        return Collections.unmodifiableList(files);
    }

    /**
     * Every operation in {@code file}, in file order.
     *
     * @throws SpoolFormatException at the first line that is not a valid record
     */
    public static List<Operation> read(Path file) throws IOException {
        Contents contents = readLenient(file);
        if (!contents.corrupt().isEmpty()) {
            CorruptLine first = contents.corrupt().get(0);
            throw new SpoolFormatException(file, first.number(), first.reason(), null);
        }
        return contents.operations();
    }

    /** Every valid record in {@code file}, plus the lines that are not valid records; blank lines are skipped. */
    public static Contents readLenient(Path file) throws IOException {
        byte[] data = Files.readAllBytes(file);
        List<Operation> operations = new ArrayList<>();
        List<CorruptLine> corrupt = new ArrayList<>();
        int start = 0;
        int number = 0;
        while (start < data.length) {
            int end = indexOf(data, (byte) '\n', start);
            number++;
            if (!isBlank(data, start, end)) {
                try {
                    operations.add(SpoolCodec.decode(data, start, end - start));
                } catch (IOException e) {
                    corrupt.add(new CorruptLine(number, e.getMessage(), Arrays.copyOfRange(data, start, end)));
                }
            }
            start = end + 1;
        }
        return new Contents(file, operations, corrupt);
    }

    /** The number of records (non-blank lines) in {@code file}, without decoding them; 0 if it is gone. */
    public static long countRecords(Path file) throws IOException {
        byte[] data;
        try {
            data = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return 0;
        }
        long count = 0;
        int start = 0;
        while (start < data.length) {
            int end = indexOf(data, (byte) '\n', start);
            if (!isBlank(data, start, end)) {
                count++;
            }
            start = end + 1;
        }
        return count;
    }

    private static int indexOf(byte[] data, byte b, int from) {
        for (int i = from; i < data.length; i++) {
            if (data[i] == b) {
                return i;
            }
        }
        return data.length;
    }

    private static boolean isBlank(byte[] data, int start, int end) {
        for (int i = start; i < end; i++) {
            byte b = data[i];
            if (b != ' ' && b != '\t' && b != '\r') {
                return false;
            }
        }
        return true;
    }
}
