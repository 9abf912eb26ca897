// The expression corpus (tests/xpath/*.tsv) through the server engine: every row's expression,
// evaluated against tests/xpath/context.json plus the row's answers, must give the expected
// string(). The same rows run through the browser runtime and through Enketo's evaluator in
// tests/browser/xpath_corpus.test.mjs, which gets the generated JavaScript of every row from this
// binary: with MCS_CORPUS_JS_OUT=path set, XPathCorpus.WritesJavaScript writes it there.
#include <gtest/gtest.h>

#include <algorithm>
#include <boost/json.hpp>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "test_util.h"
#include "xpath/internal/ast.h"
#include "xpath/js_codegen.h"
#include "xpath/xpath.h"

namespace mcs::xpath {
namespace {

namespace json = boost::json;

const std::string kCorpusDir = std::string(MCS_SOURCE_DIR) + "/tests/xpath";

struct CorpusRow {
  std::string file;
  int line = 0;
  std::string expr;
  std::string answers_json;
  std::string expected;
};

std::string Unescape(std::string_view s) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '\\' || i + 1 == s.size()) {
      out.push_back(s[i]);
      continue;
    }
    const char c = s[++i];
    out.push_back(c == 't' ? '\t' : c == 'n' ? '\n' : c == 'r' ? '\r' : c);
  }
  return out;
}

