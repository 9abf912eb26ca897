// The console's view of one response: every stored answer, the repeat's instances too, each with its
// question's text, choices as labels in the language asked for.
#include <gtest/gtest.h>

#include <sstream>

#include "app_fixture.h"
#include "common/clock.h"
#include "engine/answers_json.h"
#include "storage/storage.h"
#include "test_util.h"
#include "web/app.h"

namespace mcs::web {
namespace {

class ResponseView : public testing::AppTest {
 protected:
  void SetUp() override {
    AppTest::SetUp();
    if (HasFatalFailure()) return;
    auto page = Send("GET", "/admin/login", "", {});
    std::string pre = SetCookie(page, "");
    auto p = page.body.find("name=\"_csrf\" value=\"") + 20;
    auto in =
        Send("POST", "/admin/login",
             "_csrf=" + page.body.substr(p, page.body.find('"', p) - p) + "&name=admin&password=test-password-123",
             {{"cookie", pre}});
    session_ = SetCookie(in, "mcs_admin=");
    ASSERT_FALSE(session_.empty());
  }
  http::Response Send(const std::string& method, const std::string& path, const std::string& body,
                      std::vector<std::pair<std::string, std::string>> headers) {
    http::Request r = NewRequest(method, path, body);
    r.client = "10.0.0.9";
    r.headers.insert(r.headers.end(), headers.begin(), headers.end());
    if (method == "POST") r.headers.emplace_back("content-type", "application/x-www-form-urlencoded");
    return router_->Dispatch(r);
  }

  std::string session_;
};

TEST_F(ResponseView, ShowsEveryAnswerRepeatInstancesIncludedWithLabels) {
  auto f = app_->forms().Latest("employers");
  ASSERT_TRUE(f);
  engine::Answers a;
  a.values = {{"mc_count", "2"}};
  a.repeats["mc"] = {{{"mc_title", "Badge in data <analysis>"}, {"mc_hours", "25"}, {"mc_provider", "he"}},
                     {{"mc_title", "Second one"}, {"mc_hours", "40"}}};
  storage::ResponseRecord r;
  r.id = "VIEW1";
  r.form_id = "employers";
  r.form_version = f->version;
  r.lang = "en";
  r.status = storage::ResponseStatus::kComplete;
  r.answers_json = engine::ToStoredJson(a);
  r.channel = "web";
  r.started_at = clock_.Now() - 1000;
  r.updated_at = r.submitted_at = clock_.Now();
  ASSERT_TRUE(store_->InsertResponse(r).ok());

  auto page = Send("GET", "/admin/quality/employers/r/VIEW1", "", {{"cookie", session_}});
  ASSERT_EQ(page.status, 200) << page.body;
  for (const char* want :
       {"2 instances", "Title of the microcredential", "Badge in data &lt;analysis&gt;", "Second one",
        "Notional workload in hours", "mc 2", "University or other higher education institution"}) {
    EXPECT_NE(page.body.find(want), std::string::npos) << want;
  }
  auto fr = Send("GET", "/admin/quality/employers/r/VIEW1?lang=fr", "", {{"cookie", session_}});
  ASSERT_EQ(fr.status, 200);
  EXPECT_NE(fr.body.find("Intitulé de la microcertification"), std::string::npos);
  EXPECT_NE(fr.body.find("Université ou autre établissement d&#39;enseignement supérieur"), std::string::npos);
}

}  // namespace
}  // namespace mcs::web
