package io.basalt.runtime.exec;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;

import io.basalt.data.Batch;
import io.basalt.memory.MemoryPool;
import io.basalt.runtime.graph.JobVertex;
import io.basalt.runtime.iteration.IterationHeadOperator;
import io.basalt.runtime.iteration.IterationSync;
import io.basalt.runtime.operators.Operator;
import io.basalt.runtime.operators.OperatorContext;
import io.basalt.runtime.operators.OperatorFactory;
import io.basalt.runtime.operators.OperatorMetrics;
import io.basalt.runtime.operators.Output;
import io.basalt.runtime.operators.SourceOperator;
import io.basalt.vectorops.Kernels;

/**
 * One parallel instance of a job vertex, run by its own thread: opens the operator chain, then
 * either drives the source or runs the mailbox loop (one mail at a time: a batch for the head
 * operator, an end-of-channel marker, or a control action) until every input ended, finishes the
 * chain and signals the end downstream. The chain's operators run in this thread only; other
 * threads interact through the {@link Mailbox} and {@link #cancel()}.
 */
final class Task implements Runnable {
    private final JobExecution job;
    private final JobVertex vertex;
    private final int subtask;
    private final Mailbox mailbox = new Mailbox();
    private final int[] openChannels;
    private final boolean[] staticInput;
    private final List<PartitionWriter> writers = new ArrayList<>();
    private final List<PartitionWriter> resultWriters = new ArrayList<>();
    private final MemoryPool pool;
    private final Operator[] operators;
    private final Context[] contexts;
    private volatile int current;
    private volatile Thread thread;

    Task(JobExecution job, JobVertex vertex, int subtask, MemoryPool pool, long[] operatorLimits) {
        this.job = job;
        this.vertex = vertex;
        this.subtask = subtask;
        this.pool = pool;
        this.openChannels = new int[vertex.inputCount()];
        this.staticInput = new boolean[vertex.inputCount()];
        List<OperatorFactory> chain = vertex.chain();
        this.operators = new Operator[chain.size()];
        this.contexts = new Context[chain.size()];
        for (int i = 0; i < chain.size(); i++) {
            String poolName = "op" + i;
            MemoryPool opPool = operatorLimits[i] > 0 ? pool.newChild(poolName, operatorLimits[i]) : pool.newChild(poolName);
            contexts[i] = new Context(i, chain.get(i).name(), opPool);
        }
    }

    Mailbox mailbox() {
        return mailbox;
    }

    MemoryPool pool() {
        return pool;
    }

    JobVertex vertex() {
        return vertex;
    }

    int subtask() {
        return subtask;
    }

    void addInputChannels(int input, int count) {
        openChannels[input] += count;
    }

    void addWriter(PartitionWriter writer) {
        writers.add(writer);
    }

    /** An output of an iteration head that receives the iteration's result (not the step's input). */
    void addResultWriter(PartitionWriter writer) {
        resultWriters.add(writer);
    }

    /** Marks an input of a step-function task fed from outside the iteration: received once, replayed each superstep. */
    void markStaticInput(int input) {
        staticInput[input] = true;
    }

    OperatorMetrics metrics(int operator) {
        return contexts[operator].metrics;
    }

    MemoryPool operatorPool(int operator) {
        return contexts[operator].pool;
    }

    void start(Thread t) {
        this.thread = t;
        t.start();
    }

    void join() throws InterruptedException {
        thread.join();
    }

    void cancel() {
        Thread t = thread;
        if (t != null) {
            t.interrupt();
        }
    }

    /** Releases queued input and undelivered output; call after the thread ended. */
    void drain() {
        mailbox.drain();
        for (PartitionWriter w : writers) {
            w.discard();
        }
        for (PartitionWriter w : resultWriters) {
            w.discard();
        }
        if (staticCache != null) {
            for (List<Batch> cached : staticCache) {
                if (cached != null) {
                    cached.forEach(Batch::close);
                    cached.clear();
                }
            }
        }
    }

    @Override
    public void run() {
        boolean success = false;
        try {
            for (int i = 0; i < operators.length; i++) {
                current = i;
                operators[i] = vertex.chain().get(i).create();
                operators[i].open(contexts[i]);
            }
            if (operators[0] instanceof IterationHeadOperator head) {
                runIterationHead(head);
                success = true;
                return;
            }
            if (vertex.inIteration()) {
                runSupersteps();
                success = true;
                return;
            }
            if (operators[0] instanceof SourceOperator source) {
                current = 0;
                while (source.emitNext()) {
                    checkCancelled();
                }
            } else {
                runMailboxLoop();
            }
            for (int i = 1; i < operators.length; i++) {
                current = i;
                operators[i].endInput(0);
            }
            for (PartitionWriter w : writers) {
                w.finish();
            }
            success = true;
        } catch (Throwable t) {
            job.taskFailed(this, vertex.chain().get(current).name(), t);
        } finally {
            closeOperators(success);
        }
    }

