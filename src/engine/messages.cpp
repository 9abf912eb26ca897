// The interface's own messages. English is the reference; other languages come with the
// respondent-experience work (issue: 24 official EU languages).
#include <map>
#include <string>

#include "engine/engine.h"

namespace mcs::engine {

std::string Message(std::string_view id, std::string_view /*lang*/) {
  static const std::map<std::string, std::string, std::less<>> kEn = {
      {"required", "This question is required."},
      {"constraint", "This answer is not accepted. Please check it."},
      {"integer", "Enter a whole number, like 12."},
      {"decimal", "Enter a number, like 2.5."},
      {"date", "Enter a real date, like 2026-07-05."},
      {"choice", "Choose one of the options listed."},
      {"too_long", "This answer is too long: at most 10,000 characters."},
      {"invalid_text", "This answer contains characters that cannot be read."},
      {"unknown_question", "The form has no question with this name."},
      {"type", "This answer has the wrong type."},
  };
  auto it = kEn.find(id);
  return it == kEn.end() ? std::string(id) : it->second;
}

}  // namespace mcs::engine
