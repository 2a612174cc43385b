/*
 * The GDB remote serial protocol stub, shared by user and system mode.
 *
 * gdbstub/gdbstub.c owns the socket and the packets. It knows neither the
 * guest nor the mode: the guest's register file comes from a GdbArch (one
 * per guest, e.g. arm_gdb_arch in frontends/arm/gdb.c) and threads, memory,
 * stopping and resuming from a GdbTarget (linux-user/gdbstub_user.c for
 * user mode). The stub runs in its own host thread:
 *
 *   stopped:  read a packet, answer it (registers, memory, breakpoints)
 *   resume:   vCont/c/s -> target->resume(actions), then wait for either
 *             a stop event from the target or 0x03 (Ctrl-C) on the socket
 *   stop:     target->wait_stop() stops every thread, the stub sends
 *             "T05thread:1f2e;" (or W/X when the guest ended)
 *
 * Threads are named by their host tid, as qemu-user and gdbserver do.
 */
#ifndef XRUN_GDBSTUB_H
#define XRUN_GDBSTUB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "xrun/cpu.h"

/* GDB's own signal numbers (its enum gdb_signal), used on the wire. */
enum { GDB_SIGNAL_0 = 0, GDB_SIGNAL_INT = 2, GDB_SIGNAL_TRAP = 5 };

/* A guest's registers as gdb numbers them in the target description. */
typedef struct GdbArch {
    const char *xml_name;         /* "target.xml" */
    const char *(*get_xml)(void); /* its text */
    int num_regs;                 /* registers 0..num_regs-1, in 'g' order */
    /* Stores register n of cpu at buf (target byte order); returns its
     * size in bytes, or 0 if there is no such register. */
    int (*read_reg)(CPUState *cpu, uint8_t *buf, int n);
    /* Sets register n from buf; returns the size consumed, or 0. */
    int (*write_reg)(CPUState *cpu, const uint8_t *buf, int n);
} GdbArch;

/* What a resume asks of one thread. */
enum { GDB_ACT_STOP = 0, GDB_ACT_CONT, GDB_ACT_STEP };

typedef struct GdbResume {
    long tid;   /* -1: every thread without its own action */
    int action; /* GDB_ACT_* */
    int sig;    /* Linux signal to deliver when resuming, or 0 */
} GdbResume;

/* Why the guest stopped (target->wait_stop). The end of the guest is
 * reported by gdbserver_report_exit instead. */
typedef struct GdbStop {
    long tid; /* the thread that stopped */
    int sig;  /* its Linux signal number (SIGTRAP for a
               * breakpoint or a finished step) */
} GdbStop;

/* The mode's side: threads, guest memory, running and stopping. Called from
 * the stub's thread only; registers and memory only while stopped. */
typedef struct GdbTarget {
    /* Fills ids with up to max thread ids; returns how many there are. */
    int (*thread_list)(long *ids, int max);
    /* The cpu of thread tid, or NULL if it does not exist. */
    CPUState *(*thread_cpu)(long tid);
    /* Copies guest memory; returns the bytes done (stops at the first page
     * that cannot be accessed). A write drops translated code there. */
    size_t (*read_mem)(uint64_t addr, uint8_t *buf, size_t len);
    size_t (*write_mem)(uint64_t addr, const uint8_t *buf, size_t len);
    /* Copies up to len bytes of the guest's ELF auxiliary vector from
     * offset off (what gdb reads as qXfer:auxv to find a PIE's or the
     * dynamic linker's load address); returns the bytes done. NULL: none. */
    size_t (*read_auxv)(uint64_t off, uint8_t *buf, size_t len);
    /* The guest program's path (qXfer:exec-file, so that gdb needs no
     * file argument), or NULL. */
    const char *(*exec_file)(void);
    /* Lets the threads run as actions say (n entries, first match wins). */
    void (*resume)(const GdbResume *actions, int n);
    /* Returns a file descriptor that becomes readable when a stop event is
     * waiting (a thread hit a breakpoint, finished a step, got a signal). */
    int (*event_fd)(void);
    /* Stops every thread and describes why. interrupt: no thread reported,
     * gdb asked (Ctrl-C); the stop is a SIGINT of some thread. Returns false
     * if nothing is pending (a spurious wakeup). */
    bool (*wait_stop)(GdbStop *stop, bool interrupt);
    /* gdb said k: end the guest now. */
    void (*kill)(void);
    /* gdb left (D or closed the connection): run on without a debugger. */
    void (*detach)(void);
    /* gdb just connected: stop every thread before the first packet is
     * served. NULL: the guest is stopped from the start. */
    void (*attach)(void);
    /* A q/Q packet the stub does not know (e.g. "Qqemu.PhysMemMode:1"):
     * writes the reply into reply (max bytes) and returns true, or false
     * for "not supported". NULL: none. */
    bool (*query)(const char *pkt, char *reply, size_t max);
} GdbTarget;

/*
 * Listens on TCP 127.0.0.1:port and waits for gdb to connect (prints one
 * line saying so). The guest is stopped from the start: first_tid is the
 * thread reported by '?'. Then serves gdb in a new host thread. Returns 0,
 * or prints one "xrun: ..." line and returns -1.
 */
int gdbserver_start(int port, const GdbArch *arch, const GdbTarget *target, long first_tid);

/* For a guest that runs while the stub waits, and a stub that takes gdb
 * again after it detached (system mode, as qemu-system): gdbserver_listen
 * opens the socket (printing what gdbserver_start prints) and returns it,
 * or -1. gdbserver_serve, on a thread of its own, then waits for gdb on
 * it, calls target->attach, serves the connection until gdb leaves, and
 * waits for the next one; it returns -1 (with a message) only if accepting
 * fails. */
int gdbserver_listen(int port);
int gdbserver_serve(int listen_fd, const GdbArch *arch, const GdbTarget *target, long first_tid);

/* The thread whose memory view gdb means: the one chosen by Hg, else the
 * one of the last stop. */
long gdbserver_current_tid(void);

/* True while a gdb is connected. */
bool gdbserver_attached(void);

/* The guest ends (exit status, or killed by Linux signal sig if sig != 0):
 * tells gdb (W or X packet) before the process goes. Any thread may call it. */
void gdbserver_report_exit(int status, int sig);

/* In a forked child: the connection belongs to the parent. Drops it and
 * every breakpoint without telling gdb; the child runs undebugged. */
void gdbserver_forget(void);

/* Linux signal number <-> gdb's signal number. */
int gdb_signal_from_host(int sig);
int gdb_signal_to_host(int gsig);

#endif