    private void runMailboxLoop() throws Exception {
        int openInputs = 0;
        boolean[] ended = new boolean[openChannels.length];
        for (int i = 0; i < openChannels.length; i++) {
            if (openChannels[i] > 0) {
                openInputs++;
            } else {
                ended[i] = true;
                current = 0;
                operators[0].endInput(i);
            }
        }
        Operator head = operators[0];
        OperatorMetrics headMetrics = contexts[0].metrics;
        while (openInputs > 0) {
            // check before polling: a mail taken off the queue must be processed (or its batch would leak)
            checkCancelled();
            Mailbox.Mail mail = mailbox.poll(100);
            if (mail == null) {
                continue;
            }
            switch (mail) {
                case Mailbox.Data data -> {
                    try (Batch batch = data.batch()) {
                        current = 0;
                        headMetrics.addRowsIn(batch.rowCount());
                        head.process(batch, data.input());
                    } finally {
                        data.channel().releaseCredit();
                    }
                }
                case Mailbox.EndOfChannel end -> {
                    if (--openChannels[end.input()] == 0) {
                        ended[end.input()] = true;
                        openInputs--;
                        current = 0;
                        head.endInput(end.input());
                    }
                }
                case Mailbox.EndOfSuperstep end -> throw new IllegalStateException(
                        "End-of-superstep marker on input " + end.input() + " of " + vertex.name() + ", which is not part of an iteration");
                case Mailbox.Action action -> action.action().run();
            }
        }
    }

    // ------------------------------------------------------------------ native iterations

    /**
     * The head's superstep protocol: superstep 1 reads the initial input; after each superstep it
     * waits for this subtask's feedback, joins the other heads in deciding whether to go on, and
     * either feeds the feedback into the next superstep or emits the result and ends the step.
     */
    private void runIterationHead(IterationHeadOperator head) throws Exception {
        IterationSync sync = head.sync();
        runMailboxLoop();
        Output step = contexts[0].output();
        Output result = toWriters(0, resultWriters);
        for (int superstep = 1; ; superstep++) {
            for (PartitionWriter w : writers) {
                w.endSuperstep();
            }
            List<Batch> feedback = sync.awaitFeedback(subtask, superstep, this::checkCancelled);
            try {
                long rows = feedback.stream().mapToLong(Batch::rowCount).sum();
                if (sync.decide(subtask, superstep, rows, this::checkCancelled) == IterationSync.Decision.TERMINATE) {
                    head.emitResult(feedback, result);
                    break;
                }
                for (Batch b : feedback) {
                    step.emit(b);
                }
            } finally {
                feedback.forEach(Batch::close);
            }
        }
        for (PartitionWriter w : writers) {
            w.finish();
        }
        for (PartitionWriter w : resultWriters) {
            w.finish();
        }
    }

    /**
     * A step-function task: runs its chain once per superstep with fresh operator instances.
     * Dynamic inputs deliver each superstep's data followed by end-of-superstep markers; static
     * inputs (from outside the iteration) are received once, cached and replayed every superstep.
     * When every dynamic channel ends instead, the iteration is over.
     */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private void runSupersteps() throws Exception {
        int inputs = openChannels.length;
        List<Batch>[] cache = new List[inputs];
        boolean[] staticEnded = new boolean[inputs];
        int[] channels = openChannels.clone();
        int dynamicChannels = 0;
        for (int i = 0; i < inputs; i++) {
            if (staticInput[i]) {
                cache[i] = new ArrayList<>();
            } else {
                dynamicChannels += channels[i];
            }
        }
        staticCache = cache;
        for (int superstep = 1; ; superstep++) {
            int[] pending = channels.clone();
            int pendingDynamic = dynamicChannels;
            int endedDynamic = 0;
            boolean replayed = superstep == 1;
            boolean staticDone = superstep > 1;
            while (pendingDynamic > 0 || !staticDone) {
                // check before polling: a mail taken off the queue must be processed (or its batch would leak)
                checkCancelled();
                Mailbox.Mail mail = mailbox.poll(100);
                if (mail == null) {
                    continue;
                }
                switch (mail) {
                    case Mailbox.Data data -> {
                        try (Batch batch = data.batch()) {
                            int in = data.input();
                            if (staticInput[in]) {
                                cache[in].add(batch.retain());
                            } else if (!replayed) {
                                replayStatic(cache);
                                replayed = true;
                            }
                            current = 0;
                            contexts[0].metrics.addRowsIn(batch.rowCount());
                            operators[0].process(batch, in);
                        } finally {
                            data.channel().releaseCredit();
                        }
                    }
                    case Mailbox.EndOfSuperstep end -> {
                        if (!replayed) {
                            replayStatic(cache);
                            replayed = true;
                        }
                        pendingDynamic--;
                        if (--pending[end.input()] == 0) {
                            current = 0;
                            operators[0].endInput(end.input());
                        }
                    }
                    case Mailbox.EndOfChannel end -> {
                        if (staticInput[end.input()]) {
                            if (--pending[end.input()] == 0) {
                                staticEnded[end.input()] = true;
                                current = 0;
                                operators[0].endInput(end.input());
                            }
                        } else if (++endedDynamic == dynamicChannels) {
                            finishIteration();
                            return;
                        }
                    }
                    case Mailbox.Action action -> action.action().run();
                }
                if (!staticDone) {
                    staticDone = true;
                    for (int i = 0; i < inputs; i++) {
                        staticDone &= !staticInput[i] || staticEnded[i];
                    }
                }
            }
            for (int i = 1; i < operators.length; i++) {
                current = i;
                operators[i].endInput(0);
            }
            for (PartitionWriter w : writers) {
                w.endSuperstep();
            }
            recreateOperators();
        }
    }

