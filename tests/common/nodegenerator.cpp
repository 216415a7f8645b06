#include "nodegenerator.h"
// placeholder, replaced by the generator implementation
namespace Virtumancer::Test {
QString generateNodeXml(const NodeSpec &) { return {}; }
bool writeNodeXml(const QString &, const NodeSpec &) { return false; }
QString generatedDomainName(const NodeSpec &, int) { return {}; }
}
