// Errors as values. The core never throws, so the wasm build can run without exception
// support (DESIGN.md, house style); every parser of outside input returns one of these.
#pragma once

#include <string>
#include <utility>
#include <variant>

namespace tcpviz {

// What went wrong, in words a user can act on: name the field, the offset, the limit.
struct Error {
  std::string message;
};

template <class T>
class [[nodiscard]] Result {
 public:
  Result(T value) : value_or_error_(std::move(value)) {}      // NOLINT(google-explicit-constructor)
  Result(Error error) : value_or_error_(std::move(error)) {}  // NOLINT(google-explicit-constructor)

  bool ok() const { return value_or_error_.index() == 0; }
  explicit operator bool() const { return ok(); }

  T& value() & { return std::get<0>(value_or_error_); }
  const T& value() const& { return std::get<0>(value_or_error_); }
  T&& value() && { return std::get<0>(std::move(value_or_error_)); }
  const Error& error() const { return std::get<1>(value_or_error_); }

  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }

 private:
  std::variant<T, Error> value_or_error_;
};

}  // namespace tcpviz
