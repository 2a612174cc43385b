/*
 * What /proc/self/maps shows beyond page flags: which guest ranges come
 * from a file (device, inode, offset, path), which are shared, and names
 * such as [heap], [stack] and [vectors]. Owned by mmap.c, which calls these
 * with mmap_lock held.
 */
#ifndef XRUN_LINUX_USER_MAPS_H
#define XRUN_LINUX_USER_MAPS_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/types.h>

/* Records a new mapping of [start, end): fd < 0 for anonymous memory. */
void maps_note(uint64_t start, uint64_t end, int fd, off_t off, bool shared);
/* Drops every record inside [start, end), splitting records that straddle it. */
void maps_forget(uint64_t start, uint64_t end);
/* Names [start, end) (replacing records there). */
void maps_set_name(uint64_t start, uint64_t end, const char *name);
/* Copies the records of [old, old_end) to [dest, dest_end) (mremap). */
void maps_move(uint64_t old, uint64_t old_end, uint64_t dest, uint64_t dest_end);
/* The record covering start..old_end now reaches new_end (mremap growth). */
void maps_extend(uint64_t start, uint64_t old_end, uint64_t new_end);
/* Records a SysV shared memory attachment of segment shmid (key) at
 * [start, end), shown as the kernel shows it: "rw-s ... 00:01 SHMID /SYSVKEY (deleted)". */
void maps_note_sysv(uint64_t start, uint64_t end, uint32_t key, int shmid);
/* The shmid whose attachment record covers addr (and in *off the offset
 * of addr in the segment), or -1. */
int maps_sysv_at(uint64_t addr, uint64_t *off);
/* True if addr lies in a shared mapping's record. */
bool maps_shared_at(uint64_t addr);
/* True if a and b are covered by the same record (or both by none). */
bool maps_same_record(uint64_t a, uint64_t b);
/* Prints the maps lines, one per run of pages with equal flags and record. */
void maps_dump(FILE *out);

#endif
