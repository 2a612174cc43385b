/* mutex_pingpong — a token passed with a mutex and condition variables:
 * first back and forth between two threads, then around a ring of eight.
 * Each thread counts the turns it took; the counts and the token's final
 * value must be exact, so a lost wakeup hangs (timeout) and a double turn
 * shows in the totals. */
#include <pthread.h>
#include <stdio.h>

#define PINGPONG_ROUNDS 20000
#define RING_THREADS 8
#define RING_LAPS 2000

typedef struct Ring {
    pthread_mutex_t mu;
    pthread_cond_t cv[RING_THREADS];
    int nthreads;
    int turn;       /* whose move it is */
    unsigned token; /* incremented by every move */
    unsigned moves_left;
    unsigned moves[RING_THREADS];
} Ring;

typedef struct Arg {
    Ring *ring;
    int id;
} Arg;

static void *player(void *p)
{
    Arg *a = p;
    Ring *r = a->ring;
    pthread_mutex_lock(&r->mu);
    for (;;) {
        while (r->turn != a->id && r->moves_left)
            pthread_cond_wait(&r->cv[a->id], &r->mu);
        if (!r->moves_left)
            break;
        r->token++;
        r->moves[a->id]++;
        r->moves_left--;
        r->turn = (a->id + 1) % r->nthreads;
        if (r->moves_left)
            pthread_cond_signal(&r->cv[r->turn]);
        else
            for (int i = 0; i < r->nthreads; i++)
                pthread_cond_signal(&r->cv[i]);
    }
    pthread_mutex_unlock(&r->mu);
    return NULL;
}

static int play(int nthreads, unsigned total)
{
    Ring r = {.mu = PTHREAD_MUTEX_INITIALIZER, .nthreads = nthreads, .moves_left = total};
    pthread_t t[RING_THREADS];
    Arg args[RING_THREADS];
    for (int i = 0; i < nthreads; i++)
        pthread_cond_init(&r.cv[i], NULL);
    for (int i = 0; i < nthreads; i++) {
        args[i] = (Arg){&r, i};
        if (pthread_create(&t[i], NULL, player, &args[i])) {
            printf("FAIL pthread_create\n");
            return 1;
        }
    }
    for (int i = 0; i < nthreads; i++)
        pthread_join(t[i], NULL);
    int bad = 0;
    if (r.token != total) {
        printf("FAIL %d threads: token %u, want %u\n", nthreads, r.token, total);
        bad = 1;
    }
    for (int i = 0; i < nthreads; i++) {
        unsigned want = total / nthreads + ((unsigned)i < total % nthreads);
        if (r.moves[i] != want) {
            printf("FAIL %d threads: thread %d moved %u times, want %u\n", nthreads, i, r.moves[i],
                   want);
            bad = 1;
        }
    }
    for (int i = 0; i < nthreads; i++)
        pthread_cond_destroy(&r.cv[i]);
    return bad;
}

int main(void)
{
    if (play(2, 2 * PINGPONG_ROUNDS))
        return 1;
    printf("2 threads: %u moves\n", 2 * PINGPONG_ROUNDS);
    if (play(RING_THREADS, RING_THREADS * RING_LAPS))
        return 1;
    printf("%d threads: %u moves\n", RING_THREADS, RING_THREADS * RING_LAPS);
    if (play(3, 1000))
        return 1;
    printf("ok mutex_pingpong\n");
    return 0;
}
