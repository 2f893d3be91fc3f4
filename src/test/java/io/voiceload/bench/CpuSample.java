package io.voiceload.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/** CPU counters from /proc: all cores' busy time, nginx's time, and this JVM's own CPU time. */
record CpuSample(
        long wallNanos,
        long busyJiffies,
        long serverJiffies,
        long ownCpuNanos,
        long ownAllJiffies,
        long ownSysJiffies) {
    static final double HZ = 100.0; // USER_HZ on Linux

    static CpuSample take(long serverPid, long ownPid) throws IOException {
        long wall = System.nanoTime();
        String[] cpu = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
        long busy = 0;
        for (int i = 1; i < cpu.length; i++) {
            if (i != 4 && i != 5) { // idle and iowait are not busy
                busy += Long.parseLong(cpu[i]);
            }
            if (i == 8) {
                break; // user nice system idle iowait irq softirq steal; guest is already in user
            }
        }
        long own = ownPid < 0
                ? 0
                : ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                        .getProcessCpuTime();
        long[] mine = ownPid < 0 ? new long[2] : processUserSys(ownPid);
        long[] server = processUserSys(serverPid);
        return new CpuSample(wall, busy, server[0] + server[1], own, mine[0] + mine[1], mine[1]);
    }

    /** Share of this process's CPU time between two samples that was spent in the kernel. */
    static double kernelShare(CpuSample before, CpuSample after) {
        long all = after.ownAllJiffies - before.ownAllJiffies;
        return all <= 0 ? 0 : (double) (after.ownSysJiffies - before.ownSysJiffies) / all;
    }

    private static long[] processUserSys(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return new long[] {Long.parseLong(f[11]), Long.parseLong(f[12])}; // utime, stime (fields 14, 15)
    }
}
