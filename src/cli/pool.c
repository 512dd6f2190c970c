/* SPDX-License-Identifier: MIT */
/* pool.c - worker threads over a bounded window, output in input order.
 *
 * Every worker does the whole job of a record: it reads the next one from
 * the source into a free slot of a ring of `window` slots, renders it, and
 * marks it done. Whichever worker finds the oldest slot done takes the
 * writer's turn and writes every done slot from the oldest on, so output
 * order is input order whatever order the workers finish in. No record is
 * handed from one thread to another: with a separate reader and writer,
 * each record cost two wake-ups, and a -j 1 run three threads. A worker
 * that finds the window full (too many records, or too many bytes of
 * input, in flight) helps write or waits, which bounds memory: a 10 GB
 * dump holds no more at a time than a 10 MB one.
 *
 * One worker reads at a time (reading is sequential), outside the lock,
 * so a worker blocked on a slow pipe stops nobody else; one writes at a
 * time, also outside the lock. The caller's thread is the first worker,
 * so -j 1 starts no thread at all.
 *
 * The other workers are started by pool_new, before the program loads its
 * model, and spin until pool_run gives them work: on the virtual machines
 * this runs on, a new thread started 0.05 to 4 ms after pthread_create
 * (the time an idle virtual CPU takes to be woken), so a short run often
 * began with one worker.
 */
#define _POSIX_C_SOURCE 200809L

#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#if defined(__SSE2__)
#include <emmintrin.h> /* _mm_pause */
#endif

#include "cli.h"

struct slot {
    struct record rec;
    int done;
};

struct pool {
    pthread_t *extra; /* the workers besides the caller */
    int nextra;
    atomic_int go; /* 1: pool_run has work; -1: there is none */
    pthread_mutex_t lock;
    pthread_cond_t cv; /* a slot was freed or done, a turn ended, or
                          the run ended */
    struct slot *slots;
    size_t window;               /* slots */
    unsigned long long budget;   /* input bytes in flight, at most */
    unsigned long long inflight; /* input bytes of the records in flight */
    unsigned long long head;     /* oldest record not written yet */
    unsigned long long tail;     /* next sequence number to read into */
    /* Set under the lock; also read without it, by a worker spinning
     * until the reader is done (wait_for_reader). */
    atomic_int reading;       /* a worker is reading the next record */
    atomic_int read_may_wait; /* ... from an input that may block it */
    int writing;              /* a worker has the writer's turn */
    int at_end;               /* the source is exhausted (or failed) */
    int read_rc;              /* 0, or the source's failure */
    int stopped;              /* the output failed: drop everything */
    pool_read_fn read;
    pool_work_fn work;
    pool_emit_fn emit;
    pool_idle_fn idle;
    void *ctx;
};

static void
stop(struct pool *pool)
{
    pool->stopped = 1;
    pthread_cond_broadcast(&pool->cv);
}

/* With the lock held and the writer's turn taken: writes every done slot
 * from the oldest on, then flushes when a reader may be waiting for input,
 * so that a slow stream shows each result at once. While records are in
 * flight more output comes soon, and flushing then would cost a write
 * system call per record. */
static void
write_done(struct pool *pool, int flush)
{
    for (;;) {
        struct slot *slot = &pool->slots[pool->head % pool->window];
        int rc;

        if (pool->stopped)
            return;
        if (pool->head == pool->tail || !slot->done)
            break;
        pthread_mutex_unlock(&pool->lock);
        rc = pool->emit(pool->ctx, &slot->rec);
        unsigned long long bytes = slot->rec.bytes;
        record_clear(&slot->rec);
        pthread_mutex_lock(&pool->lock);
        slot->done = 0;
        pool->head++;
        pool->inflight -= bytes;
        pthread_cond_broadcast(&pool->cv);
        if (rc < 0) {
            stop(pool);
            return;
        }
    }
    if (flush || (pool->reading && pool->read_may_wait)) {
        int rc;

        pthread_mutex_unlock(&pool->lock);
        rc = pool->idle(pool->ctx);
        pthread_mutex_lock(&pool->lock);
        if (rc < 0)
            stop(pool);
    }
}

