/*
 * Unit tests of the event loop (system/event.c): timers fire earliest first,
 * re-arm and delete, fd watches and poll hooks see their fds ready, another
 * thread's timer_mod wakes a loop that sleeps with no deadline, callbacks
 * run under the device lock on a thread that blocks every signal.
 *
 * Each Criterion test runs in its own process, so each starts a fresh loop.
 * Results are read under the device lock (callbacks write them under it).
 */
#include <criterion/criterion.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <unistd.h>

#include "system/event.h"

#define MS 1000000LL

static int order[16];
static int n_fired;

static void record(void *opaque)
{
    if (n_fired < 16)
        order[n_fired] = (int)(intptr_t)opaque;
    n_fired++;
}

/* Timers made by a test, freed after it (the loop has stopped by then). */
static Timer *made[16];
static int n_made;

static Timer *new_timer(void (*cb)(void *), void *opaque)
{
    Timer *t = timer_new(cb, opaque);
    made[n_made++] = t;
    return t;
}

static void free_timers(void)
{
    ev_loop_stop();
    for (int i = 0; i < n_made; i++)
        timer_free(made[i]);
}

TestSuite(event, .fini = free_timers);

/* Polls *counter (under the device lock) until it reaches want or ms pass. */
static int wait_count(const int *counter, int want, int ms)
{
    int v = 0;
    for (int i = 0; i < ms; i++) {
        sys_lock();
        v = *counter;
        sys_unlock();
        if (v >= want)
            break;
        usleep(1000);
    }
    return v;
}

Test(event, clocks_advance_and_realtime_is_wall_clock)
{
    int64_t a = clock_ns();
    usleep(2000);
    int64_t b = clock_ns();
    cr_assert_geq(b - a, 2 * MS, "monotonic advanced %lld ns over a 2 ms sleep", (long long)(b - a));
    /* 2020-01-01 in ns: any host that runs this is later. */
    cr_assert_gt(clock_realtime_ns(), 1577836800LL * 1000000000);
}

Test(event, timers_fire_earliest_deadline_first)
{
    Timer *t1 = new_timer(record, (void *)1);
    Timer *t2 = new_timer(record, (void *)2);
    Timer *t3 = new_timer(record, (void *)3);
    int64_t now = clock_ns();

    sys_lock();
    timer_mod(t1, now + 30 * MS);
    timer_mod(t2, now + 10 * MS);
    timer_mod(t3, now + 20 * MS);
    sys_unlock();
    ev_loop_start();
    cr_assert_eq(wait_count(&n_fired, 3, 2000), 3);
    ev_loop_stop();
    cr_assert_eq(order[0], 2);
    cr_assert_eq(order[1], 3);
    cr_assert_eq(order[2], 1);
    cr_assert_not(timer_pending(t1));
}

Test(event, equal_deadlines_fire_in_arming_order)
{
    Timer *t[4];
    int64_t when = clock_ns() + 5 * MS;
    for (int i = 0; i < 4; i++) {
        t[i] = new_timer(record, (void *)(intptr_t)(i + 1));
        timer_mod(t[i], when);
    }
    ev_loop_start();
    cr_assert_eq(wait_count(&n_fired, 4, 2000), 4);
    ev_loop_stop();
    for (int i = 0; i < 4; i++)
        cr_assert_eq(order[i], i + 1);
}

Test(event, rearming_moves_the_deadline)
{
    Timer *t = new_timer(record, (void *)7);
    timer_mod(t, clock_ns() + 10000 * MS);
    ev_loop_start();
    timer_mod(t, clock_ns() + 5 * MS);
    cr_assert_eq(wait_count(&n_fired, 1, 2000), 1, "re-armed timer fired");
    usleep(30000);
    ev_loop_stop();
    cr_assert_eq(n_fired, 1, "a re-armed timer fires once");
}

static Timer *periodic;
static int64_t last_tick;

static void tick(void *opaque)
{
    n_fired++;
    last_tick = clock_ns();
    if (n_fired < 5)
        timer_mod(periodic, clock_ns() + 2 * MS);
}

Test(event, callback_rearms_its_own_timer)
{
    periodic = new_timer(tick, NULL);
    int64_t start = clock_ns();
    timer_mod(periodic, start + 2 * MS);
    ev_loop_start();
    cr_assert_eq(wait_count(&n_fired, 5, 2000), 5);
    usleep(20000);
    ev_loop_stop();
    cr_assert_eq(n_fired, 5);
    cr_assert_geq(last_tick - start, 10 * MS, "five 2 ms periods took %lld ns", (long long)(last_tick - start));
}

Test(event, deleted_timer_does_not_fire)
{
    Timer *t = new_timer(record, (void *)1);
    Timer *keep = new_timer(record, (void *)2);
    timer_mod(t, clock_ns() + 5 * MS);
    cr_assert(timer_pending(t));
    timer_del(t);
    cr_assert_not(timer_pending(t));
    timer_del(t);   /* a no-op when disarmed */
    timer_mod(keep, clock_ns() + 20 * MS);
    ev_loop_start();
    cr_assert_eq(wait_count(&n_fired, 1, 2000), 1);
    ev_loop_stop();
    cr_assert_eq(n_fired, 1);
    cr_assert_eq(order[0], 2, "only the armed timer fired");
}

Test(event, timer_waits_for_the_device_lock)
{
    Timer *t = new_timer(record, (void *)1);
    ev_loop_start();
    sys_lock();
    timer_mod(t, clock_ns());
    usleep(30000);
    cr_assert_eq(n_fired, 0, "a callback ran while another thread held the device lock");
    sys_unlock();
    cr_assert_eq(wait_count(&n_fired, 1, 2000), 1);
    ev_loop_stop();
}

