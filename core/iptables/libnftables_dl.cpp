// SPDX-License-Identifier: Apache-2.0
// libnftables, loaded when first used rather than when knetctl starts.
//
// The same binary is the CNI plugin (knetctl-cni), exec'd on every pod start and stop.
// Linking libnftables would make every exec map and relocate it and its dependencies
// (libnftnl, libmnl, libxtables, libjansson, libgmp): several milliseconds and a few
// hundred KiB of RSS for a path that never touches nftables. So knetctl defines the
// libnftables entry points it uses here, with the library's own signatures, and
// forwards each to the real function, dlopen(3)ed on the first call. Only `fw` and
// `doctor` on nf_tables hosts ever get here.
#include <dlfcn.h>
#include <nftables/libnftables.h>

#include <mutex>

namespace {

void* Sym(const char* name) {
  static void* handle = nullptr;
  static std::once_flag once;
  std::call_once(once, [] {
    handle = ::dlopen("libnftables.so.1", RTLD_NOW | RTLD_LOCAL);
    if (handle == nullptr) handle = ::dlopen("libnftables.so", RTLD_NOW | RTLD_LOCAL);
  });
  return handle == nullptr ? nullptr : ::dlsym(handle, name);
}

template <typename Fn>
Fn Get(const char* name) {
  return reinterpret_cast<Fn>(Sym(name));
}

}  // namespace

extern "C" {

// A missing library makes nft_ctx_new return NULL, which callers already report as
// "failed to open an nftables context"; no other entry point is reached without a ctx.
struct nft_ctx* nft_ctx_new(uint32_t flags) {
  static auto fn = Get<struct nft_ctx* (*)(uint32_t)>("nft_ctx_new");
  return fn ? fn(flags) : nullptr;
}

void nft_ctx_free(struct nft_ctx* ctx) {
  static auto fn = Get<void (*)(struct nft_ctx*)>("nft_ctx_free");
  if (fn) fn(ctx);
}

void nft_ctx_output_set_flags(struct nft_ctx* ctx, unsigned int flags) {
  static auto fn = Get<void (*)(struct nft_ctx*, unsigned int)>("nft_ctx_output_set_flags");
  if (fn) fn(ctx, flags);
}

int nft_ctx_buffer_output(struct nft_ctx* ctx) {
  static auto fn = Get<int (*)(struct nft_ctx*)>("nft_ctx_buffer_output");
  return fn ? fn(ctx) : -1;
}

int nft_ctx_unbuffer_output(struct nft_ctx* ctx) {
  static auto fn = Get<int (*)(struct nft_ctx*)>("nft_ctx_unbuffer_output");
  return fn ? fn(ctx) : -1;
}

const char* nft_ctx_get_output_buffer(struct nft_ctx* ctx) {
  static auto fn = Get<const char* (*)(struct nft_ctx*)>("nft_ctx_get_output_buffer");
  return fn ? fn(ctx) : "";
}

int nft_ctx_buffer_error(struct nft_ctx* ctx) {
  static auto fn = Get<int (*)(struct nft_ctx*)>("nft_ctx_buffer_error");
  return fn ? fn(ctx) : -1;
}

int nft_ctx_unbuffer_error(struct nft_ctx* ctx) {
  static auto fn = Get<int (*)(struct nft_ctx*)>("nft_ctx_unbuffer_error");
  return fn ? fn(ctx) : -1;
}

const char* nft_ctx_get_error_buffer(struct nft_ctx* ctx) {
  static auto fn = Get<const char* (*)(struct nft_ctx*)>("nft_ctx_get_error_buffer");
  return fn ? fn(ctx) : "libnftables is not installed";
}

int nft_run_cmd_from_buffer(struct nft_ctx* nft, const char* buf) {
  static auto fn = Get<int (*)(struct nft_ctx*, const char*)>("nft_run_cmd_from_buffer");
  return fn ? fn(nft, buf) : -1;
}

}  // extern "C"
