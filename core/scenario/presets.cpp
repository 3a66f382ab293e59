// The registry of built-in lessons (presets.hpp). The lessons themselves are in
// preset_handshake.hpp, preset_close.hpp and preset_special.hpp, grouped as the lecture
// material groups its questions: opening, closing, TIME-WAIT and resets.
#include "core/scenario/presets.hpp"

#include <array>

#include "core/scenario/preset_close.hpp"
#include "core/scenario/preset_handshake.hpp"
#include "core/scenario/preset_special.hpp"

namespace tcpviz::scenario {
namespace {

using namespace lessons;

constexpr std::array kPresets{
    kNormal,
    kSynLost,
    kSynLostGiveUp,
    kSynAckLost,
    kHandshakeAckLost,
    kHandshakeAckLostClientSends,
    kHandshakeAckLostServerSends,
    kOldDuplicateSyn,
    kRefused,
    kSimultaneousOpen,
    kFinLost,
    kFinAckLost,
    kServerFinLost,
    kLastAckLost,
    kSimultaneousClose,
    kThreeWayClose,
    kHalfClose,
    kServerClosesFirst,
    kShortTimeWait,
    kRstInEstablished,
    kSynInEstablished,
};

}  // namespace

std::span<const Preset> presets() { return kPresets; }

const Preset* find_preset(std::string_view id) {
  for (const Preset& p : kPresets) {
    if (p.id == id) return &p;
  }
  return nullptr;
}

}  // namespace tcpviz::scenario