static int pipe_fds[2];
static short seen_revents;
static char seen_byte;

static void on_readable(void *opaque, short revents)
{
    seen_revents = revents;
    if (read(pipe_fds[0], &seen_byte, 1) == 1)
        n_fired++;
}

Test(event, fd_watch_calls_back_when_readable)
{
    cr_assert_eq(pipe(pipe_fds), 0);
    ev_watch_fd(pipe_fds[0], POLLIN, on_readable, NULL);
    ev_loop_start();
    usleep(10000);
    cr_assert_eq(wait_count(&n_fired, 1, 1), 0, "no callback before data");
    cr_assert_eq(write(pipe_fds[1], "A", 1), 1);
    cr_assert_eq(wait_count(&n_fired, 1, 2000), 1);
    cr_assert(seen_revents & POLLIN);
    cr_assert_eq(seen_byte, 'A');

    /* After unwatching, data stays unread. */
    ev_unwatch_fd(pipe_fds[0]);
    cr_assert_eq(write(pipe_fds[1], "B", 1), 1);
    usleep(30000);
    ev_loop_stop();
    cr_assert_eq(n_fired, 1);
    char c = 0;
    cr_assert_eq(read(pipe_fds[0], &c, 1), 1);
    cr_assert_eq(c, 'B');
}

static int hook_idx = -1;
static int n_fill, n_dispatch_ready;
static uint32_t fill_timeout_seen;

static void hook_fill(void *opaque, uint32_t *timeout_ms)
{
    n_fill++;
    fill_timeout_seen = *timeout_ms;
    hook_idx = ev_poll_add(pipe_fds[0], POLLIN);
    if (*timeout_ms > 5)
        *timeout_ms = 5;
}

static void hook_dispatch(void *opaque, bool error)
{
    char c;
    if (!error && (ev_poll_revents(hook_idx) & POLLIN) && read(pipe_fds[0], &c, 1) == 1)
        n_dispatch_ready++;
}

Test(event, poll_hook_adds_fds_and_lowers_the_timeout)
{
    static const EvPollHook hook = { hook_fill, hook_dispatch, NULL };
    cr_assert_eq(pipe(pipe_fds), 0);
    ev_add_poll_hook(&hook);
    ev_loop_start();
    /* No timer is armed: only the hook's 5 ms timeout makes rounds go by. */
    cr_assert_geq(wait_count(&n_fill, 5, 2000), 5, "rounds with a 5 ms hook timeout");
    sys_lock();
    cr_assert_eq(fill_timeout_seen, UINT32_MAX, "no timer: the hook sees no deadline");
    cr_assert_eq(n_dispatch_ready, 0);
    sys_unlock();
    cr_assert_eq(write(pipe_fds[1], "x", 1), 1);
    cr_assert_eq(wait_count(&n_dispatch_ready, 1, 2000), 1);
    ev_loop_stop();
    cr_assert_eq(ev_poll_revents(1000), 0, "an index out of the set reads as no events");
}

Test(event, hook_sees_the_timer_deadline)
{
    static const EvPollHook hook = { hook_fill, hook_dispatch, NULL };
    Timer *t = new_timer(record, (void *)1);
    cr_assert_eq(pipe(pipe_fds), 0);
    ev_add_poll_hook(&hook);
    timer_mod(t, clock_ns() + 100000 * MS);
    ev_loop_start();
    cr_assert_geq(wait_count(&n_fill, 2, 2000), 2);
    ev_loop_stop();
    cr_assert_gt(fill_timeout_seen, 99000);
    cr_assert_leq(fill_timeout_seen, 100000);
}

static void *arm_from_thread(void *arg)
{
    timer_mod(arg, clock_ns());
    return NULL;
}

Test(event, timer_mod_from_another_thread_wakes_the_loop)
{
    Timer *t = new_timer(record, (void *)1);
    pthread_t th;
    ev_loop_start();
    usleep(20000);   /* the loop is asleep with no deadline */
    cr_assert_eq(pthread_create(&th, NULL, arm_from_thread, t), 0);
    pthread_join(th, NULL);
    /* Without the wake-up the loop would sleep for ever: no timer was
     * armed when it went to sleep and nothing else is watched. */
    cr_assert_eq(wait_count(&n_fired, 1, 2000), 1);
    ev_loop_stop();
}

static int blocked_ok;

static void check_mask(void *opaque)
{
    sigset_t set;
    pthread_sigmask(SIG_BLOCK, NULL, &set);
    blocked_ok = sigismember(&set, SIGINT) && sigismember(&set, SIGUSR1) && sigismember(&set, SIGALRM)
                 && sigismember(&set, SIGTERM);
    n_fired++;
}

Test(event, loop_thread_blocks_all_signals)
{
    Timer *t = new_timer(check_mask, NULL);
    timer_mod(t, clock_ns());
    ev_loop_start();
    cr_assert_eq(wait_count(&n_fired, 1, 2000), 1);
    ev_loop_stop();
    cr_assert(blocked_ok);
    /* The starting thread's own mask is left as it was. */
    sigset_t set;
    pthread_sigmask(SIG_BLOCK, NULL, &set);
    cr_assert_not(sigismember(&set, SIGUSR1));
}

Test(event, stopped_loop_runs_nothing)
{
    Timer *t = new_timer(record, (void *)1);
    ev_loop_start();
    ev_loop_stop();
    timer_mod(t, clock_ns());
    usleep(20000);
    cr_assert_eq(n_fired, 0);
    ev_loop_start();   /* and it starts again */
    cr_assert_eq(wait_count(&n_fired, 1, 2000), 1);
    ev_loop_stop();
}