    /** Batches of static inputs cached by a step-function task, released by {@link #drain()}. */
    private List<Batch>[] staticCache;

    private void replayStatic(List<Batch>[] cache) throws Exception {
        for (int i = 0; i < cache.length; i++) {
            if (cache[i] == null) {
                continue;
            }
            for (Batch b : cache[i]) {
                current = 0;
                operators[0].process(b, i);
            }
            operators[0].endInput(i);
        }
    }

    private void recreateOperators() throws Exception {
        for (int i = operators.length - 1; i >= 0; i--) {
            Operator op = operators[i];
            operators[i] = null;
            op.close();
        }
        for (int i = 0; i < operators.length; i++) {
            current = i;
            operators[i] = vertex.chain().get(i).create();
            operators[i].open(contexts[i]);
        }
    }

    private void finishIteration() throws InterruptedException {
        for (PartitionWriter w : writers) {
            w.finish();
        }
    }

    private void checkCancelled() {
        if (job.isCancelled()) {
            throw new CancellationException("Task " + vertex.name() + " (" + (subtask + 1) + "/" + vertex.parallelism() + ") was cancelled");
        }
    }

    private void closeOperators(boolean success) {
        for (int i = operators.length - 1; i >= 0; i--) {
            contexts[i].metrics.updatePeakMemory(contexts[i].pool.peak());
            if (operators[i] == null) {
                continue;
            }
            try {
                operators[i].close();
            } catch (Throwable t) {
                if (success) {
                    job.taskFailed(this, vertex.chain().get(i).name(), t);
                } else {
                    job.addSuppressed(t);
                }
            }
        }
    }

    /** Emits to the next operator of the chain. */
    private Output chained(int next) {
        return batch -> {
            int rows = batch.rowCount();
            if (rows == 0) {
                return;
            }
            contexts[next - 1].metrics.addRowsOut(rows);
            contexts[next].metrics.addRowsIn(rows);
            current = next;
            operators[next].process(batch, 0);
            current = next - 1;
        };
    }

    /** Emits to every outgoing exchange. */
    private Output exchanges(int last) {
        return toWriters(last, writers);
    }

    /** Emits to the given writers, counting the rows as output of operator {@code last}. */
    private Output toWriters(int last, List<PartitionWriter> targets) {
        return batch -> {
            int rows = batch.rowCount();
            if (rows == 0) {
                return;
            }
            contexts[last].metrics.addRowsOut(rows);
            for (PartitionWriter w : targets) {
                w.write(batch);
            }
        };
    }

    private final class Context implements OperatorContext {
        private final int index;
        private final String name;
        private final MemoryPool pool;
        private final OperatorMetrics metrics = new OperatorMetrics();
        private Output output;

        Context(int index, String name, MemoryPool pool) {
            this.index = index;
            this.name = name;
            this.pool = pool;
        }

        @Override
        public String operatorName() {
            return name;
        }

        @Override
        public int subtaskIndex() {
            return subtask;
        }

        @Override
        public int parallelism() {
            return vertex.parallelism();
        }

        @Override
        public MemoryPool pool() {
            return pool;
        }

        @Override
        public Kernels kernels() {
            return job.kernels();
        }

        @Override
        public Output output() {
            if (output == null) {
                output = index + 1 < operators.length ? chained(index + 1) : exchanges(index);
            }
            return output;
        }

        @Override
        public ExecutionConfig config() {
            return job.config();
        }

        @Override
        public Path newSpillFile(String purpose) {
            return job.newSpillFile(purpose + "-v" + vertex.id() + "s" + subtask);
        }

        @Override
        public OperatorMetrics metrics() {
            return metrics;
        }

        @Override
        public void publishResult(String key, Object value) {
            job.publishResult(key, value);
        }

        @Override
        public void checkCancelled() {
            Task.this.checkCancelled();
        }
    }
}