/* Takes the writer's turn, waiting for it, and writes what is done. */
static void
take_turn_and_write(struct pool *pool, int flush)
{
    while (pool->writing && !pool->stopped)
        pthread_cond_wait(&pool->cv, &pool->lock);
    if (pool->stopped)
        return;
    pool->writing = 1;
    write_done(pool, flush);
    pool->writing = 0;
    pthread_cond_broadcast(&pool->cv);
}

/* Whether another record may be read, the window allowing. */
static int
room(const struct pool *pool)
{
    unsigned long long n = pool->tail - pool->head;

    return n == 0 || (n < pool->window && pool->inflight < pool->budget);
}

/* Reads the next record into the slot at the tail and renders it. Called
 * with the lock held, no other worker reading and a free slot. */
static void
read_and_work(struct pool *pool)
{
    unsigned long long seq = pool->tail;
    struct slot *slot = &pool->slots[seq % pool->window];
    int rc;

    pool->reading = 1;
    pthread_mutex_unlock(&pool->lock);
    rc = pool->read(pool->ctx, &slot->rec);
    pthread_mutex_lock(&pool->lock);
    pool->reading = 0;
    pool->read_may_wait = 0;
    if (rc != 1) {
        pool->at_end = 1;
        pool->read_rc = rc < 0 ? rc : 0;
        pthread_cond_broadcast(&pool->cv);
        return;
    }
    pool->tail++;
    pool->inflight += slot->rec.bytes;
    /* the next reader may start while this record is rendered */
    pthread_cond_broadcast(&pool->cv);
    if (pool->stopped)
        return; /* the slot is cleared with the pool */
    pthread_mutex_unlock(&pool->lock);
    pool->work(pool->ctx, &slot->rec);
    pthread_mutex_lock(&pool->lock);
    slot->done = 1;
}

/* Spins, the lock released, until the reader is done or a bound is
 * reached. Reading a record from a file takes microseconds, but waking a
 * thread that went to sleep on the condition variable took 100 to 500 us
 * on the virtual machines this runs on: with two workers, a pass over a
 * news dump lost about 20 of those. A reader that may block (a pipe, a
 * terminal) is waited for asleep, as is one that takes longer than the
 * bound (about 0.1 ms). Returns with the lock held. */
static void
wait_for_reader(struct pool *pool)
{
    pthread_mutex_unlock(&pool->lock);
    for (int i = 0; i < 4096 && atomic_load(&pool->reading) &&
                    !atomic_load(&pool->read_may_wait);
         i++) {
#if defined(__SSE2__)
        _mm_pause();
#endif
    }
    pthread_mutex_lock(&pool->lock);
}

static void *
pool_worker(void *arg)
{
    struct pool *pool = arg;
    int spun = 0; /* already spun for the current reader */

    pthread_mutex_lock(&pool->lock);
    while (!pool->stopped) {
        struct slot *oldest = &pool->slots[pool->head % pool->window];

        if (pool->head != pool->tail && oldest->done && !pool->writing) {
            take_turn_and_write(pool, 0);
        } else if (!pool->reading && !pool->at_end && room(pool)) {
            read_and_work(pool);
            spun = 0;
        } else if (pool->at_end && pool->head == pool->tail) {
            break;
        } else if (pool->reading && !pool->read_may_wait && !spun &&
                   room(pool)) {
            wait_for_reader(pool);
            spun = 1;
        } else {
            pthread_cond_wait(&pool->cv, &pool->lock);
            spun = 0;
        }
    }
    pthread_mutex_unlock(&pool->lock);
    return NULL;
}

