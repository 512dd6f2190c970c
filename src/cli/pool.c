/* SPDX-License-Identifier: MIT */
/* pool.c - worker threads over a bounded window, output in input order.
 *
 * The reader (the caller) submits records into a ring of `window` slots;
 * worker threads take them in order, render them, and mark them done; one
 * writer thread emits the oldest slot as soon as it is done, so output
 * order is input order whatever order the workers finish in. When the
 * ring is full the reader waits, which is what bounds memory: a 10 GB
 * dump holds no more records at a time than a 10 MB one. A separate
 * writer (rather than the reader writing between reads) keeps output
 * flowing while the reader waits on a slow pipe. The pool owns the
 * records in its slots and clears each one after it is emitted.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

struct slot {
    struct record rec;
    int done;
};

struct pool {
    pthread_mutex_t lock;
    pthread_cond_t work_cv;  /* workers: a record waits, or closing */
    pthread_cond_t done_cv;  /* writer: the oldest is done, or closing */
    pthread_cond_t space_cv; /* reader: a slot is free, or stopped */
    struct slot *slots;
    size_t window;
    unsigned long long head; /* oldest record not emitted yet */
    unsigned long long next; /* next record for a worker */
    unsigned long long tail; /* next free sequence number */
    int closing;             /* no more submissions */
    int stopped;             /* the writer failed: drop everything */
    pthread_t *workers;
    int nworkers; /* started */
    pthread_t writer;
    int has_writer;
    pool_work_fn work;
    pool_emit_fn emit;
    pool_idle_fn idle;
    void *ctx;
};

static void *
pool_worker(void *arg)
{
    struct pool *pool = arg;

    for (;;) {
        unsigned long long seq;
        struct slot *slot;

        pthread_mutex_lock(&pool->lock);
        while (pool->next == pool->tail && !pool->closing && !pool->stopped)
            pthread_cond_wait(&pool->work_cv, &pool->lock);
        if (pool->stopped || pool->next == pool->tail) {
            pthread_mutex_unlock(&pool->lock);
            return NULL;
        }
        seq = pool->next++;
        slot = &pool->slots[seq % pool->window];
        pthread_mutex_unlock(&pool->lock);

        pool->work(pool->ctx, &slot->rec);

        pthread_mutex_lock(&pool->lock);
        slot->done = 1;
        if (seq == pool->head)
            pthread_cond_signal(&pool->done_cv);
        pthread_mutex_unlock(&pool->lock);
    }
}

static void *
pool_writer(void *arg)
{
    struct pool *pool = arg;
    int pending = 0; /* emitted since the last idle call */

    pthread_mutex_lock(&pool->lock);
    for (;;) {
        struct slot *slot = &pool->slots[pool->head % pool->window];
        int rc;

        if (pool->stopped)
            break;
        if (pool->head == pool->tail || !slot->done) {
            if (pool->head == pool->tail && pool->closing)
                break;
            if (pending && pool->head == pool->tail) {
                /* Everything read so far is printed and the reader waits
                 * for input: flush, so that a slow stream shows its output
                 * at once. While records are in flight more output comes
                 * soon, and flushing then would cost a write per record. */
                pending = 0;
                pthread_mutex_unlock(&pool->lock);
                rc = pool->idle(pool->ctx);
                pthread_mutex_lock(&pool->lock);
                if (rc < 0)
                    goto stop;
                continue;
            }
            pthread_cond_wait(&pool->done_cv, &pool->lock);
            continue;
        }
        pthread_mutex_unlock(&pool->lock);
        rc = pool->emit(pool->ctx, &slot->rec);
        record_clear(&slot->rec);
        pending = 1;
        pthread_mutex_lock(&pool->lock);
        slot->done = 0;
        pool->head++;
        /* Wake a waiting reader only once half the window is free, so
         * that it submits a run of records per wake-up, not one. */
        if (pool->tail - pool->head <= pool->window / 2)
            pthread_cond_signal(&pool->space_cv);
        if (rc < 0)
            goto stop;
    }
    pthread_mutex_unlock(&pool->lock);
    return NULL;
stop:
    pool->stopped = 1;
    pthread_cond_broadcast(&pool->work_cv);
    pthread_cond_broadcast(&pool->space_cv);
    pthread_mutex_unlock(&pool->lock);
    return NULL;
}

