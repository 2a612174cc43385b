/*
 * The event loop of system mode: device time, timers, fd watches, poll
 * hooks and the device lock (system/event.h).
 *
 * One thread sleeps in ppoll() on
 *   - an eventfd other threads write to (ev_kick) so the loop recomputes its
 *     deadline and fd set at once,
 *   - the watched fds (ev_watch_fd),
 *   - the fds the poll hooks add for this round (libslirp),
 * with the earliest timer deadline as its timeout. On waking it takes the
 * device lock and runs, in this order: expired timers (earliest first),
 * fd callbacks, poll-hook dispatch.
 *
 * Two locks: the device lock (sys_lock) that every callback runs under, and
 * ev_state.mu, a leaf lock over the timer list and the watch table. The
 * latter lets timer_mod work from any thread whether or not it holds the
 * device lock (a vCPU thread inside an MMIO callback holds it; a board
 * thread setting up devices may not). Callbacks are never called with
 * ev_state.mu held, so they may arm timers and change watches freely.
 */
#include "system/event.h"

#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <time.h>
#include <unistd.h>

#include "xrun/util.h"

struct Timer {
    void (*cb)(void *opaque);
    void *opaque;
    int64_t deadline;
    bool armed;
    Timer *next;          /* in ev_state.timers, sorted by deadline */
};

typedef struct EvWatch {
    int fd;
    short events;
    void (*cb)(void *opaque, short revents);
    void *opaque;
    uint64_t gen;         /* changes on every (re)registration */
} EvWatch;

/* One entry of the round's poll set, and where it came from. */
typedef struct EvSlot {
    int fd;
    uint64_t watch_gen;   /* 0: the wake fd or a poll-hook fd */
} EvSlot;

static struct {
    pthread_once_t once;
    pthread_mutex_t dev_lock;
    pthread_mutex_t mu;        /* timers and watches */
    int wake_fd;
    Timer *timers;
    EvWatch *watches;
    int n_watches, cap_watches;
    uint64_t next_gen;
    EvPollHook *hooks;
    int n_hooks;
    EvPollHook *round_hooks;   /* this round's copy (loop thread only) */
    int n_round_hooks;
    /* The current round's poll set (loop thread only). */
    struct pollfd *pfds;
    EvSlot *slots;
    int n_pfds, cap_pfds;
    pthread_t thread;
    bool running;
    volatile bool stop;
} ev_state = {
    .once = PTHREAD_ONCE_INIT,
    .dev_lock = PTHREAD_MUTEX_INITIALIZER,
    .mu = PTHREAD_MUTEX_INITIALIZER,
    .wake_fd = -1,
};

static void ev_init_once(void)
{
    ev_state.wake_fd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
    if (ev_state.wake_fd < 0)
        xr_error("event loop: eventfd: %s (timers armed from other threads wake the loop late)",
                 strerror(errno));
}

static void *ev_realloc(void *p, size_t n)
{
    p = realloc(p, n);
    if (!p)
        xr_fatal("out of memory (%zu bytes)", n);
    return p;
}

static void ev_init(void)
{
    pthread_once(&ev_state.once, ev_init_once);
}

/* -- Clocks -- */

