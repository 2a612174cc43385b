/* -perfmap: /tmp/perf-PID.map lines for translated code (perfmap.c). */
#ifndef XRUN_LINUX_USER_PERFMAP_H
#define XRUN_LINUX_USER_PERFMAP_H

#include "linux-user/user.h"

/* Creates the map and names every TB translated from now on, using the
 * symbols of the loaded program and of its dynamic linker. Returns 0, or
 * -1 after one error line. */
int perfmap_start(const ImageInfo *info);

#endif
