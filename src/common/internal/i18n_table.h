// The translation tables' written form (i18n_*tables.cpp): braced rows of string literals, made into
// the maps i18n.cpp reads once, at first use.
//
// Why not the maps' own braced initializers: a std::map<std::string, std::string> initialised from
// a braced list makes the compiler emit a std::string construction per literal, all in one function;
// i18n_tables.cpp alone took g++ 29 s at -O2 (and it is compiled three times by make test: release,
// sanitizers, fuzzing). Rows of plain pointers are constant data, compiled in about a second.
#pragma once

#include <initializer_list>
#include <map>
#include <string>

namespace mcs::i18n::internal {

using Table = std::map<std::string, std::string, std::less<>>;
using Tables = std::map<std::string, Table, std::less<>>;

struct Row {
  const char* key;
  const char* text;
};

struct Language {
  const char* code;
  std::initializer_list<Row> rows;
};

// The same maps as Tables{{code, {{key, text}, ...}}, ...}: the first of two equal keys (or codes)
// is kept, as std::map's initializer-list constructor keeps it.
inline Table MakeTable(std::initializer_list<Row> rows) {
  Table table;
  for (const Row& r : rows) table.emplace(r.key, r.text);
  return table;
}

inline Tables MakeTables(std::initializer_list<Language> languages) {
  Tables tables;
  for (const Language& l : languages) {
    if (!tables.contains(l.code)) tables.emplace(l.code, MakeTable(l.rows));
  }
  return tables;
}

}  // namespace mcs::i18n::internal