static int64_t ev_clock(clockid_t id)
{
    struct timespec ts;
    clock_gettime(id, &ts);
    return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

int64_t clock_ns(void)
{
    return ev_clock(CLOCK_MONOTONIC);
}

int64_t clock_realtime_ns(void)
{
    return ev_clock(CLOCK_REALTIME);
}

/* -- Device lock -- */

void sys_lock(void)
{
    pthread_mutex_lock(&ev_state.dev_lock);
}

void sys_unlock(void)
{
    pthread_mutex_unlock(&ev_state.dev_lock);
}

/* -- Wake-up -- */

void ev_kick(void)
{
    uint64_t one = 1;
    ev_init();
    /* EAGAIN means the counter is already non-zero: the loop will wake. */
    if (ev_state.wake_fd >= 0 && write(ev_state.wake_fd, &one, sizeof(one)) < 0 && errno != EAGAIN)
        xr_error("event loop: wake-up write: %s", strerror(errno));
}

static void ev_drain_wake(void)
{
    uint64_t v;
    while (read(ev_state.wake_fd, &v, sizeof(v)) > 0) {
    }
}

static bool ev_on_loop_thread(void)
{
    return ev_state.running && pthread_equal(pthread_self(), ev_state.thread);
}

/* -- Timers -- */

Timer *timer_new(void (*cb)(void *opaque), void *opaque)
{
    Timer *t = xr_calloc(1, sizeof(*t));
    ev_init();
    t->cb = cb;
    t->opaque = opaque;
    return t;
}

/* Unlinks t from the list; ev_state.mu held. */
static void timer_unlink(Timer *t)
{
    for (Timer **pp = &ev_state.timers; *pp; pp = &(*pp)->next) {
        if (*pp == t) {
            *pp = t->next;
            break;
        }
    }
    t->next = NULL;
    t->armed = false;
}

void timer_mod(Timer *t, int64_t deadline_ns)
{
    Timer **pp;
    bool new_head;

    pthread_mutex_lock(&ev_state.mu);
    if (t->armed)
        timer_unlink(t);
    /* After every timer with a deadline <= this one: equal deadlines fire in
     * the order they were armed. */
    for (pp = &ev_state.timers; *pp && (*pp)->deadline <= deadline_ns; pp = &(*pp)->next) {
    }
    t->deadline = deadline_ns;
    t->armed = true;
    t->next = *pp;
    *pp = t;
    new_head = ev_state.timers == t;
    pthread_mutex_unlock(&ev_state.mu);

    /* The loop thread recomputes its deadline before sleeping anyway. */
    if (new_head && !ev_on_loop_thread())
        ev_kick();
}

void timer_del(Timer *t)
{
    pthread_mutex_lock(&ev_state.mu);
    if (t->armed)
        timer_unlink(t);
    pthread_mutex_unlock(&ev_state.mu);
}

bool timer_pending(const Timer *t)
{
    bool armed;
    pthread_mutex_lock(&ev_state.mu);
    armed = t->armed;
    pthread_mutex_unlock(&ev_state.mu);
    return armed;
}

void timer_free(Timer *t)
{
    if (!t)
        return;
    timer_del(t);
    free(t);
}

/* Runs every timer whose deadline is at or before now; device lock held.
 * now is fixed for the round so that a callback re-arming its timer for
 * clock_ns() + period cannot keep this loop busy. */
static void ev_run_timers(int64_t now)
{
    for (;;) {
        Timer *t;
        pthread_mutex_lock(&ev_state.mu);
        t = ev_state.timers;
        if (!t || t->deadline > now) {
            pthread_mutex_unlock(&ev_state.mu);
            return;
        }
        timer_unlink(t);
        pthread_mutex_unlock(&ev_state.mu);
        t->cb(t->opaque);
    }
}

/* The earliest deadline, or INT64_MAX when no timer is armed. */
static int64_t ev_next_deadline(void)
{
    int64_t d;
    pthread_mutex_lock(&ev_state.mu);
    d = ev_state.timers ? ev_state.timers->deadline : INT64_MAX;
    pthread_mutex_unlock(&ev_state.mu);
    return d;
}

/* -- Fd watches -- */

static int ev_find_watch(int fd)
{
    for (int i = 0; i < ev_state.n_watches; i++)
        if (ev_state.watches[i].fd == fd)
            return i;
    return -1;
}

void ev_watch_fd(int fd, short events, void (*cb)(void *opaque, short revents), void *opaque)
{
    int i;

    pthread_mutex_lock(&ev_state.mu);
    i = ev_find_watch(fd);
    if (i < 0) {
        if (ev_state.n_watches == ev_state.cap_watches) {
            ev_state.cap_watches = ev_state.cap_watches ? 2 * ev_state.cap_watches : 8;
            ev_state.watches = ev_realloc(ev_state.watches, ev_state.cap_watches * sizeof(EvWatch));
        }
        i = ev_state.n_watches++;
    }
    ev_state.watches[i] = (EvWatch){ fd, events, cb, opaque, ++ev_state.next_gen };
    pthread_mutex_unlock(&ev_state.mu);
    if (!ev_on_loop_thread())
        ev_kick();
}

void ev_unwatch_fd(int fd)
{
    int i;

    pthread_mutex_lock(&ev_state.mu);
    i = ev_find_watch(fd);
    if (i >= 0)
        ev_state.watches[i] = ev_state.watches[--ev_state.n_watches];
    pthread_mutex_unlock(&ev_state.mu);
    if (i >= 0 && !ev_on_loop_thread())
        ev_kick();
}

/* -- Poll set of one round -- */

static int ev_slot_add(int fd, short events, uint64_t watch_gen)
{
    int i;
    if (ev_state.n_pfds == ev_state.cap_pfds) {
        ev_state.cap_pfds = ev_state.cap_pfds ? 2 * ev_state.cap_pfds : 16;
        ev_state.pfds = ev_realloc(ev_state.pfds, ev_state.cap_pfds * sizeof(struct pollfd));
        ev_state.slots = ev_realloc(ev_state.slots, ev_state.cap_pfds * sizeof(EvSlot));
    }
    i = ev_state.n_pfds++;
    ev_state.pfds[i] = (struct pollfd){ .fd = fd, .events = events };
    ev_state.slots[i] = (EvSlot){ fd, watch_gen };
    return i;
}

int ev_poll_add(int fd, short events)
{
    return ev_slot_add(fd, events, 0);
}

short ev_poll_revents(int idx)
{
    if (idx < 0 || idx >= ev_state.n_pfds)
        return 0;
    return ev_state.pfds[idx].revents;
}

void ev_add_poll_hook(const EvPollHook *hook)
{
    pthread_mutex_lock(&ev_state.mu);
    ev_state.hooks = ev_realloc(ev_state.hooks, (ev_state.n_hooks + 1) * sizeof(EvPollHook));
    ev_state.hooks[ev_state.n_hooks++] = *hook;
    pthread_mutex_unlock(&ev_state.mu);
    if (!ev_on_loop_thread())
        ev_kick();
}

/* Fills the poll set and returns the timeout in ns (-1: none); device lock
 * held, so poll hooks fill under it. */
static int64_t ev_fill(void)
{
    int64_t deadline, timeout_ns;
    uint32_t timeout_ms;

    ev_state.n_pfds = 0;
    if (ev_state.wake_fd >= 0)
        ev_slot_add(ev_state.wake_fd, POLLIN, 0);
    pthread_mutex_lock(&ev_state.mu);
    for (int i = 0; i < ev_state.n_watches; i++) {
        EvWatch *w = &ev_state.watches[i];
        ev_slot_add(w->fd, w->events, w->gen);
    }
    /* A copy, so a hook added by a callback waits for the next round. */
    ev_state.n_round_hooks = ev_state.n_hooks;
    if (ev_state.n_hooks) {
        ev_state.round_hooks = ev_realloc(ev_state.round_hooks, ev_state.n_hooks * sizeof(EvPollHook));
        memcpy(ev_state.round_hooks, ev_state.hooks, ev_state.n_hooks * sizeof(EvPollHook));
    }
    pthread_mutex_unlock(&ev_state.mu);

    deadline = ev_next_deadline();
    if (deadline == INT64_MAX) {
        timeout_ns = -1;
    } else {
        timeout_ns = deadline - clock_ns();
        if (timeout_ns < 0)
            timeout_ns = 0;
    }
    /* Hooks see whole milliseconds, rounded up so a timer is never early. */
    timeout_ms = timeout_ns < 0 || timeout_ns / 1000000 >= UINT32_MAX - 1
                     ? UINT32_MAX
                     : (uint32_t)((timeout_ns + 999999) / 1000000);
    for (int i = 0; i < ev_state.n_round_hooks; i++) {
        uint32_t before = timeout_ms;
        ev_state.round_hooks[i].fill(ev_state.round_hooks[i].opaque, &timeout_ms);
        if (timeout_ms < before && (timeout_ns < 0 || (int64_t)timeout_ms * 1000000 < timeout_ns))
            timeout_ns = (int64_t)timeout_ms * 1000000;
    }
    return timeout_ns;
}

/* Calls the watch callbacks whose fds are ready; device lock held. A watch
 * removed or replaced by an earlier callback this round is skipped. */
static void ev_dispatch_watches(void)
{
    for (int i = 0; i < ev_state.n_pfds; i++) {
        EvWatch w = { 0 };
        int wi;
        short rev = ev_state.pfds[i].revents;
        if (!ev_state.slots[i].watch_gen || !rev)
            continue;
        pthread_mutex_lock(&ev_state.mu);
        wi = ev_find_watch(ev_state.slots[i].fd);
        if (wi >= 0)
            w = ev_state.watches[wi];
        if (wi >= 0 && (rev & POLLNVAL) && w.gen == ev_state.slots[i].watch_gen) {
            /* A closed fd would wake every round: drop its watch. */
            ev_state.watches[wi] = ev_state.watches[--ev_state.n_watches];
            xr_error("event loop: fd %d is not open; its watch is removed", w.fd);
        }
        pthread_mutex_unlock(&ev_state.mu);
        if (wi >= 0 && w.gen == ev_state.slots[i].watch_gen)
            w.cb(w.opaque, rev);
    }
}

/* -- The loop thread -- */

static void *ev_loop_main(void *arg)
{
    (void)arg;
    sys_lock();
    while (!ev_state.stop) {
        int64_t timeout_ns = ev_fill();
        struct timespec ts, *tsp = NULL;
        int n;
        bool error = false;

        if (timeout_ns >= 0) {
            ts.tv_sec = timeout_ns / 1000000000;
            ts.tv_nsec = timeout_ns % 1000000000;
            tsp = &ts;
        }
        sys_unlock();
        n = ppoll(ev_state.pfds, ev_state.n_pfds, tsp, NULL);
        if (n < 0) {
            error = errno != EINTR;
            if (error)
                xr_error("event loop: poll: %s", strerror(errno));
            for (int i = 0; i < ev_state.n_pfds; i++)
                ev_state.pfds[i].revents = 0;
        }
        sys_lock();
        if (ev_state.wake_fd >= 0 && ev_state.n_pfds > 0 && ev_state.pfds[0].revents)
            ev_drain_wake();
        ev_run_timers(clock_ns());
        ev_dispatch_watches();
        for (int i = 0; i < ev_state.n_round_hooks; i++)
            ev_state.round_hooks[i].dispatch(ev_state.round_hooks[i].opaque, error);
    }
    sys_unlock();
    return NULL;
}

void ev_loop_start(void)
{
    sigset_t all, old;
    int err;

    ev_init();
    if (ev_state.running)
        return;
    ev_state.stop = false;
    /* The new thread inherits this mask: no host signal is ever handled on
     * the loop thread. */
    sigfillset(&all);
    pthread_sigmask(SIG_SETMASK, &all, &old);
    err = pthread_create(&ev_state.thread, NULL, ev_loop_main, NULL);
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    if (err) {
        xr_error("event loop: cannot start its thread: %s", strerror(err));
        return;
    }
    ev_state.running = true;
}

void ev_loop_stop(void)
{
    if (!ev_state.running || ev_on_loop_thread())
        return;
    ev_state.stop = true;
    ev_kick();
    pthread_join(ev_state.thread, NULL);
    ev_state.running = false;
}
