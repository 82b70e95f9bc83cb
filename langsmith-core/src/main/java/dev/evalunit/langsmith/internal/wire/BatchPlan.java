package dev.evalunit.langsmith.internal.wire;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * A batch of operations arranged the way the JS SDK's uncompressed path sends them: every patch
 * that follows a post of the same run in the list is merged into that post
 * ({@link Operation#mergedWith}); the remaining operations are grouped into posts, then patches,
 * then feedback, each group in list order.
 *
 * <p>Immutable once built; thread-safe.
 */
final class BatchPlan {
    private final List<Operation> posts;
    private final List<Integer> mergedPatchCounts;
    private final List<Operation> patches;
    private final List<Operation> feedback;
    private final int sourceCount;

    private BatchPlan(List<Operation> posts, List<Integer> mergedPatchCounts, List<Operation> patches,
                      List<Operation> feedback, int sourceCount) {
        this.posts = List.copyOf(posts);
        this.mergedPatchCounts = List.copyOf(mergedPatchCounts);
        this.patches = List.copyOf(patches);
        this.feedback = List.copyOf(feedback);
        this.sourceCount = sourceCount;
    }

    static BatchPlan of(List<Operation> ops) {
        Objects.requireNonNull(ops, "ops");
        List<Operation> posts = new ArrayList<>();
        List<Integer> merged = new ArrayList<>();
        List<Operation> patches = new ArrayList<>();
        List<Operation> feedback = new ArrayList<>();
        Map<UUID, Integer> latestPost = new HashMap<>();
        for (Operation op : ops) {
            Objects.requireNonNull(op, "operation in batch");
            switch (op.kind()) {
                case POST -> {
                    latestPost.put(op.id(), posts.size());
                    posts.add(op);
                    merged.add(0);
                }
                case PATCH -> {
                    Integer index = latestPost.get(op.id());
                    if (index == null) {
                        patches.add(op);
                    } else {
                        posts.set(index, posts.get(index).mergedWith(op));
                        merged.set(index, merged.get(index) + 1);
                    }
                }
                case FEEDBACK -> feedback.add(op);
                default -> throw new IllegalStateException("unknown kind " + op.kind());
            }
        }
        return new BatchPlan(posts, merged, patches, feedback, ops.size());
    }

    /** Posts in list order, each already merged with its later patches. */
    List<Operation> posts() {
        return posts;
    }

    /** For each of {@link #posts()}, how many patches were merged into it. */
    List<Integer> mergedPatchCounts() {
        return mergedPatchCounts;
    }

    /** Patches whose run has no earlier post in the batch, in list order. */
    List<Operation> patches() {
        return patches;
    }

    List<Operation> feedback() {
        return feedback;
    }

    /** Posts, then patches, then feedback. */
    List<Operation> inWireOrder() {
        List<Operation> all = new ArrayList<>(posts.size() + patches.size() + feedback.size());
        all.addAll(posts);
        all.addAll(patches);
        all.addAll(feedback);
        return all;
    }

    /** How many operations the plan was built from. */
    int sourceCount() {
        return sourceCount;
    }
}
