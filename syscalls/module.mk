# syscalls sources: see the owner's brief
