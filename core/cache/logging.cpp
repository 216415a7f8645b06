#include "logging.h"

namespace Virtumancer {

// Debug output is opt-in (QT_LOGGING_RULES="virtumancer.core.cache.debug=true"): what matters
// to the user is in OpenReport::message, which the GUI and CLI show themselves.
Q_LOGGING_CATEGORY(lcCache, "virtumancer.core.cache", QtInfoMsg)

} // namespace Virtumancer
