// The interface's own messages, in the respondent's language (common/i18n).
#include "common/i18n.h"
#include "engine/engine.h"

namespace mcs::engine {

std::string Message(std::string_view id, std::string_view lang) { return i18n::T(lang, id); }

}  // namespace mcs::engine