std::vector<CorpusRow> LoadCorpus() {
  std::vector<std::filesystem::path> files;
  for (const auto& entry : std::filesystem::directory_iterator(kCorpusDir)) {
    if (entry.path().extension() == ".tsv") files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  std::vector<CorpusRow> rows;
  for (const auto& path : files) {
    std::istringstream in(mcs::testing::ReadTestFile(path.string()));
    std::string line;
    int number = 0;
    while (std::getline(in, line)) {
      ++number;
      if (line.empty() || line[0] == '#') continue;
      const std::size_t t1 = line.find('\t');
      const std::size_t t2 = t1 == std::string::npos ? t1 : line.find('\t', t1 + 1);
      CorpusRow row;
      row.file = path.filename().string();
      row.line = number;
      if (t2 == std::string::npos) {
        row.expr = "<malformed row: expected three tab-separated columns>";
      } else {
        row.expr = Unescape(std::string_view(line).substr(0, t1));
        row.answers_json = line.substr(t1 + 1, t2 - t1 - 1);
        row.expected = Unescape(std::string_view(line).substr(t2 + 1));
      }
      rows.push_back(std::move(row));
    }
  }
  return rows;
}

// tests/xpath/context.json with a row's overrides: the same context as xpath_test.cpp's.
class CorpusContext : public EvalContext {
 public:
  CorpusContext(const json::object& base, const json::object& overrides) {
    for (const auto& [k, v] : base.at("answers").as_object()) answers_[k] = std::string(v.as_string());
    for (const auto& [k, v] : base.at("repeats").as_object()) {
      auto& list = repeats_[k];
      for (const auto& item : v.as_array()) list.emplace_back(item.as_string());
    }
    for (const auto& [name, labels] : base.at("choice_labels").as_object()) {
      for (const auto& [choice, label] : labels.as_object()) {
        labels_[std::string(name) + "\n" + std::string(choice)] = std::string(label.as_string());
      }
    }
    current_ = std::string(base.at("current").as_string());
    position_ = static_cast<int>(base.at("position").to_number<double>());
    now_ms_ = static_cast<std::int64_t>(base.at("now_ms").to_number<double>());
    for (const auto& r : base.at("random").as_array()) random_.push_back(r.to_number<double>());
    if (const auto* sets = base.if_contains("nodesets")) AddNodeSets(sets->as_object());
    for (const auto& [k, v] : overrides) {
      if (k == "@utc_offset") {
        offset_ = static_cast<int>(v.to_number<double>());
      } else if (v.is_array()) {
        json::object one;
        one[k] = v;
        AddNodeSets(one);
      } else {
        answers_[k] = std::string(v.as_string());
      }
    }
  }

  // Names given as arrays: node-sets of repeat instances seen from outside the repeat
  // (EvalContext::IsNodeSet), e.g. {"item": ["-10", "11", "99"]} for ${item}.
  void AddNodeSets(const json::object& sets) {
    for (const auto& [k, v] : sets) {
      auto& list = nodesets_[k];
      list.clear();
      for (const auto& item : v.as_array()) list.emplace_back(item.as_string());
    }
  }

  std::string Resolve(std::string_view name) const override {
    auto it = answers_.find(name);
    if (it != answers_.end()) return it->second;
    // A node-set's string value is its first node's (XPath 1.0 section 4.2).
    auto set = nodesets_.find(name);
    if (set != nodesets_.end()) return set->second.empty() ? "" : set->second.front();
    auto rep = repeats_.find(name);
    if (rep != repeats_.end() && !rep->second.empty()) return rep->second.front();
    return "";
  }
  std::vector<std::string> ResolveAll(std::string_view name) const override {
    auto set = nodesets_.find(name);
    if (set != nodesets_.end()) return set->second;
    auto rep = repeats_.find(name);
    if (rep != repeats_.end()) return rep->second;
    return {Resolve(name)};
  }
  bool IsNodeSet(std::string_view name) const override { return nodesets_.count(name) > 0; }
  std::string Current() const override { return current_; }
  std::string ChoiceLabel(std::string_view name, std::string_view choice) const override {
    auto it = labels_.find(std::string(name) + "\n" + std::string(choice));
    return it == labels_.end() ? "" : it->second;
  }
  std::int64_t NowMs() const override { return now_ms_; }
  int UtcOffsetMinutes() const override { return offset_; }
  double Random() const override { return random_[next_random_++ % random_.size()]; }
  int Position() const override { return position_; }

 private:
  std::map<std::string, std::string, std::less<>> answers_;
  std::map<std::string, std::vector<std::string>, std::less<>> repeats_;
  std::map<std::string, std::vector<std::string>, std::less<>> nodesets_;
  std::map<std::string, std::string> labels_;
  std::string current_;
  int position_ = 0;
  std::int64_t now_ms_ = 0;
  int offset_ = 0;
  std::vector<double> random_;
  mutable std::size_t next_random_ = 0;
};

json::object LoadContext() {
  return json::parse(mcs::testing::ReadTestFile(kCorpusDir + "/context.json")).as_object();
}

std::string Where(const CorpusRow& row) {
  return row.file + ":" + std::to_string(row.line) + ": " + row.expr;
}

std::string EvalRow(const CorpusRow& row, const json::object& base) {
  ParseResult parsed = Parse(row.expr);
  if (!parsed.ok()) return "PARSE ERROR: " + parsed.error().message;
  boost::system::error_code ec;
  json::value overrides = json::parse(row.answers_json, ec);
  if (ec || !overrides.is_object()) return "BAD ANSWERS COLUMN";
  CorpusContext ctx(base, overrides.as_object());
  return Evaluate(*parsed, ctx).ToString();
}

void CollectFunctions(const internal::Node& n, std::set<std::string>& out) {
  if (n.kind == internal::NodeKind::kCall) out.insert(n.text);
  if (n.kind == internal::NodeKind::kPosition) out.insert("position");
  for (const auto& child : n.children) CollectFunctions(*child, out);
}

TEST(XPathCorpus, HasEnoughRows) {
  const std::vector<CorpusRow> rows = LoadCorpus();
  EXPECT_GE(rows.size(), 2000u);
  std::set<std::string> unique;
  for (const auto& r : rows) unique.insert(r.expr + "\t" + r.answers_json);
  EXPECT_EQ(unique.size(), rows.size()) << "duplicate rows in the corpus";
}

TEST(XPathCorpus, ServerGivesExpectedValues) {
  const json::object base = LoadContext();
  int failures = 0;
  for (const CorpusRow& row : LoadCorpus()) {
    const std::string got = EvalRow(row, base);
    if (got != row.expected) {
      ++failures;
      ADD_FAILURE() << Where(row) << "\n  expected: " << row.expected << "\n  got:      " << got;
    }
  }
  EXPECT_EQ(failures, 0);
}

TEST(XPathCorpus, EveryFunctionIsExercisedAndGenerates) {
  std::set<std::string> used;
  for (const CorpusRow& row : LoadCorpus()) {
    ParseResult parsed = Parse(row.expr);
    ASSERT_TRUE(parsed.ok()) << Where(row) << ": " << parsed.error().message;
    CollectFunctions(*parsed->root(), used);
    EXPECT_NO_THROW(ToJavaScript(*parsed)) << Where(row);
  }
  for (const std::string& name : FunctionNames()) {
    EXPECT_TRUE(used.count(name)) << "no corpus row calls " << name << "()";
  }
}

TEST(XPathCorpus, WritesJavaScript) {
  const char* out_path = std::getenv("MCS_CORPUS_JS_OUT");
  if (out_path == nullptr || *out_path == '\0') GTEST_SKIP() << "MCS_CORPUS_JS_OUT not set";
  json::array rows;
  for (const CorpusRow& row : LoadCorpus()) {
    ParseResult parsed = Parse(row.expr);
    ASSERT_TRUE(parsed.ok()) << Where(row);
    json::object o;
    o["file"] = row.file;
    o["line"] = row.line;
    o["expr"] = row.expr;
    o["js"] = ToJavaScript(*parsed);
    o["answers"] = json::parse(row.answers_json);
    o["expected"] = row.expected;
    rows.push_back(std::move(o));
  }
  json::object doc;
  doc["context"] = LoadContext();
  doc["functions"] = json::value_from(FunctionNames());
  doc["rows"] = std::move(rows);
  std::ofstream out(out_path, std::ios::binary);
  out << json::serialize(doc);
  ASSERT_TRUE(out.good()) << "cannot write " << out_path;
}

// Generation itself: the tree is walked, never the text copied.
TEST(XPathJsCodegen, WalksTheTree) {
  auto js = [](std::string_view text) { return ToJavaScript(*Parse(text)); };
  EXPECT_EQ(js("${age} >= 18 and selected(${langs}, 'fr')"),
            "(R.b(R.ge(R.ref(c,\"age\"),18))&&R.b(R.fn[\"selected\"](c,R.ref(c,\"langs\"),\"fr\")))");
  EXPECT_EQ(js("1 - 2 + 3"), "R.add(R.sub(1,2),3)");
  EXPECT_EQ(js("-."), "R.neg(R.cur(c))");
  EXPECT_EQ(js("if(1, 'a', 'b')"), "(R.b(1)?\"a\":\"b\")");
  EXPECT_EQ(js("coalesce(${a}, 2)"), "R.fn[\"coalesce\"](c,R.ref(c,\"a\"),function(){return 2;})");
  EXPECT_EQ(js("count(${a})"), "R.fn[\"count\"](c,R.nodes(c,\"a\"))");
  EXPECT_EQ(js("indexed-repeat(${a}, ${r}, 2)"), "R.fn[\"indexed-repeat\"](c,\"a\",\"r\",2)");
  EXPECT_EQ(js("position(..)"), "R.pos(c)");
  EXPECT_EQ(js("'</script>\"\\'"), "\"\\u003c/script\\u003e\\\"\\\\\"");
  EXPECT_EQ(js("'\u00e9\U0001F600'"), "\"\\u00e9\\ud83d\\ude00\"");
  EXPECT_EQ(js("0.1"), "0.1");
  EXPECT_EQ(js("1" + std::string(400, '0')), "Infinity");
  EXPECT_EQ(ToJavaScript(Expression()), "\"\"");
  std::string sum = "1";
  for (int i = 0; i < 40; ++i) sum += " + 1";
  EXPECT_EQ(js(sum).rfind("R.chain(\"", 0), 0u);
}

}  // namespace
}  // namespace mcs::xpath
