/*
 * The ARM EABI struct layouts (32-bit long and pointers, 64-bit members
 * 8-aligned, statfs64 packed to 4), from the C structs of
 * syscalls/arm/eabi.h that mirror them. tests/unit/layout_test.c checks every number against
 * arm-linux-gnueabihf-gcc's headers.
 */
#include "linux-user/arm/arm_user.h"
#include "syscalls/layout.h"
#include "syscalls/arm/eabi.h"
#include "syscalls/sys.h"

/* sigaltstack's stack_t. */
typedef struct ArmStack {
    uint32_t ss_sp;
    int32_t ss_flags;
    uint32_t ss_size;
} ArmStack;

#define F SYS_FIELD

const SysLayouts arm_sys_layouts = {
    .timespec = { sizeof(GuestTimespec32), .f_tv_sec = F(GuestTimespec32, tv_sec),
                  .f_tv_nsec = F(GuestTimespec32, tv_nsec) },
    .timeval = { sizeof(GuestTimeval32), .f_tv_sec = F(GuestTimeval32, tv_sec),
                 .f_tv_usec = F(GuestTimeval32, tv_usec) },
    .rlimit = { sizeof(GuestRlimit32), .f_rlim_cur = F(GuestRlimit32, rlim_cur),
                .f_rlim_max = F(GuestRlimit32, rlim_max) },
    .tms = { sizeof(GuestTms32), .f_tms_utime = F(GuestTms32, tms_utime),
             .f_tms_stime = F(GuestTms32, tms_stime), .f_tms_cutime = F(GuestTms32, tms_cutime),
             .f_tms_cstime = F(GuestTms32, tms_cstime) },
    .stat = {
        sizeof(GuestStat64),
        .f_st_dev = F(GuestStat64, st_dev),
        .f___st_ino = F(GuestStat64, st_ino32),
        .f_st_ino = F(GuestStat64, st_ino),
        .f_st_mode = F(GuestStat64, st_mode),
        .f_st_nlink = F(GuestStat64, st_nlink),
        .f_st_uid = F(GuestStat64, st_uid),
        .f_st_gid = F(GuestStat64, st_gid),
        .f_st_rdev = F(GuestStat64, st_rdev),
        .f_st_size = F(GuestStat64, st_size),
        .f_st_blksize = F(GuestStat64, st_blksize),
        .f_st_blocks = F(GuestStat64, st_blocks),
        .f_st_atime = F(GuestStat64, st_atime_sec),
        .f_st_atime_nsec = F(GuestStat64, st_atime_nsec),
        .f_st_mtime = F(GuestStat64, st_mtime_sec),
        .f_st_mtime_nsec = F(GuestStat64, st_mtime_nsec),
        .f_st_ctime = F(GuestStat64, st_ctime_sec),
        .f_st_ctime_nsec = F(GuestStat64, st_ctime_nsec),
    },
    .statfs = {
        sizeof(GuestStatfs64),
        .f_f_type = F(GuestStatfs64, f_type),
        .f_f_bsize = F(GuestStatfs64, f_bsize),
        .f_f_blocks = F(GuestStatfs64, f_blocks),
        .f_f_bfree = F(GuestStatfs64, f_bfree),
        .f_f_bavail = F(GuestStatfs64, f_bavail),
        .f_f_files = F(GuestStatfs64, f_files),
        .f_f_ffree = F(GuestStatfs64, f_ffree),
        .f_f_fsid = F(GuestStatfs64, f_fsid),
        .f_f_namelen = F(GuestStatfs64, f_namelen),
        .f_f_frsize = F(GuestStatfs64, f_frsize),
        .f_f_flags = F(GuestStatfs64, f_flags),
    },
    .flock = { sizeof(GuestFlock64), .f_l_type = F(GuestFlock64, l_type),
               .f_l_whence = F(GuestFlock64, l_whence), .f_l_start = F(GuestFlock64, l_start),
               .f_l_len = F(GuestFlock64, l_len), .f_l_pid = F(GuestFlock64, l_pid) },
    .epoll_event = { sizeof(GuestEpollEvent), .f_events = F(GuestEpollEvent, events),
                     .f_data = F(GuestEpollEvent, data) },
    .rusage = {
        sizeof(GuestRusage32),
        .f_ru_utime = F(GuestRusage32, ru_utime),
        .f_ru_stime = F(GuestRusage32, ru_stime),
        .f_ru_maxrss = F(GuestRusage32, ru_maxrss),
        .f_ru_ixrss = F(GuestRusage32, ru_ixrss),
        .f_ru_idrss = F(GuestRusage32, ru_idrss),
        .f_ru_isrss = F(GuestRusage32, ru_isrss),
        .f_ru_minflt = F(GuestRusage32, ru_minflt),
        .f_ru_majflt = F(GuestRusage32, ru_majflt),
        .f_ru_nswap = F(GuestRusage32, ru_nswap),
        .f_ru_inblock = F(GuestRusage32, ru_inblock),
        .f_ru_oublock = F(GuestRusage32, ru_oublock),
        .f_ru_msgsnd = F(GuestRusage32, ru_msgsnd),
        .f_ru_msgrcv = F(GuestRusage32, ru_msgrcv),
        .f_ru_nsignals = F(GuestRusage32, ru_nsignals),
        .f_ru_nvcsw = F(GuestRusage32, ru_nvcsw),
        .f_ru_nivcsw = F(GuestRusage32, ru_nivcsw),
    },
    .sysinfo = {
        sizeof(GuestSysinfo32),
        .f_uptime = F(GuestSysinfo32, uptime),
        .f_loads = F(GuestSysinfo32, loads),
        .f_totalram = F(GuestSysinfo32, totalram),
        .f_freeram = F(GuestSysinfo32, freeram),
        .f_sharedram = F(GuestSysinfo32, sharedram),
        .f_bufferram = F(GuestSysinfo32, bufferram),
        .f_totalswap = F(GuestSysinfo32, totalswap),
        .f_freeswap = F(GuestSysinfo32, freeswap),
        .f_procs = F(GuestSysinfo32, procs),
        .f_totalhigh = F(GuestSysinfo32, totalhigh),
        .f_freehigh = F(GuestSysinfo32, freehigh),
        .f_mem_unit = F(GuestSysinfo32, mem_unit),
    },
    .siginfo = {
        sizeof(GuestSiginfo32),
        .f_si_signo = F(GuestSiginfo32, si_signo),
        .f_si_errno = F(GuestSiginfo32, si_errno),
        .f_si_code = F(GuestSiginfo32, si_code),
        .f_si_pid = F(GuestSiginfo32, f.kill.pid),
        .f_si_uid = F(GuestSiginfo32, f.kill.uid),
        .f_si_value = F(GuestSiginfo32, f.kill.value),
        .f_si_tid = F(GuestSiginfo32, f.timer.tid),
        .f_si_overrun = F(GuestSiginfo32, f.timer.overrun),
        .f_si_status = F(GuestSiginfo32, f.chld.status),
        .f_si_utime = F(GuestSiginfo32, f.chld.utime),
        .f_si_stime = F(GuestSiginfo32, f.chld.stime),
        .f_si_addr = F(GuestSiginfo32, f.fault.addr),
        .f_si_band = F(GuestSiginfo32, f.poll.band),
        .f_si_fd = F(GuestSiginfo32, f.poll.fd),
        .f_si_call_addr = F(GuestSiginfo32, f.sys.call_addr),
        .f_si_syscall = F(GuestSiginfo32, f.sys.syscall),
        .f_si_arch = F(GuestSiginfo32, f.sys.arch),
    },
    .stack = { sizeof(ArmStack), .f_ss_sp = F(ArmStack, ss_sp), .f_ss_flags = F(ArmStack, ss_flags),
               .f_ss_size = F(ArmStack, ss_size) },
    .iovec = { sizeof(GuestIovec32), .f_iov_base = F(GuestIovec32, iov_base),
               .f_iov_len = F(GuestIovec32, iov_len) },
    .msghdr = {
        sizeof(GuestMsghdr32),
        .f_msg_name = F(GuestMsghdr32, msg_name),
        .f_msg_namelen = F(GuestMsghdr32, msg_namelen),
        .f_msg_iov = F(GuestMsghdr32, msg_iov),
        .f_msg_iovlen = F(GuestMsghdr32, msg_iovlen),
        .f_msg_control = F(GuestMsghdr32, msg_control),
        .f_msg_controllen = F(GuestMsghdr32, msg_controllen),
        .f_msg_flags = F(GuestMsghdr32, msg_flags),
    },
    .cmsghdr = { sizeof(GuestCmsghdr32), .f_cmsg_len = F(GuestCmsghdr32, cmsg_len),
                 .f_cmsg_level = F(GuestCmsghdr32, cmsg_level),
                 .f_cmsg_type = F(GuestCmsghdr32, cmsg_type) },
};
