// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstring>
#include <string>
#include <utility>
#include <variant>

namespace knetctl {

/// Error codes reuse the CNI specification's numbers so the plugin can pass them on.
enum class ErrorCode : int {
  kGeneric = 0,                // not a CNI code; rendered as 999 by the plugin
  kIncompatibleVersion = 1,
  kUnsupportedField = 2,
  kUnknownContainer = 3,
  kInvalidEnv = 4,
  kIoFailure = 5,
  kDecodeFailure = 6,
  kInvalidConfig = 7,
  kTryAgainLater = 11,
  kPluginNotAvailable = 50,
  kLimitedConnectivity = 51,
  kNotFound = 100,             // plugin-specific range starts at 100
  kExists = 101,
  kPermission = 102,
  kCheckFailed = 103,
};

/// A failure: what was attempted, on what, and why.
struct Error {
  ErrorCode code = ErrorCode::kGeneric;
  std::string msg;
  std::string details;

  /// Prefixes the message with context: Wrap("failed to open x") -> "failed to open x: <msg>".
  Error Wrap(const std::string& context) const& {
    Error e = *this;
    e.msg = context + ": " + msg;
    return e;
  }
  Error Wrap(const std::string& context) && {
    msg = context + ": " + msg;
    return std::move(*this);
  }
};

/// Builds an Error.
inline Error MakeError(ErrorCode code, std::string msg, std::string details = {}) {
  return Error{code, std::move(msg), std::move(details)};
}

/// Builds an Error from errno: "<what>: <strerror(err)>".
inline Error ErrnoError(const std::string& what, int err, ErrorCode code = ErrorCode::kIoFailure) {
  return Error{code, what + ": " + std::strerror(err), {}};
}

/// A value or an Error.
template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : v_(std::in_place_index<0>, std::move(value)) {}  // NOLINT implicit
  Result(Error error) : v_(std::in_place_index<1>, std::move(error)) {}  // NOLINT implicit

  bool ok() const { return v_.index() == 0; }
  explicit operator bool() const { return ok(); }

  T& value() & { return std::get<0>(v_); }
  const T& value() const& { return std::get<0>(v_); }
  T&& value() && { return std::get<0>(std::move(v_)); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }

  const Error& error() const& { return std::get<1>(v_); }
  Error&& error() && { return std::get<1>(std::move(v_)); }

 private:
  std::variant<T, Error> v_;
};

/// Success or an Error.
template <>
class [[nodiscard]] Result<void> {
 public:
  Result() = default;
  Result(Error error) : err_(std::move(error)), ok_(false) {}  // NOLINT implicit

  bool ok() const { return ok_; }
  explicit operator bool() const { return ok_; }
  const Error& error() const& { return err_; }
  Error&& error() && { return std::move(err_); }

 private:
  Error err_;
  bool ok_ = true;
};

using Status = Result<void>;

/// Returns early from the enclosing function when `expr` (a Result) holds an error.
#define KNETCTL_TRY(expr)                       \
  do {                                          \
    auto&& knetctl_try_r_ = (expr);             \
    if (!knetctl_try_r_.ok())                   \
      return std::move(knetctl_try_r_).error(); \
  } while (0)

}  // namespace knetctl
