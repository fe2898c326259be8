package io.basalt.runtime.iteration;

import java.util.ArrayList;
import java.util.List;

import io.basalt.data.Batch;
import io.basalt.data.Schema;

/**
 * The in-process meeting point of one native iteration's heads and tails: tails hand each
 * superstep's output of subtask {@code i} to head subtask {@code i} (the feedback channel), report
 * termination-criterion counts, and the heads agree in a barrier whether to run another superstep.
 * It also holds the partitions of a delta iteration's solution set. Thread-safe; all waits give up
 * with the caller's cancellation check. One instance per iteration per job run.
 */
public final class IterationSync {
    /** What the heads decided after a superstep. */
    public enum Decision { CONTINUE, TERMINATE }

    private final int parallelism;
    private final int maxIterations;
    private final boolean hasCriterion;
    private final boolean delta;
    private final Schema solutionSchema;
    private final int[] solutionKeys;
    private final SolutionSet[] solutionSets;

    private final List<Batch>[] feedback;  // per subtask: batches of the superstep not yet taken by the head
    private final int[] feedbackSteps;             // per subtask: supersteps whose feedback has been delivered
    private final long[] criterionRows;            // per subtask: rows of the latest criterion report
    private final int[] criterionSteps;
    private final int[] deltaSteps;
    private int barrierStep;
    private int arrived;
    private long stepWorksetRows;
    private long stepCriterionRows;
    private Decision lastDecision;
    private int decidedStep;

    @SuppressWarnings({"unchecked", "rawtypes"})
    public IterationSync(int parallelism, int maxIterations, boolean hasCriterion, boolean delta, Schema solutionSchema, int[] solutionKeys) {
        if (maxIterations < 1) {
            throw new IllegalArgumentException("An iteration needs at least 1 superstep, got " + maxIterations);
        }
        this.parallelism = parallelism;
        this.maxIterations = maxIterations;
        this.hasCriterion = hasCriterion;
        this.delta = delta;
        this.solutionSchema = solutionSchema;
        this.solutionKeys = solutionKeys == null ? new int[0] : solutionKeys.clone();
        this.solutionSets = new SolutionSet[parallelism];
        if (delta) {
            for (int i = 0; i < parallelism; i++) {
                solutionSets[i] = new SolutionSet(solutionSchema, this.solutionKeys);
            }
        }
        this.feedback = new List[parallelism];
        for (int i = 0; i < parallelism; i++) {
            feedback[i] = new ArrayList<>();
        }
        this.feedbackSteps = new int[parallelism];
        this.criterionRows = new long[parallelism];
        this.criterionSteps = new int[parallelism];
        this.deltaSteps = new int[parallelism];
    }

    public int parallelism() {
        return parallelism;
    }

    public boolean isDelta() {
        return delta;
    }

    public Schema solutionSchema() {
        return solutionSchema;
    }

    public int[] solutionKeys() {
        return solutionKeys.clone();
    }

    /** The solution set partition of {@code subtask} (delta iterations). */
    public SolutionSet solutionSet(int subtask) {
        if (!delta) {
            throw new IllegalStateException("A bulk iteration has no solution set");
        }
        return solutionSets[subtask];
    }

    private void checkSubtask(int subtask) {
        if (subtask < 0 || subtask >= parallelism) {
            throw new IllegalStateException("Iteration tail subtask " + subtask + " has no head (the iteration runs with parallelism " + parallelism
                    + "); tails must have the head's parallelism");
        }
    }

    /** A feedback tail delivers its whole output of one superstep (takes ownership of the batches). */
    public synchronized void feedback(int subtask, List<Batch> batches) {
        checkSubtask(subtask);
        feedback[subtask].addAll(batches);
        feedbackSteps[subtask]++;
        notifyAll();
    }

    /** The criterion tail of {@code subtask} counted {@code rows} rows in its superstep. */
    public synchronized void criterion(int subtask, long rows) {
        checkSubtask(subtask);
        criterionRows[subtask] = rows;
        criterionSteps[subtask]++;
        notifyAll();
    }

    /** The solution-set delta tail of {@code subtask} applied its superstep's updates. */
    public synchronized void deltaApplied(int subtask) {
        checkSubtask(subtask);
        deltaSteps[subtask]++;
        notifyAll();
    }

    /**
     * Head side: waits until every tail of {@code subtask} finished superstep {@code step}, then
     * returns (and hands over) that superstep's feedback batches.
     */
    public synchronized List<Batch> awaitFeedback(int subtask, int step, Runnable checkCancelled) throws InterruptedException {
        while (feedbackSteps[subtask] < step || hasCriterion && criterionSteps[subtask] < step || delta && deltaSteps[subtask] < step) {
            checkCancelled.run();
            wait(50);
        }
        List<Batch> out = feedback[subtask];
        feedback[subtask] = new ArrayList<>();
        return out;
    }

    /**
     * Head side: the barrier after superstep {@code step}. Every head reports its feedback row count;
     * all get the same decision: terminate after {@code maxIterations} supersteps, when the
     * termination criterion produced no rows (bulk), or when the workset is empty (delta).
     */
    public synchronized Decision decide(int subtask, int step, long feedbackRows, Runnable checkCancelled) throws InterruptedException {
        while (barrierStep != step - 1) {
            checkCancelled.run();
            wait(50);
        }
        stepWorksetRows += feedbackRows;
        if (hasCriterion) {
            stepCriterionRows += criterionRows[subtask];
        }
        if (++arrived == parallelism) {
            boolean done = step >= maxIterations || hasCriterion && stepCriterionRows == 0 || delta && stepWorksetRows == 0;
            lastDecision = done ? Decision.TERMINATE : Decision.CONTINUE;
            decidedStep = step;
            arrived = 0;
            stepWorksetRows = 0;
            stepCriterionRows = 0;
            barrierStep = step;
            notifyAll();
        }
        while (decidedStep != step) {
            checkCancelled.run();
            wait(50);
        }
        return lastDecision;
    }

    /** Releases undelivered feedback (failure or cancellation). */
    public synchronized void discard() {
        for (List<Batch> list : feedback) {
            list.forEach(Batch::close);
            list.clear();
        }
    }
}
