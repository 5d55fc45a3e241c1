#pragma once

// What this process used, read from the kernel: CPU time per thread and memory, for the
// benchmarks' reports.

#include <QByteArray>
#include <QDir>
#include <QFile>
#include <QString>

#include <time.h>
#include <unistd.h>

// CPU time (user + system) of the calling thread, in ns.
inline qint64 threadCpuNs()
{
    timespec now{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
    return qint64(now.tv_sec) * 1'000'000'000 + now.tv_nsec;
}

// CPU time of this process's thread whose name starts with `name` (as QThread::setObjectName
// sets it, cut to 15 characters by the kernel), in ns; -1 if there is none.
inline qint64 threadCpuNs(const QByteArray &name)
{
    const QDir tasks(QStringLiteral("/proc/self/task"));
    for (const QString &tid : tasks.entryList(QDir::Dirs | QDir::NoDotAndDotDot)) {
        QFile comm(tasks.filePath(tid + QStringLiteral("/comm")));
        if (!comm.open(QIODevice::ReadOnly) || !comm.readAll().startsWith(name.left(15)))
            continue;
        QFile stat(tasks.filePath(tid + QStringLiteral("/stat")));
        if (!stat.open(QIODevice::ReadOnly))
            return -1;
        // After "pid (comm) " come state (field 3) ... utime (14) and stime (15), in ticks.
        const QByteArray line = stat.readAll();
        const QList<QByteArray> fields = line.mid(line.lastIndexOf(')') + 2).split(' ');
        const qint64 ticks = fields.value(11).toLongLong() + fields.value(12).toLongLong();
        return ticks * 1'000'000'000 / sysconf(_SC_CLK_TCK);
    }
    return -1;
}

// A field of /proc/self/status in KiB: "VmHWM:" (peak resident set), "VmRSS:"; -1 if absent.
inline qint64 memoryKiB(const char *field)
{
    QFile status(QStringLiteral("/proc/self/status"));
    if (!status.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray &line : status.readAll().split('\n')) {
        if (line.startsWith(field))
            return line.mid(qsizetype(qstrlen(field))).trimmed().split(' ').value(0).toLongLong();
    }
    return -1;
}
