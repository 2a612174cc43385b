/*
 * Namespaces and sharing: unshare and setns. A guest process is one host
 * process, so the host kernel applies them directly and the guest sees
 * what a native program would (CLONE_* and CLONE_NEW* values are the same
 * on every Linux ABI). xrun's own work (translating, re-executing itself
 * on execve of a foreign program) happens inside the namespaces the guest
 * chose, as it would for the guest's own code.
 */
#include <sched.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "syscalls/sys.h"

SYS_HANDLER(unshare)
{
    return sys_ret(syscall(SYS_unshare, (unsigned long)GULONG(a[0])));
}

SYS_HANDLER(setns)
{
    return sys_ret(syscall(SYS_setns, (int)a[0], (int)a[1]));
}
