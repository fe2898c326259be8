package io.basalt.runtime.operators.io;

/** What a file sink does when its target already exists (Flink's {@code FileSystem.WriteMode}). */
public enum WriteMode {
    /** Fail if a file the sink would write already exists. */
    NO_OVERWRITE,
    /** Replace existing output. */
    OVERWRITE
}
