// Content-Transfer-Encoding (RFC 2045 §6): a MIME part's body as it was before it was encoded for
// the trip. Some mail servers (and gateways in front of them) encode the message/delivery-status part
// of a bounce in base64 or quoted-printable; the bounce reader decodes it before reading it.
#pragma once
#include <optional>
#include <string>
#include <string_view>

namespace mcs::mail {

// The body decoded for `encoding` (its name in any case; 7bit, 8bit, binary and "" leave it as it is;
// base64 ignores line breaks and spaces; quoted-printable removes soft line breaks and the spaces
// that end a line). nullopt for an encoding it does not know or a body that is not valid in it.
std::optional<std::string> DecodeTransferEncoding(std::string_view encoding, std::string_view body);

}  // namespace mcs::mail
