// Writes the fuzzers' seed corpus from the codec's test vectors (tests/unit/vectors_*.cpp), at
// build time, so that the seeds follow the vectors instead of being binary files checked in.
//
//   make_seed_corpus <directory>
//
// Empties <directory>, then writes one subdirectory per protocol version (3.1, 3.1.1, 5.0)
// holding, for every vector of that version: the packet in one chunk; the packet from a
// server, with field recording, byte by byte; and one stream of all the version's packets
// back to back in uneven chunks, as a long conversation would arrive.

#include "codecvectors.h"
#include "fuzzinput.h"

#include <QDir>
#include <QFile>

#include <cctype>
#include <cstdio>

using namespace PingScope::Protocol;

namespace {

// Settings byte (fuzzinput.h): sender server (2) and record fields (bit 2).
constexpr quint8 ServerWithFields = 0x2u | 0x4u;

QString fileNameOf(const QByteArray &name)
{
    QString result;
    for (const char c : name)
        result.append(QChar::fromLatin1(std::isalnum(quint8(c)) ? c : '_'));
    return result;
}

bool writeSeed(const QDir &directory, const QString &name, const QByteArray &input)
{
    QFile file(directory.filePath(name));
    if (!file.open(QIODevice::WriteOnly) || file.write(input) != input.size()) {
        std::fprintf(stderr, "make_seed_corpus: cannot write %s: %s\n", qPrintable(file.fileName()),
                     qPrintable(file.errorString()));
        return false;
    }
    return true;
}

bool writeVersion(const QDir &root, ProtocolVersion version)
{
    const QString label = QString::fromLatin1(CodecVectors::versionLabel(version));
    if (!root.mkpath(label)) {
        std::fprintf(stderr, "make_seed_corpus: cannot create %s\n",
                     qPrintable(root.filePath(label)));
        return false;
    }
    const QDir directory(root.filePath(label));
    QByteArray conversation;
    bool ok = true;
    for (const CodecVectors::Vector &vector : CodecVectors::vectorsOf(version)) {
        const QString name = fileNameOf(vector.name);
        ok = ok && writeSeed(directory, name, PingScopeFuzz::makeFuzzInput(vector.bytes));
        ok = ok && writeSeed(directory, name + QStringLiteral("_bytewise"),
                             PingScopeFuzz::makeFuzzInput(vector.bytes, {1}, ServerWithFields));
        conversation.append(vector.bytes);
    }
    return ok && writeSeed(directory, QStringLiteral("all_packets_in_chunks"),
                           PingScopeFuzz::makeFuzzInput(conversation, {7, 1, 64, 256, 3}));
}

} // namespace

int main(int argc, char **argv)
{
    if (argc != 2) {
        std::fprintf(stderr, "usage: make_seed_corpus <directory>\n");
        return 2;
    }
    QDir root(QString::fromLocal8Bit(argv[1]));
    // Seeds of vectors since removed or renamed must not linger.
    if (root.exists() && !root.removeRecursively()) {
        std::fprintf(stderr, "make_seed_corpus: cannot empty %s\n", argv[1]);
        return 1;
    }
    const bool ok = writeVersion(root, ProtocolVersion::V3_1) &&
                    writeVersion(root, ProtocolVersion::V3_1_1) &&
                    writeVersion(root, ProtocolVersion::V5);
    return ok ? 0 : 1;
}
