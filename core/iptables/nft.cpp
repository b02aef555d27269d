// SPDX-License-Identifier: Apache-2.0
#include "core/iptables/nft.h"

#include <nftables/libnftables.h>

#include <algorithm>
#include <memory>

namespace knetctl::iptables {
namespace {

struct CtxDeleter {
  void operator()(nft_ctx* c) const { nft_ctx_free(c); }
};
using NftCtx = std::unique_ptr<nft_ctx, CtxDeleter>;

std::string Trim(const std::string& s) {
  size_t b = s.find_first_not_of(" \t\r\n");
  if (b == std::string::npos) return {};
  size_t e = s.find_last_not_of(" \t\r\n");
  return s.substr(b, e - b + 1);
}

// Opens a context on the current thread's netns (the netlink socket is made here).
Result<NftCtx> OpenCtx() {
  NftCtx ctx(nft_ctx_new(NFT_CTX_DEFAULT));
  if (!ctx) return MakeError(ErrorCode::kIoFailure, "failed to open an nftables context");
  nft_ctx_buffer_output(ctx.get());
  nft_ctx_buffer_error(ctx.get());
  return ctx;
}

Result<std::string> Run(nft_ctx* ctx, const std::string& cmd, unsigned flags) {
  nft_ctx_output_set_flags(ctx, flags);
  if (nft_run_cmd_from_buffer(ctx, cmd.c_str()) != 0) {
    const char* err = nft_ctx_get_error_buffer(ctx);
    std::string msg = Trim(err != nullptr ? err : "");
    auto first_cmd = cmd.substr(0, cmd.find('\n'));
    return MakeError(ErrorCode::kIoFailure,
                     "failed to run nft \"" + first_cmd + "\"" +
                         (cmd.find('\n') + 1 < cmd.size() ? " (and more)" : "") + ": " +
                         (msg.empty() ? "unknown error" : msg));
  }
  const char* out = nft_ctx_get_output_buffer(ctx);
  return std::string(out != nullptr ? out : "");
}

Result<nlohmann::json> ListRuleset(nft_ctx* ctx) {
  auto out = Run(ctx, "list ruleset", NFT_CTX_OUTPUT_JSON | NFT_CTX_OUTPUT_HANDLE);
  if (!out) return out.error();
  try {
    auto j = nlohmann::json::parse(*out);
    return j.value("nftables", nlohmann::json::array());
  } catch (const nlohmann::json::exception& e) {
    return MakeError(ErrorCode::kDecodeFailure,
                     std::string("failed to parse nft JSON output: ") + e.what());
  }
}

// The text libnftables prints for iptables' reject types.
const char* RejectText(int family) {
  return family == 6 ? "reject with icmpv6 type admin-prohibited"
                     : "reject with icmp type host-prohibited";
}

Result<std::vector<LiveRule>> FindWith(nft_ctx* ctx, const RejectRuleSpec& spec) {
  std::vector<LiveRule> found;
  auto ruleset = ListRuleset(ctx);
  if (!ruleset) return ruleset.error();
  const std::string fam = NftFamily(spec.family);
  if (!InspectNftTable(*ruleset, fam, "filter").exists) return found;
  auto text = Run(ctx, "list table " + fam + " filter", NFT_CTX_OUTPUT_HANDLE);
  if (!text) return text.error();
  auto by_handle = ParseHandleText(*text);
  for (const auto& item : *ruleset) {
    if (!item.contains("rule")) continue;
    const auto& rule = item["rule"];
    if (rule.value("family", "") != fam || rule.value("table", "") != "filter") continue;
    const std::string chain = rule.value("chain", "");
    if (std::find(spec.chains.begin(), spec.chains.end(), chain) == spec.chains.end()) continue;
    uint64_t handle = rule.value("handle", uint64_t{0});
    auto it = by_handle.find(handle);
    const std::string rule_text = it == by_handle.end() ? std::string() : it->second;
    EntryMatch m = MatchNftRule(rule, rule_text, spec.family);
    if (!m.is_reject || (!m.catch_all && !spec.any_match)) continue;
    LiveRule r;
    r.family = spec.family;
    r.backend = "nft";
    r.chain = chain;
    r.position = handle;
    r.catch_all = m.catch_all;
    r.text = rule_text;
    for (const auto& e : rule.value("expr", nlohmann::json::array())) {
      if (e.contains("counter") && e["counter"].is_object()) {
        r.packets = e["counter"].value("packets", uint64_t{0});
        r.bytes = e["counter"].value("bytes", uint64_t{0});
      }
    }
    found.push_back(std::move(r));
  }
  return found;
}

}  // namespace

const char* NftFamily(int family) { return family == 6 ? "ip6" : "ip"; }

Result<nlohmann::json> NftListRuleset() {
  auto ctx = OpenCtx();
  if (!ctx) return ctx.error();
  return ListRuleset(ctx->get());
}

NftTableInfo InspectNftTable(const nlohmann::json& ruleset, const std::string& family,
                             const std::string& table) {
  NftTableInfo info;
  for (const auto& item : ruleset) {
    for (const char* kind : {"table", "chain", "rule"}) {
      if (!item.contains(kind)) continue;
      const auto& o = item[kind];
      if (o.value("family", "") != family) continue;
      std::string name = std::string(kind) == "table" ? o.value("name", "") : o.value("table", "");
      if (name != table) continue;
      if (std::string(kind) == "table") info.exists = true;
      if (std::string(kind) == "chain") info.chains.push_back(o.value("name", ""));
      if (std::string(kind) == "rule") ++info.rules;
    }
  }
  return info;
}

std::map<uint64_t, std::string> ParseHandleText(const std::string& text) {
  std::map<uint64_t, std::string> out;
  size_t start = 0;
  while (start < text.size()) {
    size_t nl = text.find('\n', start);
    std::string line = text.substr(start, nl == std::string::npos ? std::string::npos : nl - start);
    start = nl == std::string::npos ? text.size() : nl + 1;
    auto pos = line.rfind(" # handle ");
    if (pos == std::string::npos) continue;
    std::string body = Trim(line.substr(0, pos));
    // Table, chain and set headers also carry handles; rules do not open a block.
    if (body.empty() || body.back() == '{') continue;
    try {
      out[std::stoull(line.substr(pos + 10))] = body;
    } catch (const std::exception&) {
    }
  }
  return out;
}

EntryMatch MatchNftRule(const nlohmann::json& rule, const std::string& text, int family) {
  EntryMatch m;
  if (!rule.is_object() || !rule.contains("expr") || !rule["expr"].is_array() ||
      rule["expr"].empty())
    return m;
  const auto& expr = rule["expr"];
  const auto& target = expr.back();
  bool reject = false;
  if (target.contains("xt") && target["xt"].is_object()) {
    // iptables-nft keeps REJECT as an xt target; only the text shows its type.
    const auto& xt = target["xt"];
    const std::string suffix = RejectText(family);
    reject = xt.value("type", "") == "target" && xt.value("name", "") == "REJECT" &&
             text.size() >= suffix.size() &&
             text.compare(text.size() - suffix.size(), suffix.size(), suffix) == 0;
  } else if (target.contains("reject") && target["reject"].is_object()) {
    const auto& r = target["reject"];
    reject = family == 6
                 ? (r.value("type", "") == "icmpv6" && r.value("expr", "") == "admin-prohibited")
                 : (r.value("type", "") == "icmp" && r.value("expr", "") == "host-prohibited");
  }
  if (!reject) return m;
  m.is_reject = true;
  m.catch_all = true;
  for (size_t i = 0; i + 1 < expr.size(); ++i) {
    if (!expr[i].is_object() || !expr[i].contains("counter")) m.catch_all = false;
  }
  return m;
}

Result<std::vector<LiveRule>> NftFind(const RejectRuleSpec& spec) {
  auto ctx = OpenCtx();
  if (!ctx) return ctx.error();
  return FindWith(ctx->get(), spec);
}

Result<LiveOutcome> NftRemove(const RejectRuleSpec& spec, bool dry_run) {
  constexpr int kMaxAttempts = 10;
  LiveOutcome out;
  auto ctx = OpenCtx();
  if (!ctx) return ctx.error();
  Error last;
  for (int attempt = 1; attempt <= kMaxAttempts; ++attempt) {
    auto found = FindWith(ctx->get(), spec);
    if (!found) return found.error();
    out.rules = std::move(*found);
    if (out.rules.empty() || dry_run) return out;
    out.attempts = attempt;
    // One buffer is one netlink batch: the kernel applies all deletes or none.
    std::string batch;
    for (const auto& r : out.rules) {
      batch += std::string("delete rule ") + NftFamily(spec.family) + " filter " + r.chain +
               " handle " + std::to_string(r.position) + "\n";
    }
    auto done = Run(ctx->get(), batch, 0);
    if (done) {
      out.removed = true;
      return out;
    }
    // A rule deleted or a chain flushed by someone else between list and delete makes
    // the whole batch fail (ENOENT); list again.
    last = done.error();
  }
  return last.Wrap("failed to delete the REJECT rules after " + std::to_string(kMaxAttempts) +
                   " attempts");
}

}  // namespace knetctl::iptables
