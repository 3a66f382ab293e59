#include "ui/model/connection_list.hpp"

#include <algorithm>
#include <nlohmann/json.hpp>

namespace tcpviz::ui {

std::string_view status_name(ConnectionStatus s) {
  switch (s) {
    case ConnectionStatus::New: return "new";
    case ConnectionStatus::Active: return "active";
    case ConnectionStatus::Closing: return "closing";
    case ConnectionStatus::Closed: return "closed";
    case ConnectionStatus::Reset: return "reset";
    case ConnectionStatus::HandshakeIncomplete: return "handshake incomplete";
  }
  return "new";
}

std::string_view column_name(ConnectionColumn c) {
  switch (c) {
    case ConnectionColumn::Id: return "#";
    case ConnectionColumn::Tuple: return "Connection";
    case ConnectionColumn::Status: return "Status";
    case ConnectionColumn::Segments: return "Segments";
    case ConnectionColumn::BytesToServer: return "Bytes ->";
    case ConnectionColumn::BytesToClient: return "Bytes <-";
    case ConnectionColumn::Retransmissions: return "Retrans.";
    case ConnectionColumn::Ended: return "Ended by";
    case ConnectionColumn::Start: return "Start (ms)";
    case ConnectionColumn::Duration: return "Duration (ms)";
  }
  return "#";
}

std::string ConnectionEntry::tuple_text() const { return client + " -> " + server; }

ConnectionEntry entry_from_summary(const pcap::ConnectionSummary& s, bool saw_syn, bool fin_seen) {
  ConnectionEntry e;
  e.id = s.index;
  e.client = pcap::to_string(s.client);
  e.server = pcap::to_string(s.server);
  e.segments = s.packet_count;
  e.bytes = s.data_bytes;
  e.retransmissions = s.retransmissions;
  e.ended = s.close;
  e.start = s.start;
  e.duration = s.duration;
  // An RST decides first: a refused SYN (SYN, RST|ACK) never completed its handshake, but
  // what a reader wants to know is that it was reset (RFC 9293 3.10.7.1: an RST answers a
  // SYN to a closed port).
  if (s.close == pcap::CloseKind::Reset) {
    e.status = ConnectionStatus::Reset;
  } else if (s.close != pcap::CloseKind::StillOpen) {
    e.status = ConnectionStatus::Closed;
  } else if (fin_seen) {
    e.status = ConnectionStatus::Closing;
  } else if (s.handshake_complete || !saw_syn) {
    e.status = ConnectionStatus::Active;
  } else {
    e.status = ConnectionStatus::HandshakeIncomplete;
  }
  return e;
}

ConnectionList ConnectionList::from_capture(const pcap::Capture& capture, const pcap::Conversations& conversations) {
  ConnectionList list;
  list.rows_.reserve(conversations.list.size());
  for (std::uint32_t i = 0; i < conversations.list.size(); ++i) {
    const pcap::Conversation& c = conversations.list[i];
    const bool fin_seen = std::any_of(c.packets.begin(), c.packets.end(),
                                      [](const pcap::ConversationPacket& p) { return p.decoded.tcp.flags.fin(); });
    list.rows_.push_back(entry_from_summary(pcap::summarize_conversation(capture, c, i), c.saw_syn, fin_seen));
  }
  return list;
}

namespace {

// -1, 0, 1 as a column compares two rows; ties are settled by id in before().
int compare(ConnectionColumn column, const ConnectionEntry& a, const ConnectionEntry& b) {
  auto cmp = [](const auto& x, const auto& y) { return x < y ? -1 : (y < x ? 1 : 0); };
  switch (column) {
    case ConnectionColumn::Id: return cmp(a.id, b.id);
    case ConnectionColumn::Tuple: {
      const int c = cmp(a.client, b.client);
      return c != 0 ? c : cmp(a.server, b.server);
    }
    case ConnectionColumn::Status: return cmp(status_name(a.status), status_name(b.status));
    case ConnectionColumn::Segments: return cmp(a.segments, b.segments);
    case ConnectionColumn::BytesToServer: return cmp(a.bytes[0], b.bytes[0]);
    case ConnectionColumn::BytesToClient: return cmp(a.bytes[1], b.bytes[1]);
    case ConnectionColumn::Retransmissions: return cmp(a.retransmissions, b.retransmissions);
    case ConnectionColumn::Ended: return cmp(pcap::close_kind_name(a.ended), pcap::close_kind_name(b.ended));
    case ConnectionColumn::Start: return cmp(a.start, b.start);
    case ConnectionColumn::Duration: return cmp(a.duration, b.duration);
  }
  return 0;
}

}  // namespace

bool ConnectionList::before(const ConnectionEntry& a, const ConnectionEntry& b) const {
  const int c = compare(sort_column_, a, b);
  if (c != 0) return ascending_ ? c < 0 : c > 0;
  return a.id < b.id;  // the same order in both directions for equal keys: rows do not jump
}

void ConnectionList::sort_by(ConnectionColumn column, bool ascending) {
  sort_column_ = column;
  ascending_ = ascending;
  std::stable_sort(rows_.begin(), rows_.end(),
                   [this](const ConnectionEntry& a, const ConnectionEntry& b) { return before(a, b); });
}

std::size_t ConnectionList::update(const ConnectionEntry& e) {
  if (const auto row = row_of(e.id)) rows_.erase(rows_.begin() + static_cast<std::ptrdiff_t>(*row));
  // Rows are kept sorted, so the new place is found by binary search.
  const auto at = std::upper_bound(rows_.begin(), rows_.end(), e,
                                   [this](const ConnectionEntry& a, const ConnectionEntry& b) { return before(a, b); });
  const auto row = static_cast<std::size_t>(at - rows_.begin());
  rows_.insert(at, e);
  return row;
}

void ConnectionList::clear() {
  rows_.clear();
  selected_.reset();
}

void ConnectionList::select(std::optional<std::uint32_t> id) {
  selected_ = id && find(*id) != nullptr ? id : std::nullopt;
}

std::optional<std::size_t> ConnectionList::selected_row() const {
  if (!selected_) return std::nullopt;
  return row_of(*selected_);
}

const ConnectionEntry* ConnectionList::find(std::uint32_t id) const {
  const auto row = row_of(id);
  return row ? &rows_[*row] : nullptr;
}

std::optional<std::size_t> ConnectionList::row_of(std::uint32_t id) const {
  // Linear: the panel asks once per frame for the selection, and a row lookup by id in a
  // list sorted by another column has no better index. 100k rows take well under 1 ms.
  for (std::size_t i = 0; i < rows_.size(); ++i) {
    if (rows_[i].id == id) return i;
  }
  return std::nullopt;
}

std::string ConnectionList::to_json() const {
  nlohmann::ordered_json rows = nlohmann::ordered_json::array();
  for (const ConnectionEntry& e : rows_) {
    nlohmann::ordered_json j;
    j["id"] = e.id;
    j["client"] = e.client;
    j["server"] = e.server;
    j["status"] = std::string(status_name(e.status));
    j["segments"] = e.segments;
    j["bytes"] = {{"to_server", e.bytes[0]}, {"to_client", e.bytes[1]}};
    j["retransmissions"] = e.retransmissions;
    j["ended"] = std::string(pcap::close_kind_name(e.ended));
    j["start_ms"] = to_ms(e.start);
    j["duration_ms"] = to_ms(e.duration);
    j["selected"] = selected_ == e.id;
    rows.push_back(std::move(j));
  }
  return rows.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace tcpviz::ui
