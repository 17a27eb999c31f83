#include "trust.h"

#include "stacks/stackmanifest.h"
#include "stacks/truststore.h"

QString ensureTrusted(const QString& manifestPath, bool trust)
{
    const QString path = manifestPath.isEmpty() ? StackManifest::defaultPath() : manifestPath;
    TrustStore store;
    if (store.isTrusted(path))
        return {};
    if (trust)
        return store.approve(path);
    return u"the stack manifest "_qs + path
        + u" has not been approved; it would run:\n  "_qs + TrustStore::describeCommands(path).join(u"\n  "_qs)
        + u"\nReview it, then pass --trust to approve it (remembered until the file changes)."_qs;
}
