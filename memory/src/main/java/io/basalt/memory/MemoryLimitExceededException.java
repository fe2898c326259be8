package io.basalt.memory;

/**
 * Thrown when an allocation would take a pool past its limit. Names the pool that refused (which may
 * be an ancestor of the requesting pool), the request, the limit and what was in use.
 */
public final class MemoryLimitExceededException extends RuntimeException {
    private final String poolPath;
    private final String requestingPoolPath;
    private final long requestedBytes;
    private final long limitBytes;
    private final long usedBytes;

    MemoryLimitExceededException(String poolPath, String requestingPoolPath, long requestedBytes, long limitBytes, long usedBytes) {
        super(message(poolPath, requestingPoolPath, requestedBytes, limitBytes, usedBytes));
        this.poolPath = poolPath;
        this.requestingPoolPath = requestingPoolPath;
        this.requestedBytes = requestedBytes;
        this.limitBytes = limitBytes;
        this.usedBytes = usedBytes;
    }

    private static String message(String pool, String requester, long requested, long limit, long used) {
        StringBuilder sb = new StringBuilder()
                .append("Memory limit of pool '").append(pool).append("' exceeded: requested ")
                .append(ByteSize.format(requested)).append(" with ").append(ByteSize.format(used))
                .append(" already in use of a limit of ").append(ByteSize.format(limit));
        if (!pool.equals(requester)) {
            sb.append(" (the request came from child pool '").append(requester).append("')");
        }
        return sb.append(". Raise the pool's limit or the memory budget (basalt.memory.budget).").toString();
    }

    /** Path of the pool whose limit was hit. */
    public String poolPath() {
        return poolPath;
    }

    /** Path of the pool that asked for memory. */
    public String requestingPoolPath() {
        return requestingPoolPath;
    }

    public long requestedBytes() {
        return requestedBytes;
    }

    public long limitBytes() {
        return limitBytes;
    }

    public long usedBytes() {
        return usedBytes;
    }
}
