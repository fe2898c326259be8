package io.basalt.runtime.exec;

/**
 * Totals of one operator over all of its subtasks after a job run.
 *
 * @param vertex       id of the job vertex the operator runs in
 * @param spilledBytes bytes written to spill files (0 when everything fit in memory)
 * @param peakMemory   the largest pool use of any one subtask
 */
public record OperatorStats(int vertex, String name, long rowsIn, long rowsOut, long spillFiles, long spilledBytes,
                            long spilledRows, long peakMemory) {
    public boolean spilled() {
        return spillFiles > 0;
    }
}
