# system/event.mk: the event loop (device time, timers, fd watches, poll
# hooks, the device lock) and the character backends of consoles and UARTs.
SYS_SRCS += system/event.c system/chardev.c
UNIT_TESTS += tests/unit/event_test.c tests/unit/chardev_test.c
