/* race.h — two threads adding 1 to one counter 100000 times each through
 * an atomic add under test (an exclusive-access loop, an LSE atomic): the
 * total shows whether an update was lost. Link with -lpthread. */
#ifndef RACE_H
#define RACE_H
#include <pthread.h>
#include "xt.h"

typedef uint64_t (*race_add_fn)(void *p, uint64_t v);

static race_add_fn race_add;
static uint64_t race_counter;

static void *race_worker(void *arg)
{
    (void)arg;
    for (int i = 0; i < 100000; i++)
        race_add(&race_counter, 1);
    return NULL;
}

/* Runs the two threads, prints the total and checks it. */
static void race_check(race_add_fn add)
{
    pthread_t t[2];
    race_add = add;
    race_counter = 0;
    for (int i = 0; i < 2; i++)
        CHECK(pthread_create(&t[i], NULL, race_worker, NULL) == 0);
    for (int i = 0; i < 2; i++)
        pthread_join(t[i], NULL);
    printf("counter %llu\n", (unsigned long long)race_counter);
    CHECK(race_counter == 200000);
}
#endif
