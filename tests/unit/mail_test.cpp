// E-mail as bytes (issue 22): headers that no contact field can break out of, RFC 2047 subjects,
// multipart/alternative, RFC 8058 one-click unsubscribe; templates with placeholders; SMTP settings.
#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <vector>
#include <map>

#include "common/clock.h"
#include "common/strings.h"
#include "common/timezone.h"
#include "mail/mime.h"
#include "mail/smtp.h"
#include "mail/templates.h"

namespace mcs::mail {
namespace {

// The header block of a built message, one entry per logical header (folded lines joined).
std::vector<std::string> Headers(const std::string& msg) {
  std::vector<std::string> out;
  std::size_t end = msg.find("\r\n\r\n");
  std::string head = msg.substr(0, end + 2);
  std::size_t i = 0;
  while (i < head.size()) {
    std::size_t nl = head.find("\r\n", i);
    std::string line = head.substr(i, nl - i);
    if (!line.empty() && (line[0] == ' ' || line[0] == '\t')) out.back() += line;
    else out.push_back(line);
    i = nl + 2;
  }
  return out;
}

Message Sample() {
  Message m;
  m.from_name = "Cedefop survey team";
  m.from_address = "survey@cedefop.example.eu";
  m.reply_to = "team@cedefop.example.eu";
  m.to_name = "Zoë Ångström";
  m.to_address = "zoe@example.org";
  m.subject = "Votre avis sur les microcertifications : enquête";
  m.text = "Bonjour Zoë,\n\nhttps://s.example.eu/s/x?inv=a.b\n";
  m.html = "<p>Bonjour Zoë</p>";
  m.unsubscribe_url = "https://s.example.eu/optout/abc.def";
  m.date = 1796558400000;  // 2026-12-06T12:00:00Z
  m.message_id = "<0123abcd@cedefop.example.eu>";
  return m;
}

TEST(Mime, HeadersAndBothParts) {
  std::string msg = Build(Sample(), "=_b1");
  auto h = Headers(msg);
  auto has = [&](const std::string& line) { return std::find(h.begin(), h.end(), line) != h.end(); };
  EXPECT_TRUE(has("From: Cedefop survey team <survey@cedefop.example.eu>"));
  EXPECT_TRUE(has("To: =?UTF-8?B?Wm/DqyDDhW5nc3Ryw7Zt?= <zoe@example.org>"));
  EXPECT_TRUE(has("Reply-To: team@cedefop.example.eu"));
  EXPECT_TRUE(has("Date: Sun, 06 Dec 2026 12:00:00 +0000"));
  EXPECT_TRUE(has("Message-ID: <0123abcd@cedefop.example.eu>"));
  EXPECT_TRUE(has("List-Unsubscribe: <https://s.example.eu/optout/abc.def>"));
  EXPECT_TRUE(has("List-Unsubscribe-Post: List-Unsubscribe=One-Click"));
  EXPECT_TRUE(has("MIME-Version: 1.0"));
  EXPECT_TRUE(has("Content-Type: multipart/alternative; boundary=\"=_b1\""));
  EXPECT_NE(msg.find("--=_b1\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: base64"),
            std::string::npos);
  EXPECT_NE(msg.find("--=_b1\r\nContent-Type: text/html; charset=utf-8"), std::string::npos);
  EXPECT_EQ(msg.substr(msg.size() - 10), "--=_b1--\r\n");
  // Every line ends CRLF and none is longer than 78 characters (RFC 5322 §2.1.1).
  for (std::size_t i = 0, nl; i < msg.size(); i = nl + 2) {
    nl = msg.find("\r\n", i);
    ASSERT_NE(nl, std::string::npos);
    EXPECT_LE(nl - i, 78u) << msg.substr(i, nl - i);
    EXPECT_EQ(msg.substr(i, nl - i).find('\n'), std::string::npos);
  }
}

TEST(Mime, SubjectsAreEncodedWordsOfWholeCharacters) {
  EXPECT_EQ(EncodeHeaderText("Plain subject"), "Plain subject");
  EXPECT_EQ(EncodeHeaderText("Grèce"), "=?UTF-8?B?R3LDqGNl?=");
  // A long Greek subject: several words, folded, none over 75 characters, each decoding to whole
  // characters (2-byte sequences never split).
  std::string greek;
  for (int i = 0; i < 20; ++i) greek += "Ελλάδα ";
  std::string enc = EncodeHeaderText(greek);
  std::size_t words = 0;
  for (std::size_t i = 0, nl; i < enc.size(); i = nl + 3) {
    nl = enc.find("\r\n ", i);
    std::string w = enc.substr(i, nl == std::string::npos ? std::string::npos : nl - i);
    EXPECT_LE(w.size(), 75u);
    EXPECT_EQ(w.rfind("=?UTF-8?B?", 0), 0u);
    ++words;
    if (nl == std::string::npos) break;
  }
  EXPECT_GT(words, 3u);
  EXPECT_EQ(EncodeHeaderText("=?UTF-8?B?eA==?= looks encoded").rfind("=?UTF-8?B?", 0), 0u);
}

TEST(Mime, NoContactFieldCanAddAHeader) {
  Message m = Sample();
  m.to_name = "Eve\r\nBcc: victim@example.org";
  m.subject = "Hi\r\nX-Injected: yes\n\nbody";
  m.from_name = "Team\rX-Evil: 1";
  std::string msg = Build(m, "=_b2");
  auto h = Headers(msg);
  for (const auto& line : h) {
    EXPECT_NE(line.rfind("Bcc:", 0), 0u) << line;
    EXPECT_NE(line.rfind("X-Injected:", 0), 0u) << line;
    EXPECT_NE(line.rfind("X-Evil:", 0), 0u) << line;
  }
  EXPECT_EQ(std::count_if(h.begin(), h.end(), [](const std::string& l) { return l.rfind("Subject:", 0) == 0; }), 1);
  // An address with a line break (or anything else invalid) builds no message at all.
  m = Sample();
  m.to_address = "zoe@example.org\r\nBcc: x@example.org";
  EXPECT_EQ(Build(m, "=_b3"), "");
  m = Sample();
  m.reply_to = "a@b.org>, evil@example.org";
  EXPECT_EQ(Build(m, "=_b3"), "");
  EXPECT_EQ(Mailbox("Dr. No", "no@example.org"), "=?UTF-8?B?RHIuIE5v?=\r\n <no@example.org>");  // '.' is special
}

TEST(Templates, PlaceholdersFilledTextAndEscapedHtml) {
  Template t{"Survey closes {closing_date}", "Dear {name},\n\nAnswer here:\n{link}\n\nStop: {optout_link} {unknown}"};
  EXPECT_EQ(CheckTemplate(t), "{unknown} is not a placeholder (use {name}, {link}, {closing_date}, {optout_link})");
  t.body = "Dear {name},\n\nAnswer here:\n{link}\n\nStop: {optout_link} {not a placeholder}";
  EXPECT_EQ(CheckTemplate(t), "");
  Rendered r = Render(t, {{"name", "<b>Ann</b> & co"}, {"link", "https://s.eu/s/f?inv=a.b&x=1"},
                          {"closing_date", "5 July 2027"}, {"optout_link", "https://s.eu/optout/t"}},
                      "en");
  EXPECT_EQ(r.subject, "Survey closes 5 July 2027");
  EXPECT_EQ(r.text, "Dear <b>Ann</b> & co,\n\nAnswer here:\nhttps://s.eu/s/f?inv=a.b&x=1\n\nStop: https://s.eu/optout/t "
                    "{not a placeholder}");
  EXPECT_NE(r.html.find("<p>Dear &lt;b&gt;Ann&lt;/b&gt; &amp; co,</p>"), std::string::npos) << r.html;
  EXPECT_NE(r.html.find("Answer here:<br>\n<a href=\"https://s.eu/s/f?inv=a.b&amp;x=1\">"), std::string::npos) << r.html;
  EXPECT_EQ(r.html.find("<b>"), std::string::npos);
  EXPECT_EQ(CheckTemplate({"Subject", "no link here"}), "the message has no {link}: the contact could not answer");
  EXPECT_EQ(CheckTemplate({"Two\nlines", "{link}"}), "the subject must be one line");
  for (const auto& lang : DefaultLanguages()) {
    for (const char* kind : {"invitation", "reminder"}) EXPECT_EQ(CheckTemplate(DefaultTemplate(kind, lang)), "");
  }
  // A language without a built-in template gets the English one.
  EXPECT_EQ(DefaultTemplate("invitation", "ar").subject, DefaultTemplate("invitation", "en").subject);
  EXPECT_NE(DefaultTemplate("invitation", "fr").subject, DefaultTemplate("invitation", "en").subject);
}

// Issue 24: the invitation and the reminder exist in the 24 official EU languages, each with every
// placeholder exactly where the English has it (the body: all four, once each; the reminder's subject:
// the closing date), and render in every language with the values in and no placeholder left.
TEST(Templates, EveryOfficialLanguageHasBothMessagesWithEveryPlaceholder) {
  const std::vector<std::string> kEu = {"bg", "cs", "da", "de", "el", "en", "es", "et", "fi", "fr", "ga", "hr",
                                        "hu", "it", "lt", "lv", "mt", "nl", "pl", "pt", "ro", "sk", "sl", "sv"};
  std::vector<std::string> langs = DefaultLanguages();
  std::sort(langs.begin(), langs.end());
  EXPECT_EQ(langs, kEu);
  auto count = [](const std::string& s, const std::string& what) {
    int n = 0;
    for (auto p = s.find(what); p != std::string::npos; p = s.find(what, p + 1)) ++n;
    return n;
  };
  const std::map<std::string, std::string> values = {{"name", "N\u00e1me <X>"},
                                                     {"link", "https://s.eu/s/employers?inv=LINK"},
                                                     {"closing_date", "CLOSING-DATE"},
                                                     {"optout_link", "https://s.eu/optout/OPTOUT"}};
  for (const char* kind : {"invitation", "reminder"}) {
    const Template en = DefaultTemplate(kind, "en");
    for (const auto& lang : kEu) {
      SCOPED_TRACE(lang + " " + kind);
      const Template t = DefaultTemplate(kind, lang);
      EXPECT_EQ(CheckTemplate(t), "");
      for (std::string_view ph : kPlaceholders) {
        std::string mark = "{" + std::string(ph) + "}";
        EXPECT_EQ(count(t.body, mark), count(en.body, mark)) << mark;
        EXPECT_EQ(count(t.subject, mark), count(en.subject, mark)) << mark;
      }
      if (lang != "en") {
        EXPECT_NE(t.subject, en.subject);
        // No sentence of the English message left in it (the lines between blank lines).
        for (std::size_t at = 0; at < en.body.size();) {
          std::size_t end = en.body.find("\n\n", at);
          std::string para = en.body.substr(at, end == std::string::npos ? std::string::npos : end - at);
          if (para.find_first_not_of("{}abcdefghijklmnopqrstuvwxyz_") != std::string::npos) {
            EXPECT_EQ(t.body.find(para), std::string::npos) << "English left: " << para;
          }
          at = end == std::string::npos ? en.body.size() : end + 2;
        }
      }
      Rendered r = Render(t, values, lang);
      for (const std::string* s : {&r.subject, &r.text, &r.html}) EXPECT_EQ(s->find('{'), std::string::npos) << *s;
      EXPECT_NE(r.text.find("https://s.eu/s/employers?inv=LINK"), std::string::npos);
      EXPECT_NE(r.text.find("https://s.eu/optout/OPTOUT"), std::string::npos);
      EXPECT_NE(r.text.find("N\u00e1me <X>"), std::string::npos);
      EXPECT_NE(r.text.find("CLOSING-DATE"), std::string::npos);
      EXPECT_NE(r.html.find("<a href=\"https://s.eu/optout/OPTOUT\">"), std::string::npos);
      EXPECT_NE(r.html.find("N\u00e1me &lt;X&gt;"), std::string::npos);
      EXPECT_NE(r.html.find("<html lang=\"" + lang + "\">"), std::string::npos);
      if (std::string(kind) == "reminder") {
        EXPECT_NE(r.subject.find("CLOSING-DATE"), std::string::npos);
      }
    }
  }
}

// Issue 24, done means (b): the study's e-mails (invitation and reminder, as a campaign renders them
// for a French or German contact: the closing date in the contact's language) have no English left:
// no sentence or line of the English message, no English salutation, thanks or time zone words.
TEST(Templates, StudyMailsHaveNoEnglishInFrenchAndGerman) {
  const TimeMs closes = ParseTimeUtc("2027-07-05T21:59:00Z");
  auto values = [&](const std::string& lang) {
    return std::map<std::string, std::string>{{"name", "Ana Example"},
                                              {"link", "https://s.eu/s/employers?inv=LINK"},
                                              {"closing_date", FormatBrussels(closes, lang)},
                                              {"optout_link", "https://s.eu/optout/OPTOUT"}};
  };
  auto has_letters = [](const std::string& s) {
    return std::any_of(s.begin(), s.end(), [](char c) { return std::isalpha(static_cast<unsigned char>(c)); });
  };
  for (const char* kind : {"invitation", "reminder"}) {
    Rendered en = Render(DefaultTemplate(kind, "en"), values("en"), "en");
    std::vector<std::string> chunks = {en.subject};
    for (const std::string& line : Split(en.text, '\n')) {
      for (const std::string& part : Split(line, '.')) chunks.push_back(std::string(Trim(part)));
    }
    for (const char* lang : {"fr", "de"}) {
      SCOPED_TRACE(std::string(lang) + " " + kind);
      Rendered r = Render(DefaultTemplate(kind, lang), values(lang), lang);
      for (const auto& c : chunks) {
        if (c.size() < 4 || !has_letters(c) || c.find('/') != std::string::npos || c == "Cedefop") continue;  // not addresses
        EXPECT_EQ(r.text.find(c), std::string::npos) << "English left: " << c << "\n" << r.text;
        EXPECT_EQ(r.subject.find(c), std::string::npos) << "English left: " << c << "\n" << r.subject;
      }
      for (const char* word : {"Dear", "Thank", " the ", "survey", "Brussels", "July", "study team", "minutes and"}) {
        EXPECT_EQ(r.text.find(word), std::string::npos) << word << "\n" << r.text;
        EXPECT_EQ(r.subject.find(word), std::string::npos) << word << "\n" << r.subject;
      }
      EXPECT_NE(r.text.find(lang == std::string("fr") ? "5 juillet 2027" : "5. Juli 2027"), std::string::npos) << r.text;
      EXPECT_NE(r.text.find("Ana Example"), std::string::npos);
    }
  }
}

TEST(Smtp, SettingsChecks) {
  SmtpSettings s;
  s.host = "smtp.example.eu";
  s.from_address = "survey@example.eu";
  EXPECT_EQ(CheckSettings(s), "");
  s.security = "none";
  EXPECT_EQ(CheckSettings(s), "without TLS (none) the relay must be on this machine (127.0.0.1, ::1, localhost)");
  s.host = "127.0.0.1";
  EXPECT_EQ(CheckSettings(s), "");
  s.port = 0;
  EXPECT_EQ(CheckSettings(s), "the port must be 1 to 65535");
  s.port = 25;
  s.user = "me\r\nRCPT TO:<x@y.org>";
  EXPECT_EQ(CheckSettings(s), "a field holds a line break");
  s.user = "";
  s.from_address = "nobody";
  EXPECT_EQ(CheckSettings(s), "the sender is not an e-mail address");
  s.from_address = "a@b.org";
  s.host = "evil.example/../";
  EXPECT_EQ(CheckSettings(s), "the SMTP host is not a host name or address");
  // Nothing listens on port 1 of this machine: a temporary failure (try again later), not a crash.
  s.host = "127.0.0.1";
  s.port = 1;
  SendResult r = Send(s, "a@b.org", "c@d.org", "Subject: x\r\n\r\nx\r\n");
  EXPECT_EQ(r.kind, SendResult::kTemporary);
  EXPECT_FALSE(r.message.empty());
}

}  // namespace
}  // namespace mcs::mail
