package io.basalt.runtime.exec;

/**
 * A job failed. The message names the job, the operator and subtask that failed first and the
 * original error, which is the {@link #getCause() cause}; failures that followed it (other tasks
 * stopping, leaks found during clean-up) are attached as suppressed exceptions.
 */
public final class JobExecutionException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String jobName;
    private final String operatorName;

    public JobExecutionException(String jobName, String operatorName, String message, Throwable cause) {
        super(message, cause);
        this.jobName = jobName;
        this.operatorName = operatorName;
    }

    public String jobName() {
        return jobName;
    }

    /** The operator that failed first, or null when the job failed outside any operator. */
    public String operatorName() {
        return operatorName;
    }
}
