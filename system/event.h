/*
 * Device time and the event loop of system mode.
 *
 * Guest-visible time is the host's CLOCK_MONOTONIC in nanoseconds
 * (clock_ns). Devices that act later (timers, a UART's transmit pacing,
 * the generic timer of a CPU) arm a Timer with an absolute deadline; one
 * event-loop thread sleeps in poll() until the earliest deadline or until a
 * watched file descriptor (stdin for the console, sockets of user-mode
 * networking) is ready, then runs the callbacks.
 *
 * The device lock serializes device state: every MMIO callback, timer
 * callback and fd callback runs with it held. Code outside those callbacks
 * that touches a device takes it with sys_lock()/sys_unlock(). It is not
 * recursive.
 *
 *     Timer *t = timer_new(rtc_tick, rtc);
 *     timer_mod(t, clock_ns() + 1000000000);   // rtc_tick(rtc) in 1 s
 */
#ifndef XRUN_SYSTEM_EVENT_H
#define XRUN_SYSTEM_EVENT_H

#include <stdbool.h>
#include <stdint.h>

/* Host CLOCK_MONOTONIC in ns: the time base of every device. */
int64_t clock_ns(void);
/* Host CLOCK_REALTIME in ns (for RTCs). */
int64_t clock_realtime_ns(void);

typedef struct Timer Timer;
/* A timer that calls cb(opaque) from the event loop, device lock held. */
Timer *timer_new(void (*cb)(void *opaque), void *opaque);
/* Arms (or re-arms) t for the absolute time deadline_ns. */
void timer_mod(Timer *t, int64_t deadline_ns);
/* Disarms t (a no-op if it is not armed). */
void timer_del(Timer *t);
bool timer_pending(const Timer *t);
void timer_free(Timer *t);

/* Calls cb(opaque, revents) from the event loop when fd has any of events
 * (POLLIN, POLLOUT). One watch per fd; a second call replaces it. */
void ev_watch_fd(int fd, short events, void (*cb)(void *opaque, short revents), void *opaque);
void ev_unwatch_fd(int fd);

/* A component with its own poll set (libslirp): before each poll, fill adds
 * its fds through ev_poll_add and may lower *timeout_ms; after it, dispatch
 * reads the results with ev_poll_revents. */
typedef struct EvPollHook {
    void (*fill)(void *opaque, uint32_t *timeout_ms);
    void (*dispatch)(void *opaque, bool error);
    void *opaque;
} EvPollHook;
void ev_add_poll_hook(const EvPollHook *hook);
/* Inside fill: adds fd to this round's poll set; returns its index. */
int ev_poll_add(int fd, short events);
/* Inside dispatch: the revents of the index ev_poll_add returned. */
short ev_poll_revents(int idx);

/* Starts the event-loop thread. */
void ev_loop_start(void);
/* Makes the loop recompute its deadline and fd set now (after a timer or
 * watch changed from another thread; timer_mod does this itself). */
void ev_kick(void);
/* Stops the loop thread and waits for it. */
void ev_loop_stop(void);

/* The device lock. */
void sys_lock(void);
void sys_unlock(void);

#endif
