// The list of TCP connections a capture holds, or a live session has seen (DESIGN.md, ui/:
// the model behind the connections panel, no ImGui). One row per connection incarnation,
// with what a person scanning a capture asks first: who talked to whom, did the handshake
// finish, how much went each way, were there retransmissions, how did it end.
//
// Two ways to fill it: from a capture's conversations at once (from_capture), or entry by
// entry as live mode sees segments (update). Rows stay in the order of the last sort_by;
// an update keeps that order. The selection is a connection id, so it survives re-sorting
// and updates.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/pcap/capture.hpp"
#include "core/pcap/conversations.hpp"
#include "core/util/time.hpp"

namespace tcpviz::ui {

// Where a connection stands (at the end of the capture, or now in live mode).
enum class ConnectionStatus : std::uint8_t {
  New,                  // live: a SYN seen, the handshake still going on
  Active,               // established (or already open when the capture began), not closed
  Closing,              // a FIN from one side only so far (a half-close, RFC 9293 3.6)
  Closed,               // FINs both ways (RFC 9293 3.6)
  Reset,                // ended or refused by an RST (RFC 9293 3.10.7)
  HandshakeIncomplete,  // a capture ended with the SYN unanswered or never acknowledged
};
// "new", "active", "closing", "closed", "reset", "handshake incomplete"
std::string_view status_name(ConnectionStatus s);

struct ConnectionEntry {
  std::uint32_t id = 0;           // the capture's connection number (pcap::summarize) or live's
  std::string client;             // "192.0.2.1:40000", "[2001:db8::1]:40000"
  std::string server;
  ConnectionStatus status = ConnectionStatus::New;
  std::uint32_t segments = 0;     // both directions, retransmissions included
  std::array<std::uint64_t, 2> bytes{};  // new payload bytes [client to server, server to client]
  std::uint32_t retransmissions = 0;
  pcap::CloseKind ended = pcap::CloseKind::StillOpen;
  Time start{};                   // first segment, from the start of the capture
  Duration duration{};            // first to last segment

  std::string tuple_text() const;  // "192.0.2.1:40000 -> 198.51.100.2:80"
  bool operator==(const ConnectionEntry&) const = default;
};

// The table's columns, in the order the panel shows them.
enum class ConnectionColumn : std::uint8_t {
  Id,
  Tuple,
  Status,
  Segments,
  BytesToServer,
  BytesToClient,
  Retransmissions,
  Ended,
  Start,
  Duration,
};
inline constexpr std::size_t kConnectionColumnCount = 10;
std::string_view column_name(ConnectionColumn c);  // "#", "Connection", "Status", ...

// A capture's connection as a row. `saw_syn`: whether the client's SYN was captured (a
// connection caught in the middle is Active, not HandshakeIncomplete); `fin_seen`: whether
// either side sent a FIN (with the close still open, that is a half-close: Closing).
ConnectionEntry entry_from_summary(const pcap::ConnectionSummary& s, bool saw_syn, bool fin_seen = false);

class ConnectionList {
 public:
  ConnectionList() = default;
  // Every connection in the capture, in the order their first segments were captured.
  static ConnectionList from_capture(const pcap::Capture& capture, const pcap::Conversations& conversations);

  // Adds the entry, or replaces the one with the same id; the row keeps the current sort
  // order (live mode calls this as segments arrive). Returns the entry's row.
  std::size_t update(const ConnectionEntry& e);
  void clear();

  // Stable sort by one column; ties keep id order. Rows are in capture order (by id) until
  // the first sort.
  void sort_by(ConnectionColumn column, bool ascending = true);
  ConnectionColumn sort_column() const { return sort_column_; }
  bool sort_ascending() const { return ascending_; }

  // Selecting an id that is not in the list clears the selection.
  void select(std::optional<std::uint32_t> id);
  std::optional<std::uint32_t> selected() const { return selected_; }
  std::optional<std::size_t> selected_row() const;

  std::span<const ConnectionEntry> rows() const { return rows_; }
  std::size_t size() const { return rows_.size(); }
  bool empty() const { return rows_.empty(); }
  const ConnectionEntry* find(std::uint32_t id) const;
  std::optional<std::size_t> row_of(std::uint32_t id) const;

  // The rows as JSON (window.tcpviz.connections() in the page): an array of
  // { id, client, server, status, segments, bytes: {to_server, to_client}, retransmissions,
  //   ended, start_ms, duration_ms, selected }.
  std::string to_json() const;

 private:
  // Whether row a goes before row b under the current sort.
  bool before(const ConnectionEntry& a, const ConnectionEntry& b) const;

  std::vector<ConnectionEntry> rows_;
  ConnectionColumn sort_column_ = ConnectionColumn::Id;
  bool ascending_ = true;
  std::optional<std::uint32_t> selected_;
};

}  // namespace tcpviz::ui