static void
pool_free(struct pool *pool)
{
    size_t i;

    if (!pool)
        return;
    if (pool->slots)
        for (i = 0; i < pool->window; i++)
            record_clear(&pool->slots[i].rec);
    free(pool->slots);
    free(pool->workers);
    pthread_mutex_destroy(&pool->lock);
    pthread_cond_destroy(&pool->work_cv);
    pthread_cond_destroy(&pool->done_cv);
    pthread_cond_destroy(&pool->space_cv);
    free(pool);
}

/* Tells every thread to finish, joins them and frees the pool. */
static void
pool_join(struct pool *pool)
{
    int i;

    pthread_mutex_lock(&pool->lock);
    pool->closing = 1;
    pthread_cond_broadcast(&pool->work_cv);
    pthread_cond_broadcast(&pool->done_cv);
    pthread_mutex_unlock(&pool->lock);
    for (i = 0; i < pool->nworkers; i++)
        pthread_join(pool->workers[i], NULL);
    if (pool->has_writer)
        pthread_join(pool->writer, NULL);
}

int
pool_new(int threads, size_t window, pool_work_fn work, pool_emit_fn emit,
         pool_idle_fn idle, void *ctx, struct pool **out)
{
    struct pool *pool;
    int i, rc = WS_NOMEM;

    *out = NULL;
    pool = calloc(1, sizeof(*pool));
    if (!pool)
        return WS_NOMEM;
    pthread_mutex_init(&pool->lock, NULL);
    pthread_cond_init(&pool->work_cv, NULL);
    pthread_cond_init(&pool->done_cv, NULL);
    pthread_cond_init(&pool->space_cv, NULL);
    pool->window = window < 1 ? 1 : window;
    pool->work = work;
    pool->emit = emit;
    pool->idle = idle;
    pool->ctx = ctx;
    pool->slots = calloc(pool->window, sizeof(*pool->slots));
    pool->workers = calloc(threads < 1 ? 1 : (size_t)threads,
                           sizeof(*pool->workers));
    if (!pool->slots || !pool->workers)
        goto out;
    for (i = 0; i < threads; i++) {
        if (pthread_create(&pool->workers[i], NULL, pool_worker, pool) != 0)
            break;
        pool->nworkers++;
    }
    /* Fewer workers than asked still make progress; none cannot. */
    rc = WS_INTERNAL;
    if (pool->nworkers == 0)
        goto out;
    if (pthread_create(&pool->writer, NULL, pool_writer, pool) != 0)
        goto out;
    pool->has_writer = 1;
    *out = pool;
    pool = NULL;
    rc = 0;
out:
    if (pool) {
        pool_join(pool);
        pool_free(pool);
    }
    return rc;
}

int
pool_submit(struct pool *pool, struct record *rec)
{
    struct slot *slot;

    pthread_mutex_lock(&pool->lock);
    while (pool->tail - pool->head == pool->window && !pool->stopped)
        pthread_cond_wait(&pool->space_cv, &pool->lock);
    if (pool->stopped) {
        pthread_mutex_unlock(&pool->lock);
        record_clear(rec);
        return -1;
    }
    slot = &pool->slots[pool->tail % pool->window];
    slot->rec = *rec;
    slot->done = 0;
    pool->tail++;
    pthread_cond_signal(&pool->work_cv);
    pthread_mutex_unlock(&pool->lock);
    memset(rec, 0, sizeof(*rec));
    return 0;
}

int
pool_finish(struct pool *pool)
{
    int stopped;

    pool_join(pool);
    stopped = pool->stopped;
    pool_free(pool);
    return stopped ? -1 : 0;
}
