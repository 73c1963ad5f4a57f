package io.accounttasks.queryside;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * One daemon thread repeating a job until stopped, with a wake-up that cuts its wait short: the commit listener
 * and the Kafka publisher each run on one.
 */
public final class Worker {

    private final String name;
    private final Semaphore wakeUps = new Semaphore(0);
    private final Object lifecycle = new Object();
    private volatile boolean running;
    private Thread thread; // guarded by lifecycle

    public Worker(String name) {
        this.name = name;
    }

    /** Runs {@code job} on the worker's thread; false if it runs already. */
    public boolean start(Runnable job) {
        synchronized (lifecycle) {
            if (running) {
                return false;
            }
            running = true;
            thread = new Thread(job, name);
            thread.setDaemon(true);
            thread.start();
            return true;
        }
    }

    /**
     * Tells the job to end, runs {@code cutShort} (what ends a wait the job may be in, beyond a wake-up), interrupts
     * the thread if asked, and waits for it at most {@code patience}.
     */
    public void stop(Runnable cutShort, boolean interrupt, Duration patience) {
        synchronized (lifecycle) {
            if (!running) {
                return;
            }
            running = false;
            wakeUp();
            cutShort.run();
            if (interrupt) {
                thread.interrupt();
            }
            try {
                thread.join(patience.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            thread = null;
        }
    }

    public boolean isRunning() {
        return running;
    }

    /** Ends the job's current {@link #awaitWakeUp} at once, or its next one if it is not waiting. */
    public void wakeUp() {
        if (wakeUps.availablePermits() == 0) {
            wakeUps.release();
        }
    }

    /** Waits for a wake-up, at most {@code timeout}; wake-ups that came meanwhile count as one. */
    public void awaitWakeUp(Duration timeout) throws InterruptedException {
        wakeUps.tryAcquire(timeout.toNanos(), TimeUnit.NANOSECONDS);
        wakeUps.drainPermits();
    }
}
