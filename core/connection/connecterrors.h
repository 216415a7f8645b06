#pragma once

#include "model/error.h"

#include <QString>

namespace Virtumancer {

/// What libvirt (and ssh, TLS, SASL behind it) said when opening uri failed, turned into an
/// error a user can act on: the code refined where the text is unambiguous (HostKeyChanged,
/// HostKeyUnknown, AuthFailed, ConnectionFailed) and the message = one sentence on the cause
/// and what to do, then the original text after " — ". Unrecognised errors come back as they
/// were. Pure (no I/O); used by HostSession and ConnectionProbe, so the GUI, the wizard and the
/// CLI all show the same explanation.
Error explainConnectionError(const QString &uri, const Error &raw);

} // namespace Virtumancer
