/*
 * A small, single-threaded implementation of system/event.h for the
 * network unit tests: the test drives the loop itself, one round at a time,
 * so it decides when host sockets and timers are serviced.
 */
#ifndef XRUN_TESTS_NET_EVENT_FAKE_H
#define XRUN_TESTS_NET_EVENT_FAKE_H

/* One round of the loop: fills the poll set from the hooks and watches,
 * polls for at most max_ms (less if a timer is due sooner), dispatches, and
 * runs the timers that are due. */
void net_fake_step(int max_ms);

/* How many times ev_kick was called. */
int net_fake_kicks(void);

#endif