/* Nanoseconds since *t0. */
static long long
since(const struct timespec *t0)
{
    struct timespec t;

    clock_gettime(CLOCK_MONOTONIC, &t);
    return (t.tv_sec - t0->tv_sec) * 1000000000LL + (t.tv_nsec - t0->tv_nsec);
}

/* A worker started by pool_new: waits for pool_run, spinning for at most
 * 50 ms (yielding, so that the model's loader may have the CPU), then
 * asleep; then works as the caller does. */
static void *
pool_thread(void *arg)
{
    struct pool *pool = arg;
    struct timespec t0;

    clock_gettime(CLOCK_MONOTONIC, &t0);
    for (unsigned i = 1; !atomic_load(&pool->go); i++) {
        sched_yield();
        if (i % 64 == 0 && since(&t0) > 50000000)
            break;
    }
    pthread_mutex_lock(&pool->lock);
    while (!atomic_load(&pool->go))
        pthread_cond_wait(&pool->cv, &pool->lock);
    pthread_mutex_unlock(&pool->lock);
    if (atomic_load(&pool->go) > 0)
        pool_worker(pool);
    return NULL;
}

void
pool_reader_waits(struct pool *pool)
{
    pthread_mutex_lock(&pool->lock);
    pool->read_may_wait = 1;
    /* what is done so far must be out before this read blocks */
    take_turn_and_write(pool, 1);
    pthread_mutex_unlock(&pool->lock);
}

struct pool *
pool_new(int threads)
{
    struct pool *pool = calloc(1, sizeof(*pool));

    if (!pool)
        return NULL;
    pthread_mutex_init(&pool->lock, NULL);
    pthread_cond_init(&pool->cv, NULL);
    atomic_init(&pool->go, 0);
    atomic_init(&pool->reading, 0);
    atomic_init(&pool->read_may_wait, 0);
    if (threads > 1 &&
        !(pool->extra = calloc((size_t)threads - 1, sizeof(*pool->extra)))) {
        pool_free(pool);
        return NULL;
    }
    /* Fewer threads than asked still make progress: the caller is one. */
    for (int i = 0; i < threads - 1; i++) {
        if (pthread_create(&pool->extra[i], NULL, pool_thread, pool) != 0)
            break;
        pool->nextra++;
    }
    return pool;
}

/* Lets the workers go, with work (1) or without (-1), and waits for them
 * to end. */
static void
release_workers(struct pool *pool, int go)
{
    pthread_mutex_lock(&pool->lock);
    atomic_store(&pool->go, go);
    pthread_cond_broadcast(&pool->cv);
    pthread_mutex_unlock(&pool->lock);
    if (go > 0)
        pool_worker(pool);
    for (int i = 0; i < pool->nextra; i++)
        pthread_join(pool->extra[i], NULL);
    pool->nextra = 0;
}

int
pool_run(struct pool *pool, struct pool_window window, pool_read_fn read,
         pool_work_fn work, pool_emit_fn emit, pool_idle_fn idle, void *ctx,
         void (*started)(void *ctx, struct pool *pool))
{
    int rc;

    pool->window = window.records < 1 ? 1 : window.records;
    pool->budget = window.bytes;
    pool->read = read;
    pool->work = work;
    pool->emit = emit;
    pool->idle = idle;
    pool->ctx = ctx;
    pool->slots = calloc(pool->window, sizeof(*pool->slots));
    if (!pool->slots) {
        release_workers(pool, -1);
        return WS_NOMEM;
    }
    if (started)
        started(ctx, pool);
    release_workers(pool, 1);
    rc = pool->read_rc;
    for (size_t k = 0; k < pool->window; k++)
        record_clear(&pool->slots[k].rec);
    free(pool->slots);
    pool->slots = NULL;
    return rc;
}

void
pool_free(struct pool *pool)
{
    if (!pool)
        return;
    if (pool->nextra)
        release_workers(pool, -1);
    free(pool->extra);
    pthread_mutex_destroy(&pool->lock);
    pthread_cond_destroy(&pool->cv);
    free(pool);
}
