# SPDX-License-Identifier: MIT
# CMake toolchain file for riscv64 Linux with Debian's GNU cross toolchain (the same compilers as
# cross.ini). Point CMAKE_FIND_ROOT_PATH at the sysroot or staging folder rawthread was installed
# into, e.g. cmake -DCMAKE_TOOLCHAIN_FILE=arch/riscv64/toolchain.cmake
#   -DCMAKE_FIND_ROOT_PATH=$SYSROOT -DCMAKE_PREFIX_PATH=/usr ...
set(CMAKE_SYSTEM_NAME Linux)
set(CMAKE_SYSTEM_PROCESSOR riscv64)
set(CMAKE_C_COMPILER riscv64-linux-gnu-gcc)
set(CMAKE_CXX_COMPILER riscv64-linux-gnu-g++)
# How to run the programs here (try_run, ctest): qemu-user with the cross glibc.
set(CMAKE_CROSSCOMPILING_EMULATOR qemu-riscv64 -L /usr/riscv64-linux-gnu)
# Packages and libraries from the target's root only; programs from the build machine.
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE ONLY)
