# system/event.mk: the event loop (device time, timers, fd watches, poll
# hooks, the device lock).
SYS_SRCS += system/event.c
UNIT_TESTS += tests/unit/event_test.c
