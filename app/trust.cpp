#include "trust.h"

#include "stacks/stackmanifest.h"
#include "stacks/truststore.h"

QString ensureTrusted(const StackManifest& manifest, bool trust)
{
    TrustStore store;
    if (store.isTrusted(manifest))
        return {};
    if (trust)
        return store.approve(manifest.path, manifest.sha256); // refuses a file changed since it was read
    return u"the stack manifest "_qs + manifest.path + u" has not been approved; it would run:\n  "_qs
        + TrustStore::describeCommands(manifest).join(u"\n  "_qs)
        + u"\nReview it, then pass --trust to approve it (remembered until the file changes)."_qs;
}

QString ensureTrusted(const QString& manifestPath, bool trust)
{
    QStringList errors;
    const auto manifest = StackManifest::load(manifestPath, &errors);
    if (!manifest)
        return errors.join(u'\n');
    return ensureTrusted(*manifest, trust);
}
