#pragma once

#include "quickload/quickloadform.h"
#include "quickload/quickloadpage.h"

#include <QSignalSpy>
#include <QUrl>

/// Fills Quick load's form for one second of GET @p url by 2 VUs over the socket transport and
/// runs it to the end; false when it did not finish within 15 s.
inline bool runQuickLoad(QuickLoadPage& page, const QUrl& url)
{
    QuickLoadForm* form = page.form();
    form->setUrl(url.toString());
    form->setMethod(u"GET"_qs);
    form->setExecutor(ExecutorKind::ConstantVus);
    form->setVus(2);
    form->setDuration(u"1s"_qs);
    form->setTransport(u"socket"_qs);
    QSignalSpy finished(&page, &QuickLoadPage::loadFinished);
    page.start();
    return finished.wait(15'000);
}
