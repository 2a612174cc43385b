/*
 * A test-only system/event.h: timers in a fixed table, poll hooks and fd
 * watches serviced by net_fake_step from the test's own thread. Time is the
 * host's CLOCK_MONOTONIC, as in the real loop, so libslirp's TCP timers
 * behave as they do in the emulator.
 */
#include <poll.h>
#include <pthread.h>
#include <stdlib.h>
#include <time.h>

#include "system/event.h"
#include "tests/unit/net_event_fake.h"
#include "xrun/util.h"

#define FAKE_MAX_TIMERS 64
#define FAKE_MAX_HOOKS 8
#define FAKE_MAX_FDS 256
#define FAKE_MAX_WATCHES 16

struct Timer {
    void (*cb)(void *opaque);
    void *opaque;
    int64_t deadline;
    bool armed;
    bool used;
};

typedef struct FakeWatch {
    int fd;
    short events;
    void (*cb)(void *opaque, short revents);
    void *opaque;
} FakeWatch;

static Timer fake_timers[FAKE_MAX_TIMERS];
static const EvPollHook *fake_hooks[FAKE_MAX_HOOKS];
static int fake_n_hooks;
static FakeWatch fake_watches[FAKE_MAX_WATCHES];
static int fake_n_watches;
static struct pollfd fake_fds[FAKE_MAX_FDS];
static int fake_n_fds;
static int fake_kicks;
static pthread_mutex_t fake_lock = PTHREAD_MUTEX_INITIALIZER;

static int64_t fake_clock(clockid_t id)
{
    struct timespec ts;
    clock_gettime(id, &ts);
    return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

int64_t clock_ns(void)
{
    return fake_clock(CLOCK_MONOTONIC);
}

int64_t clock_realtime_ns(void)
{
    return fake_clock(CLOCK_REALTIME);
}

Timer *timer_new(void (*cb)(void *opaque), void *opaque)
{
    for (int i = 0; i < FAKE_MAX_TIMERS; i++) {
        if (!fake_timers[i].used) {
            fake_timers[i] = (Timer){ .cb = cb, .opaque = opaque, .used = true };
            return &fake_timers[i];
        }
    }
    xr_fatal("net_event_fake: more than %d timers", FAKE_MAX_TIMERS);
}

void timer_mod(Timer *t, int64_t deadline_ns)
{
    t->deadline = deadline_ns;
    t->armed = true;
}

void timer_del(Timer *t)
{
    t->armed = false;
}

bool timer_pending(const Timer *t)
{
    return t->armed;
}

void timer_free(Timer *t)
{
    t->used = false;
    t->armed = false;
}

void ev_watch_fd(int fd, short events, void (*cb)(void *opaque, short revents), void *opaque)
{
    for (int i = 0; i < fake_n_watches; i++) {
        if (fake_watches[i].fd == fd) {
            fake_watches[i] = (FakeWatch){ fd, events, cb, opaque };
            return;
        }
    }
    if (fake_n_watches == FAKE_MAX_WATCHES)
        xr_fatal("net_event_fake: more than %d fd watches", FAKE_MAX_WATCHES);
    fake_watches[fake_n_watches++] = (FakeWatch){ fd, events, cb, opaque };
}

void ev_unwatch_fd(int fd)
{
    for (int i = 0; i < fake_n_watches; i++)
        if (fake_watches[i].fd == fd)
            fake_watches[i] = fake_watches[--fake_n_watches];
}

void ev_add_poll_hook(const EvPollHook *hook)
{
    if (fake_n_hooks == FAKE_MAX_HOOKS)
        xr_fatal("net_event_fake: more than %d poll hooks", FAKE_MAX_HOOKS);
    fake_hooks[fake_n_hooks++] = hook;
}

int ev_poll_add(int fd, short events)
{
    if (fake_n_fds == FAKE_MAX_FDS)
        xr_fatal("net_event_fake: more than %d fds in one poll", FAKE_MAX_FDS);
    fake_fds[fake_n_fds] = (struct pollfd){ .fd = fd, .events = events };
    return fake_n_fds++;
}

short ev_poll_revents(int idx)
{
    if (idx < 0 || idx >= fake_n_fds)
        return 0;
    return fake_fds[idx].revents;
}

void ev_loop_start(void)
{
}

void ev_kick(void)
{
    fake_kicks++;
}

void ev_loop_stop(void)
{
}

void sys_lock(void)
{
    pthread_mutex_lock(&fake_lock);
}

void sys_unlock(void)
{
    pthread_mutex_unlock(&fake_lock);
}

int net_fake_kicks(void)
{
    return fake_kicks;
}

static void fake_run_timers(void)
{
    int64_t now = clock_ns();
    for (int i = 0; i < FAKE_MAX_TIMERS; i++) {
        Timer *t = &fake_timers[i];
        if (t->used && t->armed && t->deadline <= now) {
            t->armed = false;
            t->cb(t->opaque);
        }
    }
}

void net_fake_step(int max_ms)
{
    uint32_t timeout = (uint32_t)max_ms;
    int64_t now = clock_ns();
    for (int i = 0; i < FAKE_MAX_TIMERS; i++) {
        const Timer *t = &fake_timers[i];
        if (t->used && t->armed) {
            int64_t ms = t->deadline <= now ? 0 : (t->deadline - now + 999999) / 1000000;
            if (ms < timeout)
                timeout = (uint32_t)ms;
        }
    }
    fake_n_fds = 0;
    for (int i = 0; i < fake_n_watches; i++)
        ev_poll_add(fake_watches[i].fd, fake_watches[i].events);
    int hook_base = fake_n_fds;
    for (int i = 0; i < fake_n_hooks; i++)
        fake_hooks[i]->fill(fake_hooks[i]->opaque, &timeout);
    int rc = poll(fake_fds, fake_n_fds, (int)timeout);
    for (int i = 0; i < hook_base && rc > 0; i++)
        if (fake_fds[i].revents)
            fake_watches[i].cb(fake_watches[i].opaque, fake_fds[i].revents);
    for (int i = 0; i < fake_n_hooks; i++)
        fake_hooks[i]->dispatch(fake_hooks[i]->opaque, rc < 0);
    fake_run_timers();
}
